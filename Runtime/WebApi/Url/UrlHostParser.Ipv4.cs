using System.Globalization;

namespace Workers.Runtime.WebApi.Url;

/// <content>IPv4 addresses: https://url.spec.whatwg.org/#concept-ipv4-parser and its serializer.</content>
internal static partial class UrlHostParser
{
    // Numbers saturate here while parsing: anything this large already fails every range check.
    private const ulong Ipv4NumberCeiling = 1UL << 40;

    /// <summary>
    /// https://url.spec.whatwg.org/#ends-in-a-number-checker: whether the last label (ignoring one trailing
    /// dot) is all digits or parses as an IPv4 number, which makes the host an IPv4 address or a failure.
    /// </summary>
    public static bool EndsInANumber(string input)
    {
        var parts = input.Split('.');
        var last = parts.Length - 1;
        if (parts[last].Length == 0)
        {
            if (parts.Length == 1)
            {
                return false;
            }

            last--;
        }

        var part = parts[last];
        if (part.Length > 0 && part.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return true;
        }

        return TryParseIpv4Number(part, out _);
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#concept-ipv4-parser: one to four dot-separated numbers, each decimal,
    /// octal (a leading 0) or hex (a leading 0x), the last filling the remaining bytes; false on failure.
    /// </summary>
    public static bool TryParseIpv4(string input, out uint address)
    {
        address = 0;
        var parts = new List<string>(input.Split('.'));
        if (parts[^1].Length == 0 && parts.Count > 1)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count > 4)
        {
            return false;
        }

        var numbers = new ulong[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            if (!TryParseIpv4Number(parts[i], out numbers[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < numbers.Length - 1; i++)
        {
            if (numbers[i] > 255)
            {
                return false;
            }
        }

        var last = numbers[^1];
        if (last >= 1UL << (8 * (5 - numbers.Length)))
        {
            return false;
        }

        var value = last;
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            value += numbers[i] << (8 * (3 - i));
        }

        address = (uint)value;
        return true;
    }

    /// <summary>https://url.spec.whatwg.org/#concept-ipv4-serializer: four decimal bytes joined by dots.</summary>
    public static string SerializeIpv4(uint address) => string.Create(
        CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    // https://url.spec.whatwg.org/#ipv4-number-parser
    private static bool TryParseIpv4Number(ReadOnlySpan<char> input, out ulong value)
    {
        value = 0;
        if (input.IsEmpty)
        {
            return false;
        }

        var radix = 10;
        if (input.Length >= 2 && input[0] == '0' && input[1] is 'x' or 'X')
        {
            input = input[2..];
            radix = 16;
        }
        else if (input.Length >= 2 && input[0] == '0')
        {
            input = input[1..];
            radix = 8;
        }

        foreach (var c in input)
        {
            var digit = PercentEncoding.HexValue(c);
            if (digit < 0 || digit >= radix)
            {
                return false;
            }

            if (value < Ipv4NumberCeiling)
            {
                value = (value * (uint)radix) + (uint)digit;
            }
        }

        return true;
    }
}
