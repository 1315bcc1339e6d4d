using Workers.Runtime.WebApi.TextEncoding;

namespace Workers.Runtime.Tests.WebApi.TextEncoding;

[TestFixture]
public sealed class Base64Tests
{
    [TestCase("", new byte[0])]
    [TestCase("Zm9v", new byte[] { 0x66, 0x6f, 0x6f })]
    [TestCase("Zm8=", new byte[] { 0x66, 0x6f })]
    [TestCase("Zm8", new byte[] { 0x66, 0x6f })]
    [TestCase("Zg==", new byte[] { 0x66 })]
    [TestCase("Zg", new byte[] { 0x66 })]
    [TestCase(" Z\tg\n=\f=\r", new byte[] { 0x66 })]
    [TestCase("YR", new byte[] { 0x61 })]
    [TestCase("YWK", new byte[] { 0x61, 0x62 })]
    [TestCase("+/+/", new byte[] { 0xfb, 0xff, 0xbf })]
    public void TryDecode_ValidInput_ReturnsBytes(string data, byte[] expected)
    {
        Assert.That(Base64.TryDecode(data, out var bytes), Is.True);
        Assert.That(bytes, Is.EqualTo(expected));
    }

    [TestCase("a")]
    [TestCase("abcde")]
    [TestCase("ab=")]
    [TestCase("abc==")]
    [TestCase("a===")]
    [TestCase("====")]
    [TestCase("=")]
    [TestCase("ab==cd")]
    [TestCase("a=bc")]
    [TestCase("-_-_")]
    [TestCase("ab\vcd")]
    [TestCase("ab\u00a0cd")]
    [TestCase("ab\u0100d")]
    [TestCase("ab\u0661d")]
    public void TryDecode_InvalidInput_Fails(string data)
        => Assert.That(Base64.TryDecode(data, out _), Is.False);

    [Test]
    public void TryDecode_LongInput_MatchesConvert()
    {
        var random = new Random(1234);
        var original = new byte[3000];
        random.NextBytes(original);
        var encoded = Convert.ToBase64String(original);
        var spaced = string.Join("\n", Enumerable.Range(0, (encoded.Length + 75) / 76).Select(i => encoded.Substring(i * 76, Math.Min(76, encoded.Length - (i * 76)))));

        Assert.That(Base64.TryDecode(spaced, out var bytes), Is.True);
        Assert.That(bytes, Is.EqualTo(original));
    }

    [Test]
    public void Encode_Bytes_UsesPadding()
        => Assert.That(Base64.Encode([0xff, 0xfe, 0x00, 0x61]), Is.EqualTo("//4AYQ=="));
}
