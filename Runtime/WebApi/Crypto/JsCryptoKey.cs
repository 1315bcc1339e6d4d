using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>A <c>CryptoKey</c> (https://w3c.github.io/webcrypto/#cryptokey-interface), created only by <c>SubtleCrypto</c>.</summary>
internal sealed class JsCryptoKey : ObjectInstance
{
    /// <summary>Creates the key object; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsCryptoKey(Engine engine, HmacKey key) : base(engine)
    {
        Key = key;
    }

    /// <summary>The key's internal slots.</summary>
    public HmacKey Key { get; }

    /// <summary>The cached object <c>algorithm</c> returns, created on first read (https://w3c.github.io/webcrypto/#dom-cryptokey-algorithm).</summary>
    public JsValue? AlgorithmObject { get; set; }

    /// <summary>The cached array <c>usages</c> returns, created on first read (https://w3c.github.io/webcrypto/#dom-cryptokey-usages).</summary>
    public JsValue? UsagesObject { get; set; }
}
