using System.Text;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// The indexes of the single-byte encodings
/// (https://encoding.spec.whatwg.org/#legacy-single-byte-encodings) and of x-user-defined
/// (https://encoding.spec.whatwg.org/#x-user-defined-decoder), as tables of the code points of
/// bytes 0x80 to 0xFF, with U+FFFD where the index has no code point for the pointer
/// (https://encoding.spec.whatwg.org/#index-code-point). No index maps a byte to U+FFFD itself.
/// </summary>
/// <remarks>
/// <para>
/// The tables are not written out here. Each is built on first use, once per process, from the
/// .NET code page for the same character set (<see cref="CodePagesEncodingProvider"/>, part of the
/// shared framework), and then corrected where the Encoding Standard's index differs:
/// </para>
/// <list type="bullet">
/// <item>.NET decodes a byte its code page leaves unassigned to a private-use code point (U+F7xx
/// or U+F8xx) instead of failing. Every private-use result is therefore taken as "no code point";
/// the one private-use code point in the standard's indexes, macintosh 0xF0 (U+F8FF), is put back
/// by an override.</item>
/// <item>Where the standard's index maps a byte differently, a list of (byte, code point) pairs
/// overrides .NET: ISO-8859-7 (5 entries: the 2003 additions and the quotation marks that .NET
/// decodes as modifier letters), ISO-8859-8 (3: 0xAF and the direction marks at 0xFD and 0xFE),
/// macintosh (2) and x-mac-cyrillic (3: the Ukrainian ghe with upturn and the euro sign).</item>
/// <item>.NET has no code page for ISO-8859-10, ISO-8859-14 and ISO-8859-16, so each is stored as
/// its differences from a close relative: ISO-8859-4 (36 entries), ISO-8859-1 (31) and
/// ISO-8859-15 (32).</item>
/// </list>
/// <para>
/// The corrections were derived by comparing every table with workerd's decoder, whose failing
/// bytes match the web-platform-tests' list (encoding/textdecoder-fatal-single-byte.any.js).
/// x-user-defined needs no table data: byte 0x80 + n is U+F780 + n.
/// </para>
/// </remarks>
internal static class SingleByteIndexes
{
    /// <summary>The number of entries in a table: one for each byte from 0x80 to 0xFF.</summary>
    public const int Length = 128;

    private const char NoCodePoint = '\uFFFD';

    /// <summary>Stands for the base of a table that .NET has no code page for: ISO-8859-1, where byte b is U+00b.</summary>
    private const int Latin1 = 0;

    private static readonly string?[] s_tables = new string?[Enum.GetValues<TextEncodingKind>().Length];
    private static object? s_buildLock;

    /// <summary>
    /// The table of <paramref name="encoding"/>, a single-byte encoding or x-user-defined: the
    /// code points of bytes 0x80 to 0xFF, U+FFFD for bytes the index has no code point for.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="encoding"/> is not a single-byte encoding.</exception>
    public static string For(TextEncodingKind encoding)
    {
        // https://encoding.spec.whatwg.org/#iso-8859-8-i: the same index as ISO-8859-8.
        if (encoding == TextEncodingKind.Iso8859Part8I)
        {
            encoding = TextEncodingKind.Iso8859Part8;
        }

        var slot = (int)encoding;
        if ((uint)slot >= (uint)s_tables.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(encoding));
        }

        return Volatile.Read(ref s_tables[slot])
            ?? LazyInitializer.EnsureInitialized(ref s_tables[slot], ref s_buildLock, () => Build(encoding));
    }

    private static string Build(TextEncodingKind encoding) => encoding switch
    {
        TextEncodingKind.Windows1252 => FromCodePage(1252, []),
        TextEncodingKind.Ibm866 => FromCodePage(866, []),
        TextEncodingKind.Iso8859Part2 => FromCodePage(28592, []),
        TextEncodingKind.Iso8859Part3 => FromCodePage(28593, []),
        TextEncodingKind.Iso8859Part4 => FromCodePage(28594, []),
        TextEncodingKind.Iso8859Part5 => FromCodePage(28595, []),
        TextEncodingKind.Iso8859Part6 => FromCodePage(28596, []),
        TextEncodingKind.Iso8859Part7 => FromCodePage(28597, [
            0xA1, 0x2018, 0xA2, 0x2019, 0xA4, 0x20AC, 0xA5, 0x20AF, 0xAA, 0x037A,
        ]),
        TextEncodingKind.Iso8859Part8 => FromCodePage(28598, [
            0xAF, 0x00AF, 0xFD, 0x200E, 0xFE, 0x200F,
        ]),
        TextEncodingKind.Iso8859Part10 => FromCodePage(28594, [
            0xA2, 0x0112, 0xA3, 0x0122, 0xA4, 0x012A, 0xA6, 0x0136, 0xA8, 0x013B, 0xA9, 0x0110, 0xAA, 0x0160, 0xAB, 0x0166,
            0xAC, 0x017D, 0xAE, 0x016A, 0xAF, 0x014A, 0xB2, 0x0113, 0xB3, 0x0123, 0xB4, 0x012B, 0xB6, 0x0137, 0xB7, 0x00B7,
            0xB8, 0x013C, 0xB9, 0x0111, 0xBA, 0x0161, 0xBB, 0x0167, 0xBC, 0x017E, 0xBD, 0x2015, 0xBE, 0x016B, 0xCF, 0x00CF,
            0xD0, 0x00D0, 0xD3, 0x00D3, 0xD7, 0x0168, 0xDD, 0x00DD, 0xDE, 0x00DE, 0xEF, 0x00EF, 0xF0, 0x00F0, 0xF3, 0x00F3,
            0xF7, 0x0169, 0xFD, 0x00FD, 0xFE, 0x00FE, 0xFF, 0x0138,
        ]),
        TextEncodingKind.Iso8859Part13 => FromCodePage(28603, []),
        TextEncodingKind.Iso8859Part14 => FromCodePage(Latin1, [
            0xA1, 0x1E02, 0xA2, 0x1E03, 0xA4, 0x010A, 0xA5, 0x010B, 0xA6, 0x1E0A, 0xA8, 0x1E80, 0xAA, 0x1E82, 0xAB, 0x1E0B,
            0xAC, 0x1EF2, 0xAF, 0x0178, 0xB0, 0x1E1E, 0xB1, 0x1E1F, 0xB2, 0x0120, 0xB3, 0x0121, 0xB4, 0x1E40, 0xB5, 0x1E41,
            0xB7, 0x1E56, 0xB8, 0x1E81, 0xB9, 0x1E57, 0xBA, 0x1E83, 0xBB, 0x1E60, 0xBC, 0x1EF3, 0xBD, 0x1E84, 0xBE, 0x1E85,
            0xBF, 0x1E61, 0xD0, 0x0174, 0xD7, 0x1E6A, 0xDE, 0x0176, 0xF0, 0x0175, 0xF7, 0x1E6B, 0xFE, 0x0177,
        ]),
        TextEncodingKind.Iso8859Part15 => FromCodePage(28605, []),
        TextEncodingKind.Iso8859Part16 => FromCodePage(28605, [
            0xA1, 0x0104, 0xA2, 0x0105, 0xA3, 0x0141, 0xA5, 0x201E, 0xAA, 0x0218, 0xAC, 0x0179, 0xAE, 0x017A, 0xAF, 0x017B,
            0xB2, 0x010C, 0xB3, 0x0142, 0xB5, 0x201D, 0xB9, 0x010D, 0xBA, 0x0219, 0xBF, 0x017C, 0xC3, 0x0102, 0xC5, 0x0106,
            0xD0, 0x0110, 0xD1, 0x0143, 0xD5, 0x0150, 0xD7, 0x015A, 0xD8, 0x0170, 0xDD, 0x0118, 0xDE, 0x021A, 0xE3, 0x0103,
            0xE5, 0x0107, 0xF0, 0x0111, 0xF1, 0x0144, 0xF5, 0x0151, 0xF7, 0x015B, 0xF8, 0x0171, 0xFD, 0x0119, 0xFE, 0x021B,
        ]),
        TextEncodingKind.Koi8R => FromCodePage(20866, []),
        TextEncodingKind.Koi8U => FromCodePage(21866, []),
        TextEncodingKind.Macintosh => FromCodePage(10000, [0xBD, 0x03A9, 0xF0, 0xF8FF]),
        TextEncodingKind.Windows874 => FromCodePage(874, []),
        TextEncodingKind.Windows1250 => FromCodePage(1250, []),
        TextEncodingKind.Windows1251 => FromCodePage(1251, []),
        TextEncodingKind.Windows1253 => FromCodePage(1253, []),
        TextEncodingKind.Windows1254 => FromCodePage(1254, []),
        TextEncodingKind.Windows1255 => FromCodePage(1255, []),
        TextEncodingKind.Windows1256 => FromCodePage(1256, []),
        TextEncodingKind.Windows1257 => FromCodePage(1257, []),
        TextEncodingKind.Windows1258 => FromCodePage(1258, []),
        TextEncodingKind.XMacCyrillic => FromCodePage(10007, [0xA2, 0x0490, 0xB6, 0x0491, 0xFF, 0x20AC]),
        TextEncodingKind.XUserDefined => string.Create(Length, 0, static (table, _) =>
        {
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = (char)(0xF780 + i);
            }
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>
    /// Decodes bytes 0x80 to 0xFF with .NET's <paramref name="codePage"/> (or takes ISO-8859-1 for
    /// <see cref="Latin1"/>), marks its private-use placeholders as "no code point", then applies
    /// <paramref name="overrides"/>, pairs of a byte and the code point the standard gives it.
    /// </summary>
    private static string FromCodePage(int codePage, ReadOnlySpan<ushort> overrides)
    {
        Span<char> table = stackalloc char[Length];
        if (codePage == Latin1)
        {
            for (var i = 0; i < Length; i++)
            {
                table[i] = (char)(0x80 + i);
            }
        }
        else
        {
            var encoding = CodePagesEncodingProvider.Instance.GetEncoding(
                codePage, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(NoCodePoint.ToString()))
                ?? throw new InvalidOperationException($"The .NET code page {codePage} is not available.");
            Span<byte> bytes = stackalloc byte[Length];
            for (var i = 0; i < Length; i++)
            {
                bytes[i] = (byte)(0x80 + i);
            }

            if (encoding.GetChars(bytes, table) != Length)
            {
                throw new InvalidOperationException($"The .NET code page {codePage} is not a single-byte encoding.");
            }

            foreach (ref var codePoint in table)
            {
                if (codePoint is >= '\uE000' and <= '\uF8FF')
                {
                    codePoint = NoCodePoint;
                }
            }
        }

        for (var i = 0; i < overrides.Length; i += 2)
        {
            table[overrides[i] - 0x80] = (char)overrides[i + 1];
        }

        return new string(table);
    }
}
