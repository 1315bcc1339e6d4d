namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The hash functions <c>digest</c> and HMAC keys accept
/// (https://w3c.github.io/webcrypto/#sha, plus MD5, which workerd also accepts).
/// </summary>
internal enum DigestAlgorithm
{
    /// <summary>MD5, a workerd extension kept for compatibility; it is not in the Web Crypto spec.</summary>
    Md5,

    /// <summary>https://w3c.github.io/webcrypto/#alg-sha-1</summary>
    Sha1,

    /// <summary>https://w3c.github.io/webcrypto/#alg-sha-256</summary>
    Sha256,

    /// <summary>https://w3c.github.io/webcrypto/#alg-sha-384</summary>
    Sha384,

    /// <summary>https://w3c.github.io/webcrypto/#alg-sha-512</summary>
    Sha512,
}
