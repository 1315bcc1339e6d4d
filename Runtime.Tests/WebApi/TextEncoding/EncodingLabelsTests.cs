using Workers.Runtime.WebApi.TextEncoding;

namespace Workers.Runtime.Tests.WebApi.TextEncoding;

[TestFixture]
public sealed class EncodingLabelsTests
{
    [TestCase("utf-8", "utf-8")]
    [TestCase(" \t\n\f\rUTF8\r\n", "utf-8")]
    [TestCase("Unicode-1-1-UTF-8", "utf-8")]
    [TestCase("utf-16", "utf-16le")]
    [TestCase("UCS-2", "utf-16le")]
    [TestCase("utf-16be", "utf-16be")]
    [TestCase("unicodeFFFE", "utf-16be")]
    [TestCase("ISO_8859-1:1987", "windows-1252")]
    [TestCase("ansi_x3.4-1968", "windows-1252")]
    [TestCase("cp866", "ibm866")]
    [TestCase("csISOLatinCyrillic", "iso-8859-5")]
    [TestCase("iso_8859-6:1987", "iso-8859-6")]
    [TestCase("logical", "iso-8859-8-i")]
    [TestCase("visual", "iso-8859-8")]
    [TestCase("l6", "iso-8859-10")]
    [TestCase("KOI8_R", "koi8-r")]
    [TestCase("koi8-ru", "koi8-u")]
    [TestCase("x-mac-roman", "macintosh")]
    [TestCase("tis-620", "windows-874")]
    [TestCase("iso-8859-9", "windows-1254")]
    [TestCase("x-mac-ukrainian", "x-mac-cyrillic")]
    [TestCase("x-user-defined", "x-user-defined")]
    public void TryGetEncoding_KnownLabel_ReturnsEncoding(string label, string expectedName)
    {
        Assert.That(EncodingLabels.TryGetEncoding(label, out var encoding), Is.True);
        Assert.That(EncodingLabels.NameOf(encoding), Is.EqualTo(expectedName));
    }

    [TestCase("")]
    [TestCase("utf-32")]
    [TestCase("replacement")]
    [TestCase("shift_jis")]
    [TestCase("iso-8859-12")]
    [TestCase("iso8859-16")]
    [TestCase("\u00a0utf-8")]
    [TestCase("utf\u212a8")]
    [TestCase("utf8\u0130")]
    [TestCase("utf-8\v")]
    [TestCase("a-label-that-is-much-longer-than-any-real-encoding-label")]
    public void TryGetEncoding_UnknownLabel_Fails(string label)
        => Assert.That(EncodingLabels.TryGetEncoding(label, out _), Is.False);

    [Test]
    public void NameOf_EachEncoding_IsLowercaseName()
        => Assert.That(
            Enum.GetValues<TextEncodingKind>().Select(EncodingLabels.NameOf),
            Is.EqualTo(new[]
            {
                "utf-8", "utf-16le", "utf-16be", "windows-1252", "ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4",
                "iso-8859-5", "iso-8859-6", "iso-8859-7", "iso-8859-8", "iso-8859-8-i", "iso-8859-10", "iso-8859-13",
                "iso-8859-14", "iso-8859-15", "iso-8859-16", "koi8-r", "koi8-u", "macintosh", "windows-874",
                "windows-1250", "windows-1251", "windows-1253", "windows-1254", "windows-1255", "windows-1256",
                "windows-1257", "windows-1258", "x-mac-cyrillic", "x-user-defined",
            }));
}
