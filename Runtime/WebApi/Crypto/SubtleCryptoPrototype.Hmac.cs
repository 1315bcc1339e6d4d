using System.Security.Cryptography;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>The key operations of <c>SubtleCrypto</c>, which this runtime implements for HMAC keys (https://w3c.github.io/webcrypto/#hmac).</summary>
internal sealed partial class SubtleCryptoPrototype
{
    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-importKey, for the "raw" format and HMAC.</summary>
    /// <remarks>
    /// The arguments are converted first, in order, then the algorithm is normalized and the
    /// HMAC import steps run (https://w3c.github.io/webcrypto/#hmac-operations-import-key).
    /// Usages the key cannot have are a SyntaxError, unknown strings included (workerd does the
    /// same; the spec's IDL enum would make those a TypeError). Usages are reported once each,
    /// in the spec's order.
    /// </remarks>
    private JsValue ImportKey(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsSubtleCrypto>(_engine, thisObject);
        return _realm.Settle(() =>
        {
            const string Operation = "importKey";
            var format = ReadFormat(arguments.At(0), Operation);
            var keyData = arguments.At(1);
            if (!BufferSources.IsBufferSource(keyData) && keyData is not ObjectInstance)
            {
                throw _realm.Fail(Operation, Interface, "parameter 2 is not of type 'BufferSource or JsonWebKey'.");
            }

            var (name, parameters) = ReadAlgorithm(arguments.At(2), Operation, 3, "ImportKeyAlgorithm");
            var extractable = TypeConverter.ToBoolean(arguments.At(3));
            var usageNames = ReadUsages(arguments.At(4), Operation, 5);

            var isBufferFormat = format is "raw" or "spki" or "pkcs8";
            if (!isBufferFormat && format != "jwk")
            {
                throw _realm.DomError("NotSupportedError", $"Unrecognized key import format \"{format}\".");
            }

            if (isBufferFormat && !BufferSources.IsBufferSource(keyData))
            {
                throw JsErrors.TypeError(_engine, "Import data provided for buffer-based import formats must be a buffer source.");
            }

            var algorithm = CryptoAlgorithms.Recognize(name, CryptoOperation.ImportKey)
                ?? throw _realm.DomError("NotSupportedError", $"Unrecognized key import algorithm \"{name}\" requested.");
            if (algorithm != CryptoAlgorithms.Hmac)
            {
                throw NotImplemented(Operation, algorithm);
            }

            var hash = ReadHmacHash(parameters);
            var length = ReadHmacLength(parameters);
            var usages = KeyUsages.None;
            foreach (var usageName in usageNames)
            {
                var usage = KeyUsageNames.Parse(usageName);
                if (usage is not (KeyUsages.Sign or KeyUsages.Verify))
                {
                    throw _realm.DomError("SyntaxError", $"Attempt to import secret HMAC key with invalid usage \"{usageName}\".");
                }

                usages |= usage;
            }

            if (format != "raw")
            {
                throw _realm.DomError("NotSupportedError", $"Importing HMAC keys in the \"{format}\" format is not supported by this runtime yet; use \"raw\".");
            }

            var secret = ReadBytes(keyData, Operation, 2);
            var dataBits = (long)secret.Length * 8;
            var lengthBits = length ?? dataBits;
            if (lengthBits == 0 || lengthBits > dataBits || lengthBits <= dataBits - 8)
            {
                throw _realm.DomError(
                    "DataError",
                    $"Imported HMAC key length ({lengthBits}) must be a non-zero value up to 7 bits less than, and no greater than, the bit length of the raw key data ({dataBits}).");
            }

            if (usages == KeyUsages.None)
            {
                throw _realm.DomError("SyntaxError", "Secret/private CryptoKeys must have at least one usage.");
            }

            return _realm.CreateKey(new HmacKey(secret, hash, (int)lengthBits, extractable, usages));
        });
    }

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-exportKey, for the "raw" format (https://w3c.github.io/webcrypto/#hmac-operations-export-key).</summary>
    private JsValue ExportKey(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsSubtleCrypto>(_engine, thisObject);
        return _realm.Settle(() =>
        {
            var format = ReadFormat(arguments.At(0), "exportKey");
            var key = ReadKey(arguments.At(1), "exportKey", 2).Key;
            if (!key.Extractable)
            {
                throw _realm.DomError("InvalidAccessError", "Attempt to export non-extractable HMAC key.");
            }

            return format switch
            {
                "raw" => _realm.CreateArrayBuffer(key.ExportRaw()),
                "jwk" => throw _realm.DomError("NotSupportedError", "Exporting keys in the \"jwk\" format is not supported by this runtime yet; use \"raw\"."),
                _ => throw _realm.DomError("NotSupportedError", $"Unimplemented key export format \"{format}\"."),
            };
        });
    }

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-sign</summary>
    private JsValue Sign(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsSubtleCrypto>(_engine, thisObject);
        return _realm.Settle(() =>
        {
            var name = ReadAlgorithm(arguments.At(0), "sign", 1, "SignAlgorithm").Name;
            var key = ReadKey(arguments.At(1), "sign", 2).Key;
            var data = ReadBytes(arguments.At(2), "sign", 3);
            CheckKey(name, key, CryptoOperation.Sign, KeyUsages.Sign);
            return _realm.CreateArrayBuffer(key.Sign(data));
        });
    }

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-verify (https://w3c.github.io/webcrypto/#hmac-operations-verify).</summary>
    /// <remarks>The MACs are compared in constant time; a signature of another length is simply false.</remarks>
    private JsValue Verify(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsSubtleCrypto>(_engine, thisObject);
        return _realm.Settle(() =>
        {
            var name = ReadAlgorithm(arguments.At(0), "verify", 1, "SignAlgorithm").Name;
            var key = ReadKey(arguments.At(1), "verify", 2).Key;
            var signature = ReadBytes(arguments.At(2), "verify", 3);
            var data = ReadBytes(arguments.At(3), "verify", 4);
            CheckKey(name, key, CryptoOperation.Verify, KeyUsages.Verify);
            return CryptographicOperations.FixedTimeEquals(key.Sign(data), signature);
        });
    }

    /// <summary>
    /// The checks <c>sign</c> and <c>verify</c> make before they use a key: the algorithm is
    /// normalized, must be the key's, and the key must allow <paramref name="usage"/>. The
    /// InvalidAccessError messages are workerd's.
    /// </summary>
    private void CheckKey(string name, HmacKey key, CryptoOperation operation, KeyUsages usage)
    {
        var algorithm = CryptoAlgorithms.Recognize(name, operation)
            ?? throw _realm.DomError("NotSupportedError", $"Unrecognized or unimplemented algorithm \"{name}\" requested.");
        if (algorithm != CryptoAlgorithms.Hmac)
        {
            throw _realm.DomError("InvalidAccessError", $"Requested algorithm \"{algorithm}\" does not match this CryptoKey's algorithm \"{CryptoAlgorithms.Hmac}\".");
        }

        if ((key.Usages & usage) == 0)
        {
            throw _realm.DomError("InvalidAccessError", $"Requested key usage \"{KeyUsageNames.Name(usage)}\" does not match any usage listed in this CryptoKey.");
        }
    }

    /// <summary>
    /// The <c>hash</c> member of <c>HmacImportParams</c> (https://w3c.github.io/webcrypto/#hmac-importparams),
    /// required, itself an algorithm identifier normalized for "digest".
    /// </summary>
    private DigestAlgorithm ReadHmacHash(ObjectInstance? parameters)
    {
        var hash = parameters?.Get("hash") ?? JsValue.Undefined;
        if (hash.IsUndefined())
        {
            throw JsErrors.TypeError(_engine, "Missing field \"hash\" in \"algorithm\".");
        }

        if (hash is ObjectInstance hashParameters)
        {
            var name = hashParameters.Get("name");
            return name.IsUndefined()
                ? throw JsErrors.TypeError(_engine, "Missing field \"name\" in \"hash\".")
                : ParseDigest(ToDomString(name));
        }

        return ParseDigest(ToDomString(hash));
    }

    /// <summary>
    /// The optional <c>length</c> member of <c>HmacImportParams</c>, an <c>[EnforceRange] unsigned long</c>
    /// (https://webidl.spec.whatwg.org/#abstract-opdef-converttoint): NaN, infinities and values
    /// outside 0..2^32-1 are a TypeError, fractions are truncated.
    /// </summary>
    private long? ReadHmacLength(ObjectInstance? parameters)
    {
        var value = parameters?.Get("length") ?? JsValue.Undefined;
        if (value.IsUndefined())
        {
            return null;
        }

        var number = ToNumber(value);
        var truncated = Math.Truncate(number);
        if (double.IsNaN(number) || double.IsInfinity(number) || truncated < 0 || truncated > uint.MaxValue)
        {
            throw JsErrors.TypeError(_engine, "The length member of HmacImportParams is outside the range of an unsigned long.");
        }

        return (long)truncated;
    }
}
