using Jint;
using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// The encoding classes of one isolate: the <c>TextEncoder</c> and <c>TextDecoder</c>
/// constructors and the buffer access they share, created before any script runs.
/// </summary>
internal sealed class EncodingRealm
{
    /// <summary>Creates the classes on <paramref name="engine"/>, reading buffers through <paramref name="buffers"/>.</summary>
    public EncodingRealm(Engine engine, BufferSources buffers)
    {
        Engine = engine;
        Buffers = buffers;
        TextEncoder = new TextEncoderConstructor(this);
        TextDecoder = new TextDecoderConstructor(this);
    }

    /// <summary>The isolate's engine.</summary>
    public Engine Engine { get; }

    /// <summary>Reads buffer sources.</summary>
    public BufferSources Buffers { get; }

    /// <summary>The <c>TextEncoder</c> constructor.</summary>
    public TextEncoderConstructor TextEncoder { get; }

    /// <summary>The <c>TextDecoder</c> constructor.</summary>
    public TextDecoderConstructor TextDecoder { get; }

    /// <summary>A new <c>Uint8Array</c> over <paramref name="bytes"/>, which the script then owns (no copy is made).</summary>
    public JsTypedArray CreateUint8Array(byte[] bytes)
        => Engine.Intrinsics.Uint8Array.Construct(Engine.Intrinsics.ArrayBuffer.Construct(bytes), null, null);

    /// <summary>A TypeError worded for a constructor (empty <paramref name="operation"/>) or an operation of <paramref name="type"/>.</summary>
    public Jint.Runtime.JavaScriptException Fail(string operation, string type, string reason)
        => JsErrors.Failed(Engine, operation, type, reason);
}
