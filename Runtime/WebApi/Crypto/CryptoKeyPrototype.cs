using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>The members of <c>CryptoKey.prototype</c> (https://w3c.github.io/webcrypto/#cryptokey-interface-members).</summary>
/// <remarks>
/// As in the spec and browsers, the four attributes are getters on the prototype; workerd
/// instead gives each key own data properties, so <c>Object.keys(key)</c> and
/// <c>JSON.stringify(key)</c> list them there and are empty here.
/// </remarks>
internal sealed class CryptoKeyPrototype
{
    private readonly Engine _engine;

    private CryptoKeyPrototype(Engine engine)
    {
        _engine = engine;
    }

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(Engine engine, ObjectInstance prototype)
    {
        var members = new CryptoKeyPrototype(engine);
        prototype.Getter("type", members.GetKeyType);
        prototype.Getter("extractable", members.GetExtractable);
        prototype.Getter("algorithm", members.GetAlgorithm);
        prototype.Getter("usages", members.GetUsages);
    }

    /// <summary>https://w3c.github.io/webcrypto/#dom-cryptokey-type: HMAC keys are always "secret".</summary>
    private JsValue GetKeyType(JsValue thisObject)
    {
        Brand.Check<JsCryptoKey>(_engine, thisObject);
        return "secret";
    }

    /// <summary>https://w3c.github.io/webcrypto/#dom-cryptokey-extractable</summary>
    private JsValue GetExtractable(JsValue thisObject)
        => Brand.Check<JsCryptoKey>(_engine, thisObject).Key.Extractable;

    /// <summary>
    /// https://w3c.github.io/webcrypto/#dom-cryptokey-algorithm: the same object on every read,
    /// an <c>HmacKeyAlgorithm</c> (https://w3c.github.io/webcrypto/#HmacKeyAlgorithm-dictionary).
    /// </summary>
    private JsValue GetAlgorithm(JsValue thisObject)
    {
        var key = Brand.Check<JsCryptoKey>(_engine, thisObject);
        if (key.AlgorithmObject is null)
        {
            var hash = new JsObject(_engine);
            hash.FastSetProperty("name", Data(Digests.Name(key.Key.Hash)));
            var algorithm = new JsObject(_engine);
            algorithm.FastSetProperty("name", Data(CryptoAlgorithms.Hmac));
            algorithm.FastSetProperty("hash", Data(hash));
            algorithm.FastSetProperty("length", Data(key.Key.LengthBits));
            key.AlgorithmObject = algorithm;
        }

        return key.AlgorithmObject;
    }

    /// <summary>https://w3c.github.io/webcrypto/#dom-cryptokey-usages: the same array on every read.</summary>
    private JsValue GetUsages(JsValue thisObject)
    {
        var key = Brand.Check<JsCryptoKey>(_engine, thisObject);
        key.UsagesObject ??= new JsArray(_engine, [.. KeyUsageNames.List(key.Key.Usages).Select(name => (JsValue)name)]);
        return key.UsagesObject;
    }

    private static PropertyDescriptor Data(JsValue value) => new(value, PropertyFlag.ConfigurableEnumerableWritable);
}
