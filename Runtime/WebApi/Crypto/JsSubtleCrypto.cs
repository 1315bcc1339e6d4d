using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The <c>SubtleCrypto</c> instance, <c>crypto.subtle</c> (https://w3c.github.io/webcrypto/#subtlecrypto-interface).
/// It has no state: keys carry their own.
/// </summary>
internal sealed class JsSubtleCrypto : ObjectInstance
{
    /// <summary>Creates the instance; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsSubtleCrypto(Engine engine) : base(engine)
    {
    }
}
