using System.Security.Cryptography;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>Creates version 4 UUIDs (https://w3c.github.io/webcrypto/#dfn-generate-a-random-uuid).</summary>
internal static class RandomUuid
{
    /// <summary>A new random UUID in its lowercase string form, such as <c>"3d2c8a4e-5f1b-4c7a-9e0d-1a2b3c4d5e6f"</c>.</summary>
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex.AsSpan(0, 8)}-{hex.AsSpan(8, 4)}-{hex.AsSpan(12, 4)}-{hex.AsSpan(16, 4)}-{hex.AsSpan(20, 12)}";
    }
}
