namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The internal slots of an HMAC <c>CryptoKey</c> (https://w3c.github.io/webcrypto/#cryptokey-interface-internal-slots
/// and https://w3c.github.io/webcrypto/#hmac-keyalgorithm-dictionary): always a secret key.
/// </summary>
internal sealed class HmacKey
{
    private readonly byte[] _secret;

    /// <summary>Creates a key over a copy the caller no longer shares: <paramref name="secret"/> is kept as given.</summary>
    public HmacKey(byte[] secret, DigestAlgorithm hash, int lengthBits, bool extractable, KeyUsages usages)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _secret = secret;
        Hash = hash;
        LengthBits = lengthBits;
        Extractable = extractable;
        Usages = usages;
    }

    /// <summary>[[algorithm]].hash: the hash function the HMAC uses.</summary>
    public DigestAlgorithm Hash { get; }

    /// <summary>[[algorithm]].length: the key's length in bits.</summary>
    public int LengthBits { get; }

    /// <summary>[[extractable]]</summary>
    public bool Extractable { get; }

    /// <summary>[[usages]]</summary>
    public KeyUsages Usages { get; }

    /// <summary>The key material; callers must not change it.</summary>
    public ReadOnlySpan<byte> Secret => _secret;

    /// <summary>A copy of the key material, for <c>exportKey("raw")</c>.</summary>
    public byte[] ExportRaw() => (byte[])_secret.Clone();

    /// <summary>https://w3c.github.io/webcrypto/#hmac-operations-sign</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => Digests.Hmac(Hash, _secret, data);
}
