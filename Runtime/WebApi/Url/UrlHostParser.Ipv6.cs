using System.Globalization;
using System.Text;

namespace Workers.Runtime.WebApi.Url;

/// <content>IPv6 addresses: https://url.spec.whatwg.org/#concept-ipv6-parser and its serializer.</content>
internal static partial class UrlHostParser
{
    /// <summary>
    /// https://url.spec.whatwg.org/#concept-ipv6-parser: the eight 16-bit pieces of <paramref name="input"/>
    /// (the text between the brackets), with <c>::</c> compression and a trailing dotted IPv4 part; false on failure.
    /// </summary>
    public static bool TryParseIpv6(ReadOnlySpan<char> input, out ushort[] address)
    {
        address = new ushort[8];
        var pieceIndex = 0;
        int? compress = null;
        var pointer = 0;
        if (CharAt(input, pointer) == ':')
        {
            if (CharAt(input, pointer + 1) != ':')
            {
                return false;
            }

            pointer += 2;
            pieceIndex++;
            compress = pieceIndex;
        }

        while (CharAt(input, pointer) != -1)
        {
            if (pieceIndex == 8)
            {
                return false;
            }

            if (CharAt(input, pointer) == ':')
            {
                if (compress is not null)
                {
                    return false;
                }

                pointer++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }

            var value = 0;
            var length = 0;
            while (length < 4 && PercentEncoding.HexValue(CharAt(input, pointer)) >= 0)
            {
                value = (value * 0x10) + PercentEncoding.HexValue(CharAt(input, pointer));
                pointer++;
                length++;
            }

            if (CharAt(input, pointer) == '.')
            {
                if (length == 0)
                {
                    return false;
                }

                pointer -= length;
                return pieceIndex <= 6 && TryParseEmbeddedIpv4(input, pointer, address, pieceIndex, compress);
            }

            if (CharAt(input, pointer) == ':')
            {
                pointer++;
                if (CharAt(input, pointer) == -1)
                {
                    return false;
                }
            }
            else if (CharAt(input, pointer) != -1)
            {
                return false;
            }

            address[pieceIndex] = (ushort)value;
            pieceIndex++;
        }

        return Decompress(address, pieceIndex, compress);
    }

    /// <summary>https://url.spec.whatwg.org/#concept-ipv6-serializer, without the brackets.</summary>
    public static string SerializeIpv6(ushort[] address)
    {
        var compress = -1;
        var longest = 1;
        for (var i = 0; i < 8;)
        {
            if (address[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && address[i] == 0)
            {
                i++;
            }

            if (i - start > longest)
            {
                longest = i - start;
                compress = start;
            }
        }

        var builder = new StringBuilder(41);
        var ignoreZero = false;
        for (var pieceIndex = 0; pieceIndex < 8; pieceIndex++)
        {
            if (ignoreZero && address[pieceIndex] == 0)
            {
                continue;
            }

            ignoreZero = false;
            if (compress == pieceIndex)
            {
                builder.Append(pieceIndex == 0 ? "::" : ":");
                ignoreZero = true;
                continue;
            }

            builder.Append(address[pieceIndex].ToString("x", CultureInfo.InvariantCulture));
            if (pieceIndex != 7)
            {
                builder.Append(':');
            }
        }

        return builder.ToString();
    }

    private static int CharAt(ReadOnlySpan<char> input, int index) => index < input.Length ? input[index] : -1;

    // The IPv4 steps of the IPv6 parser: the dotted part fills the last two pieces before any compression.
    private static bool TryParseEmbeddedIpv4(ReadOnlySpan<char> input, int pointer, ushort[] address, int pieceIndex, int? compress)
    {
        var numbersSeen = 0;
        while (pointer < input.Length)
        {
            if (numbersSeen > 0)
            {
                if (input[pointer] != '.' || numbersSeen >= 4)
                {
                    return false;
                }

                pointer++;
            }

            if (pointer >= input.Length || !char.IsAsciiDigit(input[pointer]))
            {
                return false;
            }

            int? ipv4Piece = null;
            while (pointer < input.Length && char.IsAsciiDigit(input[pointer]))
            {
                var number = input[pointer] - '0';
                if (ipv4Piece is null)
                {
                    ipv4Piece = number;
                }
                else if (ipv4Piece == 0)
                {
                    return false;
                }
                else
                {
                    ipv4Piece = (ipv4Piece * 10) + number;
                }

                if (ipv4Piece > 255)
                {
                    return false;
                }

                pointer++;
            }

            address[pieceIndex] = (ushort)((address[pieceIndex] * 0x100) + ipv4Piece!.Value);
            numbersSeen++;
            if (numbersSeen is 2 or 4)
            {
                pieceIndex++;
            }
        }

        return numbersSeen == 4 && Decompress(address, pieceIndex, compress);
    }

    // Steps 7 and 8 of the IPv6 parser: move the pieces after "::" to the end, or fail without all eight.
    private static bool Decompress(ushort[] address, int pieceIndex, int? compress)
    {
        if (compress is null)
        {
            return pieceIndex == 8;
        }

        var swaps = pieceIndex - compress.Value;
        pieceIndex = 7;
        while (pieceIndex != 0 && swaps > 0)
        {
            (address[pieceIndex], address[compress.Value + swaps - 1]) = (address[compress.Value + swaps - 1], address[pieceIndex]);
            pieceIndex--;
            swaps--;
        }

        return true;
    }
}
