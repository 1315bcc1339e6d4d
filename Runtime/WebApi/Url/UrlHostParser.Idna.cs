using System.Globalization;
using System.Text;

namespace Workers.Runtime.WebApi.Url;

/// <content>
/// https://url.spec.whatwg.org/#concept-domain-to-ascii with <c>beStrict</c> false: UTS #46 ToASCII
/// (https://www.unicode.org/reports/tr46/#ToASCII) with nontransitional processing, CheckBidi and
/// CheckJoiners on, and CheckHyphens, UseSTD3ASCIIRules and VerifyDnsLength off.
/// </content>
/// <remarks>
/// The mapping, normalization and code point validity come from <see cref="IdnMapping"/> (ICU).
/// It cannot be given the URL Standard's options: it always rejects leading and trailing hyphens,
/// empty labels and labels or domains over the DNS length limits, and it never applies the Bidi rule.
/// So labels are split here, each run of non-ASCII code points is mapped on its own, Punycode is
/// encoded and decoded by <see cref="Punycode"/>, and the Bidi rule is checked in <see cref="SatisfiesBidiRule(string[])"/>.
/// </remarks>
internal static partial class UrlHostParser
{
    private const string AcePrefix = "xn--";

    // The code points UTS #46 maps to U+002E FULL STOP, which separate labels before mapping.
    private static readonly char[] s_labelSeparators = ['.', '\u3002', '\uFF0E', '\uFF61'];

    /// <summary>
    /// https://url.spec.whatwg.org/#concept-domain-to-ascii: the ASCII form of <paramref name="domain"/>,
    /// or null on failure (an IDNA error, an empty result or a forbidden domain code point).
    /// </summary>
    /// <remarks>An ASCII domain without an <c>xn--</c> label is only lowercased, the shortcut the standard allows.</remarks>
    public static string? DomainToAscii(string domain)
    {
        var lowered = LowerAscii(domain);
        var result = IsAsciiWithoutPunycode(lowered) ? lowered : IdnaToAscii(lowered);
        if (string.IsNullOrEmpty(result))
        {
            return null;
        }

        foreach (var c in result)
        {
            if (IsForbiddenDomainCodePoint(c))
            {
                return null;
            }
        }

        return result;
    }

    private static string? IdnaToAscii(string domain)
    {
        var labels = domain.Split(s_labelSeparators);
        var unicodeLabels = new string[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (!TryConvertLabel(labels[i], out unicodeLabels[i], out labels[i]))
            {
                return null;
            }
        }

        return SatisfiesBidiRule(unicodeLabels) ? string.Join('.', labels) : null;
    }

    // UTS #46 processing of one label (mapped, and decoded if it is Punycode) and its ToASCII form.
    private static bool TryConvertLabel(string label, out string unicode, out string ascii)
    {
        unicode = ascii = label;
        if (label.Length == 0)
        {
            return true;
        }

        var mapped = Ascii.IsValid(label) ? label : MapLabel(label);
        if (mapped is null || mapped.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        if (mapped.StartsWith(AcePrefix, StringComparison.Ordinal))
        {
            var decoded = Ascii.IsValid(mapped) ? Punycode.Decode(mapped.AsSpan(AcePrefix.Length)) : null;
            if (decoded is null || decoded.Length == 0 || Ascii.IsValid(decoded) || MapLabel(decoded) != decoded)
            {
                return false;
            }

            mapped = decoded;
        }

        unicode = mapped;
        if (Ascii.IsValid(mapped))
        {
            ascii = mapped;
            return true;
        }

        var encoded = Punycode.Encode(mapped);
        ascii = AcePrefix + encoded;
        return encoded is not null;
    }

    // The mapped and normalized form of a label that holds non-ASCII code points, or null if the label
    // is invalid. ASCII code points map to themselves, so IdnMapping only sees each run of non-ASCII
    // code points, together with the ASCII character before it, which a combining mark at the start of
    // the run may compose with. A hyphen or the start of the label is stood in for by '0', which
    // composes with nothing, so IdnMapping never sees a label start or end with a hyphen.
    private static string? MapLabel(string label)
    {
        var mapping = new IdnMapping { AllowUnassigned = false, UseStd3AsciiRules = false };
        var result = new StringBuilder(label.Length + 8);
        var index = 0;
        while (index < label.Length)
        {
            var runStart = index;
            while (runStart < label.Length && Ascii.IsValid(label[runStart]))
            {
                runStart++;
            }

            if (runStart == label.Length)
            {
                result.Append(label, index, runStart - index);
                break;
            }

            var runEnd = runStart;
            while (runEnd < label.Length && !Ascii.IsValid(label[runEnd]))
            {
                runEnd++;
            }

            var lead = runStart > 0 ? label[runStart - 1] : '-';
            if (runStart > index)
            {
                result.Append(label, index, runStart - 1 - index);
            }

            var standIn = lead == '-';
            var mapped = MapRun(mapping, string.Concat(standIn ? "0" : lead.ToString(), label.AsSpan(runStart, runEnd - runStart)));
            if (mapped is null || (standIn && !mapped.StartsWith('0')))
            {
                return null;
            }

            if (standIn)
            {
                if (runStart > 0)
                {
                    result.Append('-');
                }

                result.Append(mapped, 1, mapped.Length - 1);
            }
            else
            {
                result.Append(mapped);
            }

            index = runEnd;
        }

        // UTS #46 validity criterion 6: a label must not begin with a combining mark.
        if (result.Length == 0
            || CharUnicodeInfo.GetUnicodeCategory(result.ToString(), 0) is UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
        {
            return null;
        }

        return result.ToString();
    }

    // Maps a run through IdnMapping: ToASCII then, for an xn-- result, back to Unicode. The run starts
    // with an ASCII character, which the mapping keeps.
    private static string? MapRun(IdnMapping mapping, string run)
    {
        try
        {
            var ascii = mapping.GetAscii(run);
            return ascii.StartsWith(AcePrefix, StringComparison.OrdinalIgnoreCase) ? mapping.GetUnicode(ascii) : ascii;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // True when the domain is ASCII and no label starts with "xn--".
    private static bool IsAsciiWithoutPunycode(string domain)
    {
        if (!Ascii.IsValid(domain))
        {
            return false;
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.StartsWith(AcePrefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string LowerAscii(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('A', 'Z') < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
            }
        });
    }
}
