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
    public void TryGetEncoding_KnownLabel_ReturnsEncoding(string label, string expectedName)
    {
        Assert.That(EncodingLabels.TryGetEncoding(label, out var encoding), Is.True);
        Assert.That(EncodingLabels.NameOf(encoding), Is.EqualTo(expectedName));
    }

    [TestCase("")]
    [TestCase("utf-32")]
    [TestCase("replacement")]
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
            Is.EqualTo(new[] { "utf-8", "utf-16le", "utf-16be", "windows-1252" }));
}
