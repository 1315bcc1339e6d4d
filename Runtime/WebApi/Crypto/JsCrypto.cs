using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>The <c>Crypto</c> instance of a global scope, <c>self.crypto</c> (https://w3c.github.io/webcrypto/#crypto-interface).</summary>
internal sealed class JsCrypto : ObjectInstance
{
    /// <summary>Creates the instance; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsCrypto(Engine engine, JsSubtleCrypto subtle) : base(engine)
    {
        Subtle = subtle;
    }

    /// <summary>The object <c>crypto.subtle</c> always returns (it is [SameObject]).</summary>
    public JsSubtleCrypto Subtle { get; }
}
