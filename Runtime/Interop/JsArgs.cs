using Jint;
using Jint.Native;

namespace Workers.Runtime.Interop;

/// <summary>Helpers for reading host-function arguments (Jint's <c>Arguments.At</c> reads one).</summary>
internal static class JsArgs
{
    /// <summary>
    /// Throws the TypeError Web IDL and workerd throw when fewer than <paramref name="count"/>
    /// arguments were passed to <paramref name="operation"/> (empty for a constructor) of <paramref name="type"/>.
    /// </summary>
    public static void Require(this JsValue[] args, Engine engine, int count, string operation, string type)
    {
        if (args.Length < count)
        {
            throw JsErrors.Failed(engine, operation, type, $"{count} argument{(count == 1 ? "" : "s")} required, but only {args.Length} present.");
        }
    }

    /// <summary>Whether the argument at <paramref name="index"/> is absent or <c>undefined</c>.</summary>
    public static bool IsMissing(this JsValue[] args, int index)
        => index >= args.Length || args[index].IsUndefined();
}
