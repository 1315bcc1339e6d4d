using System.Buffers;
using System.Text;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// The Punycode encoding of a single label (RFC 3492, https://www.rfc-editor.org/rfc/rfc3492), without
/// the <c>xn--</c> prefix.
/// </summary>
/// <remarks>
/// <see cref="System.Globalization.IdnMapping"/> encodes Punycode too, but only within its DNS length limits,
/// which the URL Standard turns off (VerifyDnsLength false). A label of more than
/// <see cref="MaxLabelLength"/> code points (or, encoded, characters) fails here all the same: the
/// algorithm's time grows with the square of a label's length and no check of the CPU limit can
/// interrupt it, while no DNS label exceeds 63 bytes and ICU, behind browsers, stops at 200 code points.
/// </remarks>
internal static class Punycode
{
    private const int Base = 36;
    private const int TMin = 1;
    private const int TMax = 26;
    private const int Skew = 38;
    private const int Damp = 700;
    private const int InitialBias = 72;
    private const int InitialN = 0x80;

    /// <summary>The longest label encoded or decoded, in code points (encoded: characters).</summary>
    public const int MaxLabelLength = 256;

    /// <summary>Encodes <paramref name="label"/>; null if it holds a lone surrogate or the arithmetic overflows.</summary>
    public static string? Encode(string label)
    {
        if (label.Length > 2 * MaxLabelLength)
        {
            return null;
        }

        var codePoints = new List<int>(label.Length);
        var rest = label.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done)
            {
                return null;
            }

            codePoints.Add(rune.Value);
            rest = rest[consumed..];
        }

        if (codePoints.Count > MaxLabelLength)
        {
            return null;
        }

        var output = new StringBuilder(label.Length + 8);
        foreach (var c in codePoints)
        {
            if (c < InitialN)
            {
                output.Append((char)c);
            }
        }

        var basicCount = output.Length;
        var handled = basicCount;
        if (basicCount > 0)
        {
            output.Append('-');
        }

        var n = InitialN;
        var delta = 0;
        var bias = InitialBias;
        while (handled < codePoints.Count)
        {
            var next = int.MaxValue;
            foreach (var c in codePoints)
            {
                if (c >= n && c < next)
                {
                    next = c;
                }
            }

            if ((long)(next - n) * (handled + 1) > int.MaxValue - delta)
            {
                return null;
            }

            delta += (next - n) * (handled + 1);
            n = next;
            foreach (var c in codePoints)
            {
                if (c < n && ++delta == int.MaxValue)
                {
                    return null;
                }

                if (c != n)
                {
                    continue;
                }

                var q = delta;
                for (var k = Base; ; k += Base)
                {
                    var t = Threshold(k, bias);
                    if (q < t)
                    {
                        break;
                    }

                    output.Append(EncodeDigit(t + ((q - t) % (Base - t))));
                    q = (q - t) / (Base - t);
                }

                output.Append(EncodeDigit(q));
                bias = Adapt(delta, handled + 1, handled == basicCount);
                delta = 0;
                handled++;
            }

            delta++;
            n++;
        }

        return output.ToString();
    }

    /// <summary>Decodes <paramref name="encoded"/>; null if it is not valid Punycode.</summary>
    public static string? Decode(ReadOnlySpan<char> encoded)
    {
        if (encoded.Length > MaxLabelLength)
        {
            return null;
        }

        var output = new List<int>(encoded.Length);
        var delimiter = encoded.LastIndexOf('-');
        if (delimiter > 0)
        {
            foreach (var c in encoded[..delimiter])
            {
                if (c >= InitialN)
                {
                    return null;
                }

                output.Add(c);
            }
        }

        var n = InitialN;
        var i = 0;
        var bias = InitialBias;
        var position = delimiter > 0 ? delimiter + 1 : 0;
        while (position < encoded.Length)
        {
            var oldI = i;
            var weight = 1;
            for (var k = Base; ; k += Base)
            {
                if (position >= encoded.Length)
                {
                    return null;
                }

                var digit = DecodeDigit(encoded[position++]);
                if (digit < 0 || digit > (int.MaxValue - i) / weight)
                {
                    return null;
                }

                i += digit * weight;
                var t = Threshold(k, bias);
                if (digit < t)
                {
                    break;
                }

                if (weight > int.MaxValue / (Base - t))
                {
                    return null;
                }

                weight *= Base - t;
            }

            var length = output.Count + 1;
            bias = Adapt(i - oldI, length, oldI == 0);
            if (i / length > int.MaxValue - n)
            {
                return null;
            }

            n += i / length;
            i %= length;
            if (n < InitialN || !Rune.IsValid(n))
            {
                return null;
            }

            output.Insert(i, n);
            i++;
        }

        var builder = new StringBuilder(output.Count);
        foreach (var c in output)
        {
            builder.Append(new Rune(c).ToString());
        }

        return builder.ToString();
    }

    private static int Threshold(int k, int bias) => k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;

    private static int Adapt(int delta, int length, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / length;
        var k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return k + (((Base - TMin + 1) * delta) / (delta + Skew));
    }

    private static char EncodeDigit(int digit) => (char)(digit < 26 ? 'a' + digit : '0' + (digit - 26));

    private static int DecodeDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0' + 26,
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        _ => -1,
    };
}
