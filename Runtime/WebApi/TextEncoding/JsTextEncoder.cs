using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// A <c>TextEncoder</c> instance (https://encoding.spec.whatwg.org/#interface-textencoder). It
/// has no state: its encoder is always UTF-8.
/// </summary>
internal sealed class JsTextEncoder : ObjectInstance
{
    /// <summary>Creates an instance; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsTextEncoder(Engine engine) : base(engine)
    {
    }
}
