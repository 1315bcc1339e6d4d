using Workers.Runtime.WebApi.TextEncoding;

namespace Workers.Runtime.Tests.WebApi.TextEncoding;

[TestFixture]
public sealed class Utf8EncoderTests
{
    [Test]
    public void Encode_LoneSurrogates_BecomeReplacementCharacter()
        => Assert.That(Utf8Encoder.Encode("a\uD800\uDBFF\uDFFF\uDC00"), Is.EqualTo(new byte[] { 0x61, 0xEF, 0xBF, 0xBD, 0xF4, 0x8F, 0xBF, 0xBF, 0xEF, 0xBF, 0xBD }));

    [TestCase("a\U0001F600b", 5, 3, 5)]
    [TestCase("a\U0001F600b", 4, 1, 1)]
    [TestCase("\u20AC\u20AC", 5, 1, 3)]
    [TestCase("\uD800", 3, 1, 3)]
    [TestCase("\uD800", 2, 0, 0)]
    [TestCase("xyz", 0, 0, 0)]
    public void EncodeInto_SmallDestination_StopsAtWholeCodePoint(string text, int size, int read, int written)
        => Assert.That(Utf8Encoder.EncodeInto(text, new byte[size]), Is.EqualTo((read, written)));
}
