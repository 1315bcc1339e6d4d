using System.Text.Unicode;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>The UTF-8 encoder (https://encoding.spec.whatwg.org/#utf-8-encoder) behind <c>TextEncoder</c>.</summary>
internal static class Utf8Encoder
{
    /// <summary>
    /// https://encoding.spec.whatwg.org/#dom-textencoder-encode: the UTF-8 bytes of
    /// <paramref name="text"/>, where each lone surrogate becomes U+FFFD (EF BF BD), as the
    /// USVString conversion asks.
    /// </summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Encoding.UTF8 replaces a lone surrogate with U+FFFD, never with "?".
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    /// <summary>
    /// https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto: encodes as much of
    /// <paramref name="text"/> as fits into <paramref name="destination"/> without splitting a
    /// code point. <c>Read</c> counts UTF-16 code units of the source, <c>Written</c> bytes.
    /// </summary>
    public static (int Read, int Written) EncodeInto(ReadOnlySpan<char> text, Span<byte> destination)
    {
        // On DestinationTooSmall, FromUtf16 stops after the last code point that fits whole, and a
        // lone surrogate counts as one code unit read and three bytes (U+FFFD) written.
        Utf8.FromUtf16(text, destination, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        return (read, written);
    }
}
