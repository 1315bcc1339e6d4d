namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The usages a key may have (https://w3c.github.io/webcrypto/#dfn-KeyUsage), in the order
/// <c>CryptoKey.usages</c> lists them.
/// </summary>
[Flags]
internal enum KeyUsages
{
    /// <summary>No usage.</summary>
    None = 0,

    /// <summary>"encrypt"</summary>
    Encrypt = 1,

    /// <summary>"decrypt"</summary>
    Decrypt = 2,

    /// <summary>"sign"</summary>
    Sign = 4,

    /// <summary>"verify"</summary>
    Verify = 8,

    /// <summary>"deriveKey"</summary>
    DeriveKey = 16,

    /// <summary>"deriveBits"</summary>
    DeriveBits = 32,

    /// <summary>"wrapKey"</summary>
    WrapKey = 64,

    /// <summary>"unwrapKey"</summary>
    UnwrapKey = 128,
}
