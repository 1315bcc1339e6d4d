using System.Security.Cryptography;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>The members of <c>SubtleCrypto.prototype</c> (https://w3c.github.io/webcrypto/#subtlecrypto-interface).</summary>
/// <remarks>
/// Every operation except <c>timingSafeEqual</c> returns a promise: after the brand check, which
/// throws as in workerd, each argument error becomes a rejection (https://webidl.spec.whatwg.org/#es-operations).
/// The work is done at once, on the isolate's thread, and the promise is already settled when
/// the script gets it. This file holds the members shared by every operation, <c>digest</c> and
/// <c>timingSafeEqual</c>; HMAC keys and the operations not implemented yet are in their own parts.
/// </remarks>
internal sealed partial class SubtleCryptoPrototype
{
    private const string Interface = "SubtleCrypto";
    private readonly CryptoRealm _realm;
    private readonly Engine _engine;

    private SubtleCryptoPrototype(CryptoRealm realm)
    {
        _realm = realm;
        _engine = realm.Engine;
    }

    /// <summary>Defines the members on <paramref name="prototype"/>, with the IDL's lengths.</summary>
    public static void Install(CryptoRealm realm, ObjectInstance prototype)
    {
        var members = new SubtleCryptoPrototype(realm);
        prototype.Method("encrypt", 3, members.Encrypt);
        prototype.Method("decrypt", 3, members.Decrypt);
        prototype.Method("sign", 3, members.Sign);
        prototype.Method("verify", 4, members.Verify);
        prototype.Method("digest", 2, members.Digest);
        prototype.Method("generateKey", 3, members.GenerateKey);
        prototype.Method("deriveKey", 5, members.DeriveKey);
        prototype.Method("deriveBits", 2, members.DeriveBits);
        prototype.Method("importKey", 5, members.ImportKey);
        prototype.Method("exportKey", 2, members.ExportKey);
        prototype.Method("wrapKey", 4, members.WrapKey);
        prototype.Method("unwrapKey", 7, members.UnwrapKey);
        prototype.Method("timingSafeEqual", 2, members.TimingSafeEqual);
    }

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-digest</summary>
    /// <remarks>Accepts "MD5" besides the SHA family, as workerd does; the rejection for other names is workerd's.</remarks>
    private JsValue Digest(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsSubtleCrypto>(_engine, thisObject);
        return _realm.Settle(() =>
        {
            var name = ReadAlgorithm(arguments.At(0), "digest", 1, "HashAlgorithm").Name;
            var data = ReadBytes(arguments.At(1), "digest", 2);
            var algorithm = ParseDigest(name);
            return _realm.CreateArrayBuffer(Digests.Hash(algorithm, data));
        });
    }

    /// <summary>
    /// <c>crypto.subtle.timingSafeEqual(a, b)</c>, a workerd extension
    /// (https://developers.cloudflare.com/workers/runtime-apis/web-crypto/#timingsafeequal): whether
    /// two buffer sources hold the same bytes, compared in time that depends only on their length.
    /// </summary>
    /// <remarks>Synchronous, and a TypeError for buffers of different lengths, as in workerd.</remarks>
    private JsValue TimingSafeEqual(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsSubtleCrypto>(_engine, thisObject);
        if (!_realm.Buffers.TryGetBytes(arguments.At(0), out var a))
        {
            throw _realm.Fail("timingSafeEqual", Interface, "parameter 1 is not of type 'BufferSource'.");
        }

        if (!_realm.Buffers.TryGetBytes(arguments.At(1), out var b))
        {
            throw _realm.Fail("timingSafeEqual", Interface, "parameter 2 is not of type 'BufferSource'.");
        }

        if (a.Count != b.Count)
        {
            throw JsErrors.TypeError(_engine, "Input buffers must have the same byte length.");
        }

        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>
    /// Converts an <c>AlgorithmIdentifier</c> (https://w3c.github.io/webcrypto/#dfn-AlgorithmIdentifier)
    /// and reads its name, the first steps of "normalize an algorithm"
    /// (https://w3c.github.io/webcrypto/#algorithm-normalization-normalize-an-algorithm): a string is
    /// the name; an object must have a <c>name</c>, and is returned for the caller to read the
    /// other members of its dictionary type.
    /// </summary>
    /// <remarks>
    /// undefined and null are rejected with workerd's message rather than converted to the
    /// strings "undefined" and "null". An object without a name is the spec's TypeError (workerd
    /// reports NotSupportedError).
    /// </remarks>
    private (string Name, ObjectInstance? Parameters) ReadAlgorithm(JsValue value, string operation, int parameter, string dictionary)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            throw _realm.Fail(operation, Interface, $"parameter {parameter} is not of type 'string or {dictionary}'.");
        }

        if (value is ObjectInstance parameters)
        {
            var name = parameters.Get("name");
            if (name.IsUndefined())
            {
                throw JsErrors.TypeError(_engine, "Missing field \"name\" in \"algorithm\".");
            }

            return (ToDomString(name), parameters);
        }

        return (ToDomString(value), null);
    }

    /// <summary>
    /// Normalizes a hash algorithm name (the "digest" operation of https://w3c.github.io/webcrypto/#algorithm-normalization-internal);
    /// an unknown name is a NotSupportedError with workerd's message.
    /// </summary>
    private DigestAlgorithm ParseDigest(string name)
        => Digests.TryParse(name, out var algorithm)
            ? algorithm
            : throw _realm.DomError("NotSupportedError", "Unrecognized or unimplemented digest algorithm requested.");

    /// <summary>
    /// A copy of the bytes of a <c>BufferSource</c> argument, as the operations take one before
    /// they start (https://w3c.github.io/webcrypto/#SubtleCrypto-method-digest, step 2).
    /// </summary>
    private byte[] ReadBytes(JsValue value, string operation, int parameter)
        => _realm.Buffers.TryGetBytes(value, out var bytes)
            ? bytes.ToArray()
            : throw _realm.Fail(operation, Interface, $"parameter {parameter} is not of type 'BufferSource'.");

    /// <summary>A <c>CryptoKey</c> argument, or the TypeError its IDL conversion throws.</summary>
    private JsCryptoKey ReadKey(JsValue value, string operation, int parameter)
        => value as JsCryptoKey ?? throw _realm.Fail(operation, Interface, $"parameter {parameter} is not of type 'CryptoKey'.");

    /// <summary>
    /// A <c>KeyFormat</c> argument (https://w3c.github.io/webcrypto/#dfn-KeyFormat), as a string:
    /// like workerd, an unknown format is reported later as a NotSupportedError, not as the
    /// TypeError of an IDL enum.
    /// </summary>
    private string ReadFormat(JsValue value, string operation)
        => value.IsUndefined()
            ? throw _realm.Fail(operation, Interface, "parameter 1 is not of type 'string'.")
            : ToDomString(value);

    /// <summary>
    /// A <c>sequence&lt;KeyUsage&gt;</c> argument read with the iterator protocol
    /// (https://webidl.spec.whatwg.org/#js-sequence); each entry is converted to a string and
    /// checked by the algorithm.
    /// </summary>
    private List<string> ReadUsages(JsValue value, string operation, int parameter)
    {
        if (value is not ObjectInstance iterable || WebIdl.GetIteratorMethod(_engine, iterable) is not { } method || method.IsUndefined())
        {
            throw _realm.Fail(operation, Interface, $"parameter {parameter} is not of type 'Array'.");
        }

        return [.. WebIdl.IterateToList(_engine, iterable, method).Select(ToDomString)];
    }

    /// <summary>
    /// https://webidl.spec.whatwg.org/#es-DOMString: a Symbol is a TypeError, raised here as a
    /// script error so that the operation's promise rejects with it.
    /// </summary>
    private string ToDomString(JsValue value)
    {
        var primitive = value is ObjectInstance ? TypeConverter.ToPrimitive(value, Types.String) : value;
        return primitive.IsSymbol()
            ? throw JsErrors.TypeError(_engine, "Cannot convert a Symbol value to a string")
            : TypeConverter.ToString(primitive);
    }

    /// <summary>
    /// The ECMAScript ToNumber a Web IDL integer conversion starts with
    /// (https://webidl.spec.whatwg.org/#abstract-opdef-converttoint): a Symbol or a BigInt is a
    /// TypeError, raised here as a script error so that the operation's promise rejects with it.
    /// </summary>
    private double ToNumber(JsValue value)
    {
        var primitive = value is ObjectInstance ? TypeConverter.ToPrimitive(value, Types.Number) : value;
        return primitive.IsSymbol() || primitive.IsBigInt()
            ? throw JsErrors.TypeError(_engine, "Cannot convert the value to a number.")
            : TypeConverter.ToNumber(primitive);
    }
}
