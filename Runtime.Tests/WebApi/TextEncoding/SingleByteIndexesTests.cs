using System.Security.Cryptography;
using System.Text;
using Workers.Runtime.WebApi.TextEncoding;

namespace Workers.Runtime.Tests.WebApi.TextEncoding;

[TestFixture]
public sealed class SingleByteIndexesTests
{
    private static readonly TextEncodingKind[] s_singleByte =
        Enum.GetValues<TextEncodingKind>().Where(e => e is not (TextEncodingKind.Utf8 or TextEncodingKind.Utf16LE or TextEncodingKind.Utf16BE)).ToArray();

    // The first 8 bytes of the SHA-256 of each table as UTF-16LE, with U+FFFD for "no code point",
    // computed from what workerd's TextDecoder returns for each byte 0x80-0xFF.
    [TestCase("ibm866", "A25888A9B4EF182C")]
    [TestCase("iso-8859-2", "94EF38128BCC3977")]
    [TestCase("iso-8859-3", "213D05D6E69E0476")]
    [TestCase("iso-8859-4", "27E593B480951D83")]
    [TestCase("iso-8859-5", "6C919B3A587C7CBE")]
    [TestCase("iso-8859-6", "470E08F6472764E6")]
    [TestCase("iso-8859-7", "D3F5437FD0CF9D0B")]
    [TestCase("iso-8859-8", "03AFA3740A29CCD6")]
    [TestCase("iso-8859-8-i", "03AFA3740A29CCD6")]
    [TestCase("iso-8859-10", "C8C0281D4E69A50C")]
    [TestCase("iso-8859-13", "2BED73C3E30729A5")]
    [TestCase("iso-8859-14", "441F5012DD403296")]
    [TestCase("iso-8859-15", "FF5C4CC74B5FE8D4")]
    [TestCase("iso-8859-16", "E958ABB222EF8165")]
    [TestCase("koi8-r", "4112AFA4FE4A1378")]
    [TestCase("koi8-u", "A6DC194043E10C9C")]
    [TestCase("macintosh", "F00FAD0AD5F7BD5B")]
    [TestCase("windows-874", "A65A70C42457541C")]
    [TestCase("windows-1250", "41A07BA6BFFC50B5")]
    [TestCase("windows-1251", "3D2730074946ED31")]
    [TestCase("windows-1252", "39E614A5DCFD75BC")]
    [TestCase("windows-1253", "4185084FDE329DA6")]
    [TestCase("windows-1254", "B9334850BEB16C68")]
    [TestCase("windows-1255", "BB03DF3EF0447255")]
    [TestCase("windows-1256", "403F372EDBF66CA9")]
    [TestCase("windows-1257", "2B30900D54740E9D")]
    [TestCase("windows-1258", "E4219075917632C0")]
    [TestCase("x-mac-cyrillic", "AF99D7F4F94CECED")]
    [TestCase("x-user-defined", "1B7148160B2ADFB4")]
    public void For_EachEncoding_MatchesWorkerd(string name, string expectedHash)
    {
        var table = SingleByteIndexes.For(Lookup(name));
        Assert.That(table, Has.Length.EqualTo(128));
        Assert.That(Convert.ToHexString(SHA256.HashData(Encoding.Unicode.GetBytes(table)))[..16], Is.EqualTo(expectedHash));
    }

    // The bytes web-platform-tests' encoding/textdecoder-fatal-single-byte.any.js expects to fail.
    [TestCase("iso-8859-3", new[] { 0xA5, 0xAE, 0xBE, 0xC3, 0xD0, 0xE3, 0xF0 })]
    [TestCase("iso-8859-7", new[] { 0xAE, 0xD2, 0xFF })]
    [TestCase("windows-874", new[] { 0xDB, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD, 0xFE, 0xFF })]
    [TestCase("windows-1253", new[] { 0xAA, 0xD2, 0xFF })]
    [TestCase("windows-1255", new[] { 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xFB, 0xFC, 0xFF })]
    [TestCase("windows-1257", new[] { 0xA1, 0xA5 })]
    [TestCase("koi8-r", new int[0])]
    [TestCase("macintosh", new int[0])]
    [TestCase("iso-8859-16", new int[0])]
    public void For_BytesWithoutCodePoint_AreMarked(string name, int[] expectedBytes)
    {
        var table = SingleByteIndexes.For(Lookup(name));
        var marked = Enumerable.Range(0, 128).Where(i => table[i] == '\uFFFD').Select(i => 0x80 + i);
        Assert.That(marked, Is.EqualTo(expectedBytes));
    }

    [TestCase("iso-8859-6", 45)]
    [TestCase("iso-8859-8", 36)]
    [TestCase("iso-8859-8-i", 36)]
    public void For_ArabicAndHebrew_LeaveOutTheExpectedNumberOfBytes(string name, int expectedCount)
        => Assert.That(SingleByteIndexes.For(Lookup(name)).Count(c => c == '\uFFFD'), Is.EqualTo(expectedCount));

    [Test]
    public void For_OutOfRangeValue_Throws()
        => Assert.That(() => SingleByteIndexes.For((TextEncodingKind)999), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void For_SameEncoding_ReturnsSameTable()
    {
        var first = SingleByteIndexes.For(TextEncodingKind.Koi8R);
        Assert.That(SingleByteIndexes.For(TextEncodingKind.Koi8R), Is.SameAs(first));
        Assert.That(SingleByteIndexes.For(TextEncodingKind.Iso8859Part8I), Is.SameAs(SingleByteIndexes.For(TextEncodingKind.Iso8859Part8)));
    }

    [Test]
    public void For_ConcurrentFirstUse_BuildsOneTable()
    {
        var tables = new string[8];
        Parallel.For(0, tables.Length, i => tables[i] = SingleByteIndexes.For(TextEncodingKind.Windows1258));
        Assert.That(tables, Has.All.SameAs(tables[0]));
    }

    [Test]
    public void For_Windows1252_AgreesWithWindows1252Decoder()
    {
        var bytes = Enumerable.Range(0x80, 128).Select(b => (byte)b).ToArray();
        var output = new char[128];
        new Windows1252Decoder().Decode(bytes, output, flush: true, fatal: true, out _);
        Assert.That(SingleByteIndexes.For(TextEncodingKind.Windows1252), Is.EqualTo(new string(output)));
    }

    [TestCase("utf-8")]
    [TestCase("utf-16le")]
        public void For_NotSingleByte_Throws(string name)
        => Assert.That(() => SingleByteIndexes.For(Lookup(name)), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Decode_AsciiBytes_AreThemselvesInEveryEncoding()
    {
        var ascii = Enumerable.Range(0, 128).Select(b => (byte)b).ToArray();
        var expected = new string(ascii.Select(b => (char)b).ToArray());
        foreach (var encoding in s_singleByte)
        {
            var decoder = new StreamingTextDecoder(encoding, fatal: true, ignoreBom: false);
            Assert.That(decoder.TryDecode(ascii, stream: false, out var text), Is.True, encoding.ToString());
            Assert.That(text, Is.EqualTo(expected), encoding.ToString());
        }
    }

    [TestCase("koi8-r", new byte[] { 0xC1 }, "\u0430")]
    [TestCase("windows-1251", new byte[] { 0xC0 }, "\u0410")]
    [TestCase("iso-8859-7", new byte[] { 0xA4, 0xAE, 0xC1 }, "\u20AC\uFFFD\u0391")]
    [TestCase("iso-8859-8-i", new byte[] { 0xFD, 0xFE, 0xFF }, "\u200E\u200F\uFFFD")]
    [TestCase("windows-1254", new byte[] { 0xEF, 0xBB, 0xBF }, "\u00EF\u00BB\u00BF")]
    [TestCase("x-user-defined", new byte[] { 0x7F, 0x80, 0xFF }, "\u007F\uF780\uF7FF")]
    public void TryDecode_SingleByte_MapsBytes(string name, byte[] bytes, string expected)
    {
        var decoder = new StreamingTextDecoder(Lookup(name), fatal: false, ignoreBom: false);
        Assert.That(decoder.TryDecode(bytes, stream: false, out var text), Is.True);
        Assert.That(text, Is.EqualTo(expected));
    }

    [Test]
    public void TryDecode_FatalSingleByteError_FailsAndRecovers()
    {
        var decoder = new StreamingTextDecoder(TextEncodingKind.Iso8859Part7, fatal: true, ignoreBom: false);
        Assert.That(decoder.TryDecode([0x41, 0xAE], stream: false, out _), Is.False);
        Assert.That(decoder.TryDecode([0xC1, 0x42], stream: false, out var text), Is.True);
        Assert.That(text, Is.EqualTo("\u0391B"));
    }

    private static TextEncodingKind Lookup(string name)
    {
        Assert.That(EncodingLabels.TryGetEncoding(name, out var encoding), Is.True, name);
        Assert.That(EncodingLabels.NameOf(encoding), Is.EqualTo(name));
        return encoding;
    }
}
