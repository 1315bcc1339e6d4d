using System.Globalization;
using System.Text;

namespace Workers.Runtime.WebApi.Url;

/// <content>
/// The Bidi rule of RFC 5893 section 2 (https://www.rfc-editor.org/rfc/rfc5893#section-2), which UTS #46
/// applies with CheckBidi to every label of a domain that has a right-to-left label.
/// </content>
/// <remarks>
/// .NET does not expose the Unicode Bidi_Class property, so <see cref="GetBidiClass"/> derives it from the
/// general category and the blocks of the right-to-left scripts. That is exact for the letters, digits and
/// marks a domain label can hold, not for every symbol.
/// </remarks>
internal static partial class UrlHostParser
{
    private enum BidiClass
    {
        L,
        R,
        AL,
        EN,
        AN,
        ES,
        CS,
        ET,
        NSM,
        BN,
        ON,
    }

    // An ASCII label before the first right-to-left label may start with a digit (RFC 5893 section 3).
    private static bool SatisfiesBidiRule(string[] labels)
    {
        var firstRightToLeft = Array.FindIndex(labels, IsRightToLeftLabel);
        if (firstRightToLeft < 0)
        {
            return true;
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i].Length > 0 && !SatisfiesBidiRule(labels[i], i < firstRightToLeft && Ascii.IsValid(labels[i])))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SatisfiesBidiRule(string label, bool allowLeadingDigit)
    {
        var classes = new List<BidiClass>(label.Length);
        foreach (var rune in label.EnumerateRunes())
        {
            classes.Add(GetBidiClass(rune));
        }

        var rightToLeft = classes[0] is BidiClass.R or BidiClass.AL;
        if (!rightToLeft && classes[0] != BidiClass.L && !(allowLeadingDigit && classes[0] == BidiClass.EN))
        {
            return false;
        }

        var end = classes.Count - 1;
        while (end > 0 && classes[end] == BidiClass.NSM)
        {
            end--;
        }

        var hasEuropeanNumber = false;
        var hasArabicNumber = false;
        foreach (var bidiClass in classes)
        {
            switch (bidiClass)
            {
                case BidiClass.L when rightToLeft:
                case BidiClass.R or BidiClass.AL or BidiClass.AN when !rightToLeft:
                    return false;
                case BidiClass.EN:
                    hasEuropeanNumber = true;
                    break;
                case BidiClass.AN:
                    hasArabicNumber = true;
                    break;
            }
        }

        return rightToLeft
            ? !(hasEuropeanNumber && hasArabicNumber) && classes[end] is BidiClass.R or BidiClass.AL or BidiClass.EN or BidiClass.AN
            : classes[end] is BidiClass.L or BidiClass.EN;
    }

    private static bool IsRightToLeftLabel(string label)
    {
        foreach (var rune in label.EnumerateRunes())
        {
            if (GetBidiClass(rune) is BidiClass.R or BidiClass.AL or BidiClass.AN)
            {
                return true;
            }
        }

        return false;
    }

    private static BidiClass GetBidiClass(Rune rune)
    {
        var c = rune.Value;
        if (c < 0x80)
        {
            return c switch
            {
                >= '0' and <= '9' => BidiClass.EN,
                (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') => BidiClass.L,
                '+' or '-' => BidiClass.ES,
                ',' or '.' or '/' or ':' => BidiClass.CS,
                '#' or '$' or '%' => BidiClass.ET,
                _ => BidiClass.ON,
            };
        }

        if (c is (>= 0x0600 and <= 0x0605) or (>= 0x0660 and <= 0x0669) or 0x066B or 0x066C or 0x06DD
            or 0x0890 or 0x0891 or 0x08E2 or (>= 0x10D30 and <= 0x10D39) or (>= 0x10E60 and <= 0x10E7E))
        {
            return BidiClass.AN;
        }

        if (c is (>= 0x06F0 and <= 0x06F9) or 0xB2 or 0xB3 or 0xB9)
        {
            return BidiClass.EN;
        }

        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return BidiClass.NSM;
        }

        if (category == UnicodeCategory.Format)
        {
            return BidiClass.BN;
        }

        if (c is (>= 0x0600 and <= 0x07BF) or (>= 0x0860 and <= 0x08FF) or (>= 0xFB50 and <= 0xFDCF)
            or (>= 0xFDF0 and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10D00 and <= 0x10D3F)
            or (>= 0x10EC0 and <= 0x10EFF) or (>= 0x10F30 and <= 0x10F6F) or (>= 0x1EC70 and <= 0x1ECBF)
            or (>= 0x1ED00 and <= 0x1ED4F) or (>= 0x1EE00 and <= 0x1EEFF))
        {
            return BidiClass.AL;
        }

        if (c is (>= 0x0590 and <= 0x05FF) or (>= 0x07C0 and <= 0x085F) or (>= 0xFB1D and <= 0xFB4F)
            or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF))
        {
            return BidiClass.R;
        }

        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber => BidiClass.L,
            UnicodeCategory.CurrencySymbol => BidiClass.ET,
            _ => BidiClass.ON,
        };
    }
}
