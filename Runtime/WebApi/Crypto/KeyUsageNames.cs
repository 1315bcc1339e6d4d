namespace Workers.Runtime.WebApi.Crypto;

/// <summary>Converts between <see cref="KeyUsages"/> and the strings of the <c>KeyUsage</c> enum (https://w3c.github.io/webcrypto/#dfn-KeyUsage).</summary>
internal static class KeyUsageNames
{
    private static readonly (KeyUsages Usage, string Name)[] s_names =
    [
        (KeyUsages.Encrypt, "encrypt"),
        (KeyUsages.Decrypt, "decrypt"),
        (KeyUsages.Sign, "sign"),
        (KeyUsages.Verify, "verify"),
        (KeyUsages.DeriveKey, "deriveKey"),
        (KeyUsages.DeriveBits, "deriveBits"),
        (KeyUsages.WrapKey, "wrapKey"),
        (KeyUsages.UnwrapKey, "unwrapKey"),
    ];

    /// <summary>The usage named exactly <paramref name="name"/> (enum values are case-sensitive), or <see cref="KeyUsages.None"/>.</summary>
    public static KeyUsages Parse(string name)
    {
        foreach (var (usage, usageName) in s_names)
        {
            if (string.Equals(name, usageName, StringComparison.Ordinal))
            {
                return usage;
            }
        }

        return KeyUsages.None;
    }

    /// <summary>The name of a single usage.</summary>
    public static string Name(KeyUsages usage)
    {
        foreach (var (candidate, name) in s_names)
        {
            if (candidate == usage)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(usage));
    }

    /// <summary>
    /// The names of the usages in <paramref name="usages"/>, each once and in the enum's order:
    /// the "normalized value" of a usage list that <c>CryptoKey.usages</c> reports
    /// (https://w3c.github.io/webcrypto/#SubtleCrypto-method-importKey).
    /// </summary>
    public static List<string> List(KeyUsages usages)
    {
        var names = new List<string>();
        foreach (var (usage, name) in s_names)
        {
            if ((usages & usage) != 0)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
