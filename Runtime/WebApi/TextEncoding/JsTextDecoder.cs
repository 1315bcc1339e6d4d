using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>A <c>TextDecoder</c> instance (https://encoding.spec.whatwg.org/#interface-textdecoder).</summary>
internal sealed class JsTextDecoder : ObjectInstance
{
    /// <summary>Creates an instance; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsTextDecoder(Engine engine, StreamingTextDecoder decoder) : base(engine) => Decoder = decoder;

    /// <summary>The decoder's encoding, options and stream state.</summary>
    public StreamingTextDecoder Decoder { get; }
}
