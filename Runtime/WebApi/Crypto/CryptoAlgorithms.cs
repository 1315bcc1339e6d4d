namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The algorithms the Web Crypto spec registers for each operation
/// (https://w3c.github.io/webcrypto/#algorithm-overview), so that a name can be told apart as
/// recognized but not implemented here, or not recognized at all.
/// </summary>
internal static class CryptoAlgorithms
{
    /// <summary>The only key algorithm this runtime implements.</summary>
    public const string Hmac = "HMAC";

    private static readonly string[] s_encrypt = ["RSA-OAEP", "AES-CTR", "AES-CBC", "AES-GCM"];
    private static readonly string[] s_sign = ["RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA", "Ed25519", Hmac];
    private static readonly string[] s_digest = ["SHA-1", "SHA-256", "SHA-384", "SHA-512", "MD5"];
    private static readonly string[] s_generateKey =
        ["RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP", "ECDSA", "ECDH", "Ed25519", "X25519", "AES-CTR", "AES-CBC", "AES-GCM", "AES-KW", Hmac];
    private static readonly string[] s_derive = ["ECDH", "X25519", "HKDF", "PBKDF2"];
    private static readonly string[] s_importKey =
        ["RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP", "ECDSA", "ECDH", "Ed25519", "X25519", "AES-CTR", "AES-CBC", "AES-GCM", "AES-KW", Hmac, "HKDF", "PBKDF2"];
    private static readonly string[] s_wrap = ["RSA-OAEP", "AES-CTR", "AES-CBC", "AES-GCM", "AES-KW"];

    /// <summary>
    /// The registered spelling of <paramref name="name"/> for <paramref name="operation"/>, matched
    /// ASCII case-insensitively as "normalize an algorithm" step 4 does
    /// (https://w3c.github.io/webcrypto/#algorithm-normalization-normalize-an-algorithm); null when
    /// no algorithm of that name is registered for the operation.
    /// </summary>
    public static string? Recognize(string name, CryptoOperation operation)
    {
        foreach (var registered in Registered(operation))
        {
            if (string.Equals(name, registered, StringComparison.OrdinalIgnoreCase))
            {
                return registered;
            }
        }

        return null;
    }

    private static string[] Registered(CryptoOperation operation) => operation switch
    {
        CryptoOperation.Encrypt or CryptoOperation.Decrypt => s_encrypt,
        CryptoOperation.Sign or CryptoOperation.Verify => s_sign,
        CryptoOperation.Digest => s_digest,
        CryptoOperation.GenerateKey => s_generateKey,
        CryptoOperation.DeriveBits => s_derive,
        CryptoOperation.ImportKey => s_importKey,
        CryptoOperation.WrapKey or CryptoOperation.UnwrapKey => s_wrap,
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
