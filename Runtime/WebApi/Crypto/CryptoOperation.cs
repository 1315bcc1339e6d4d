namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The operations an algorithm can be registered for, the "op" of "normalize an algorithm"
/// (https://w3c.github.io/webcrypto/#algorithm-normalization-internal).
/// </summary>
internal enum CryptoOperation
{
    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-encrypt</summary>
    Encrypt,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-decrypt</summary>
    Decrypt,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-sign</summary>
    Sign,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-verify</summary>
    Verify,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-digest</summary>
    Digest,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-generatekey</summary>
    GenerateKey,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-derivekey and #dom-subtlecrypto-derivebits</summary>
    DeriveBits,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-importkey</summary>
    ImportKey,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-wrapkey</summary>
    WrapKey,

    /// <summary>https://w3c.github.io/webcrypto/#dom-subtlecrypto-unwrapkey</summary>
    UnwrapKey,
}
