using Jint.Native;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The <c>SubtleCrypto</c> operations this runtime does not implement yet. Each exists, checks
/// its algorithm argument, and returns a promise rejected with a NotSupportedError that names
/// the operation and the algorithm, so a script learns what is missing instead of failing later.
/// </summary>
internal sealed partial class SubtleCryptoPrototype
{
    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-encrypt: not implemented yet.</summary>
    private JsValue Encrypt(JsValue thisObject, JsValue[] arguments)
        => Unsupported(thisObject, "encrypt", CryptoOperation.Encrypt, arguments.At(0), 1, "EncryptAlgorithm");

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-decrypt: not implemented yet.</summary>
    private JsValue Decrypt(JsValue thisObject, JsValue[] arguments)
        => Unsupported(thisObject, "decrypt", CryptoOperation.Decrypt, arguments.At(0), 1, "EncryptAlgorithm");

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-generateKey: not implemented yet.</summary>
    private JsValue GenerateKey(JsValue thisObject, JsValue[] arguments)
        => Unsupported(thisObject, "generateKey", CryptoOperation.GenerateKey, arguments.At(0), 1, "GenerateKeyAlgorithm");

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-deriveKey: not implemented yet.</summary>
    private JsValue DeriveKey(JsValue thisObject, JsValue[] arguments)
        => Unsupported(thisObject, "deriveKey", CryptoOperation.DeriveBits, arguments.At(0), 1, "DeriveKeyAlgorithm");

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-deriveBits: not implemented yet.</summary>
    private JsValue DeriveBits(JsValue thisObject, JsValue[] arguments)
        => Unsupported(thisObject, "deriveBits", CryptoOperation.DeriveBits, arguments.At(0), 1, "DeriveKeyAlgorithm");

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-wrapKey: not implemented yet; the algorithm is the fourth argument.</summary>
    private JsValue WrapKey(JsValue thisObject, JsValue[] arguments)
        => Unsupported(thisObject, "wrapKey", CryptoOperation.WrapKey, arguments.At(3), 4, "EncryptAlgorithm", arguments.At(0));

    /// <summary>https://w3c.github.io/webcrypto/#SubtleCrypto-method-unwrapKey: not implemented yet; the algorithm is the fourth argument.</summary>
    private JsValue UnwrapKey(JsValue thisObject, JsValue[] arguments)
        => Unsupported(thisObject, "unwrapKey", CryptoOperation.UnwrapKey, arguments.At(3), 4, "EncryptAlgorithm", arguments.At(0));

    /// <summary>
    /// Brand-checks, reads the format (for the wrapping operations) and the algorithm's name, and
    /// returns a promise rejected with a NotSupportedError.
    /// </summary>
    private JsValue Unsupported(JsValue thisObject, string operation, CryptoOperation kind, JsValue algorithm, int parameter, string dictionary, JsValue? format = null)
    {
        Brand.Check<JsSubtleCrypto>(_engine, thisObject);
        return _realm.Settle(() =>
        {
            if (format is not null)
            {
                ReadFormat(format, operation);
            }

            var name = ReadAlgorithm(algorithm, operation, parameter, dictionary).Name;
            var recognized = CryptoAlgorithms.Recognize(name, kind);
            throw recognized is null
                ? _realm.DomError("NotSupportedError", $"Unrecognized or unimplemented algorithm \"{name}\" requested for SubtleCrypto.{operation}().")
                : NotImplemented(operation, recognized);
        });
    }

    /// <summary>The NotSupportedError for a registered algorithm this runtime does not implement for <paramref name="operation"/>.</summary>
    private JavaScriptException NotImplemented(string operation, string algorithm)
        => _realm.DomError("NotSupportedError", $"SubtleCrypto.{operation}() with \"{algorithm}\" is not supported by this runtime yet.");
}
