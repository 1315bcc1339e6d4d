using System.Diagnostics.CodeAnalysis;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// Base64 as <c>atob</c> and <c>btoa</c> use it: https://infra.spec.whatwg.org/#forgiving-base64-encode
/// and https://infra.spec.whatwg.org/#forgiving-base64-decode.
/// </summary>
internal static class Base64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>The value of each ASCII character in the alphabet, or -1.</summary>
    private static readonly sbyte[] s_values = CreateValues();

    /// <summary>https://infra.spec.whatwg.org/#forgiving-base64-encode: standard base64 with padding.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes);

    /// <summary>
    /// https://infra.spec.whatwg.org/#forgiving-base64-decode: ASCII whitespace anywhere is
    /// ignored, the "=" padding is optional but, if present, must make the length a multiple of
    /// four, and bits left over after the last whole byte are dropped even when they are not zero.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> data, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        var length = 0;
        foreach (var c in data)
        {
            if (!IsAsciiWhitespace(c))
            {
                length++;
            }
        }

        Span<char> characters = length <= 512 ? stackalloc char[length] : new char[length];
        var next = 0;
        foreach (var c in data)
        {
            if (!IsAsciiWhitespace(c))
            {
                characters[next++] = c;
            }
        }

        if (length % 4 == 0 && length > 0 && characters[length - 1] == '=')
        {
            length -= length > 1 && characters[length - 2] == '=' ? 2 : 1;
        }

        if (length % 4 == 1)
        {
            return false;
        }

        characters = characters[..length];
        var output = new byte[length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1)];
        var buffer = 0;
        var bits = 0;
        var written = 0;
        foreach (var c in characters)
        {
            var value = c < 128 ? s_values[c] : -1;
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                output[written++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }

        bytes = output;
        return true;
    }

    /// <summary>https://infra.spec.whatwg.org/#ascii-whitespace: TAB, LF, FF, CR and SPACE.</summary>
    private static bool IsAsciiWhitespace(char c) => c is '\t' or '\n' or '\f' or '\r' or ' ';

    private static sbyte[] CreateValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
