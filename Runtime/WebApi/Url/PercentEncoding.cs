using System.Text;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// Percent-encoding and percent-decoding (https://url.spec.whatwg.org/#percent-encoded-bytes), always with UTF-8.
/// </summary>
internal static class PercentEncoding
{
    private const string UpperHexDigits = "0123456789ABCDEF";

    // For each set, which ASCII code points (0x20..0x7E) it contains; C0 controls and everything
    // above U+007E belong to every set and are not listed.
    private static readonly bool[][] s_asciiMembers = BuildAsciiMembers();

    /// <summary>
    /// https://url.spec.whatwg.org/#string-percent-encode-after-encoding with UTF-8: every code point of
    /// <paramref name="input"/> in <paramref name="set"/> is replaced by its UTF-8 bytes as <c>%XX</c>.
    /// </summary>
    /// <param name="input">The text; a lone surrogate is encoded as U+FFFD, as a USVString conversion would.</param>
    /// <param name="set">The percent-encode set.</param>
    /// <param name="spaceAsPlus">Whether U+0020 becomes <c>+</c> (application/x-www-form-urlencoded serialization).</param>
    public static string Encode(string input, PercentEncodeSet set, bool spaceAsPlus = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var start = 0;
        while (start < input.Length)
        {
            var c = input[start];
            if (IsInSet(c, set) || (spaceAsPlus && c == ' '))
            {
                break;
            }

            start++;
        }

        if (start == input.Length)
        {
            return input;
        }

        var builder = new StringBuilder(input.Length + 16);
        builder.Append(input, 0, start);
        AppendEncoded(builder, input.AsSpan(start), set, spaceAsPlus);
        return builder.ToString();
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#percent-decode: each <c>%</c> followed by two hex digits becomes the
    /// byte they spell; every other byte, including a <c>%</c> without two hex digits after it, is kept.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> input)
    {
        var output = new byte[input.Length];
        var length = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == (byte)'%' && i + 2 < input.Length && HexValue(input[i + 1]) >= 0 && HexValue(input[i + 2]) >= 0)
            {
                output[length++] = (byte)((HexValue(input[i + 1]) << 4) | HexValue(input[i + 2]));
                i += 2;
            }
            else
            {
                output[length++] = b;
            }
        }

        return length == output.Length ? output : output.AsSpan(0, length).ToArray();
    }

    /// <summary>https://url.spec.whatwg.org/#string-percent-decode: percent-decodes the UTF-8 encoding of <paramref name="input"/>.</summary>
    public static byte[] Decode(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Decode(System.Text.Encoding.UTF8.GetBytes(input));
    }

    /// <summary>Whether <paramref name="codePoint"/> is in <paramref name="set"/>.</summary>
    public static bool IsInSet(int codePoint, PercentEncodeSet set)
        => codePoint is < 0x20 or > 0x7E || s_asciiMembers[(int)set][codePoint];

    /// <summary>
    /// https://url.spec.whatwg.org/#utf-8-percent-encode: appends <paramref name="codePoint"/> to
    /// <paramref name="builder"/>, as <c>%XX</c> bytes when it is in <paramref name="set"/>.
    /// </summary>
    public static void AppendEncoded(StringBuilder builder, int codePoint, PercentEncodeSet set, bool spaceAsPlus = false)
    {
        if (spaceAsPlus && codePoint == ' ')
        {
            builder.Append('+');
            return;
        }

        if (!IsInSet(codePoint, set))
        {
            builder.Append((char)codePoint);
            return;
        }

        Span<byte> bytes = stackalloc byte[4];
        var count = new Rune(codePoint).EncodeToUtf8(bytes);
        foreach (var b in bytes[..count])
        {
            builder.Append('%').Append(UpperHexDigits[b >> 4]).Append(UpperHexDigits[b & 0xF]);
        }
    }

    /// <summary>
    /// Appends each code point of <paramref name="input"/> with <see cref="AppendEncoded(StringBuilder, int, PercentEncodeSet, bool)"/>;
    /// a lone surrogate counts as U+FFFD.
    /// </summary>
    public static void AppendEncoded(StringBuilder builder, ReadOnlySpan<char> input, PercentEncodeSet set, bool spaceAsPlus = false)
    {
        while (!input.IsEmpty)
        {
            Rune.DecodeFromUtf16(input, out var rune, out var consumed);
            AppendEncoded(builder, rune.Value, set, spaceAsPlus);
            input = input[consumed..];
        }
    }

    /// <summary>The value of an ASCII hex digit, or -1 when <paramref name="c"/> is not one.</summary>
    public static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool[][] BuildAsciiMembers()
    {
        const string fragment = " \"<>`";
        const string query = " \"#<>";
        const string specialQuery = query + "'";
        const string path = query + "?^`{}";
        const string userinfo = path + "/:;=@[\\]|";
        const string component = userinfo + "$%&+,";
        const string formUrlencoded = component + "!'()~";
        return
        [
            Members(string.Empty),
            Members(fragment),
            Members(query),
            Members(specialQuery),
            Members(path),
            Members(userinfo),
            Members(component),
            Members(formUrlencoded),
        ];
    }

    private static bool[] Members(string codePoints)
    {
        var members = new bool[0x7F];
        foreach (var c in codePoints)
        {
            members[c] = true;
        }

        return members;
    }
}
