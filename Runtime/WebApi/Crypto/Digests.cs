using System.Security.Cryptography;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// Names and computes the hash functions of <see cref="DigestAlgorithm"/>
/// (https://w3c.github.io/webcrypto/#sha-operations-digest) and HMAC over them
/// (https://w3c.github.io/webcrypto/#hmac-operations-sign).
/// </summary>
internal static class Digests
{
    /// <summary>The registered spelling of <paramref name="algorithm"/>, as <c>CryptoKey.algorithm.hash.name</c> reports it.</summary>
    public static string Name(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Sha1 => "SHA-1",
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha384 => "SHA-384",
        DigestAlgorithm.Sha512 => "SHA-512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>
    /// Recognizes a hash name the way the spec's "normalize an algorithm" does
    /// (https://w3c.github.io/webcrypto/#algorithm-normalization-normalize-an-algorithm): an
    /// ASCII case-insensitive match with a registered name; "SHA256" and the like are not names.
    /// </summary>
    public static bool TryParse(string name, out DigestAlgorithm algorithm)
    {
        foreach (var candidate in Enum.GetValues<DigestAlgorithm>())
        {
            if (string.Equals(name, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }

    /// <summary>The digest of <paramref name="data"/>.</summary>
    /// <remarks>MD5 and SHA-1 are weak, but scripts ask for them by name: the spec registers SHA-1 and workerd accepts MD5.</remarks>
    public static byte[] Hash(DigestAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
#pragma warning disable CA5350, CA5351 // Requested by the script; see remarks.
        DigestAlgorithm.Md5 => MD5.HashData(data),
        DigestAlgorithm.Sha1 => SHA1.HashData(data),
#pragma warning restore CA5350, CA5351
        DigestAlgorithm.Sha256 => SHA256.HashData(data),
        DigestAlgorithm.Sha384 => SHA384.HashData(data),
        DigestAlgorithm.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>The HMAC (RFC 2104) of <paramref name="data"/> under <paramref name="key"/>.</summary>
    /// <remarks>HMAC-MD5 and HMAC-SHA-1 are kept for the same reason as in <see cref="Hash"/>.</remarks>
    public static byte[] Hmac(DigestAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => algorithm switch
    {
#pragma warning disable CA5350, CA5351 // Requested by the script; see remarks.
        DigestAlgorithm.Md5 => HMACMD5.HashData(key, data),
        DigestAlgorithm.Sha1 => HMACSHA1.HashData(key, data),
#pragma warning restore CA5350, CA5351
        DigestAlgorithm.Sha256 => HMACSHA256.HashData(key, data),
        DigestAlgorithm.Sha384 => HMACSHA384.HashData(key, data),
        DigestAlgorithm.Sha512 => HMACSHA512.HashData(key, data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
