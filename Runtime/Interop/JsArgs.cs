using Jint;
using Jint.Native;

namespace Workers.Runtime.Interop;

/// <summary>Helpers for reading host-function arguments (Jint's <c>Arguments.At</c> reads one).</summary>
internal static class JsArgs
{
    /// <summary>Whether the argument at <paramref name="index"/> is absent or <c>undefined</c>.</summary>
    public static bool IsMissing(this JsValue[] args, int index)
        => index >= args.Length || args[index].IsUndefined();
}
