using System.Text;
using Workers.Runtime.WebApi.TextEncoding;

namespace Workers.Runtime.Tests.WebApi.TextEncoding;

[TestFixture]
public sealed class StreamingTextDecoderTests
{
    private static string Decode(TextEncodingKind encoding, byte[] bytes, bool fatal = false, bool ignoreBom = false)
    {
        var decoder = new StreamingTextDecoder(encoding, fatal, ignoreBom);
        Assert.That(decoder.TryDecode(bytes, stream: false, out var text), Is.True);
        return text!;
    }

    private static string DecodeInChunks(TextEncodingKind encoding, byte[] bytes, int[] cuts)
    {
        var decoder = new StreamingTextDecoder(encoding, fatal: false, ignoreBom: false);
        var output = new StringBuilder();
        var start = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            Assert.That(decoder.TryDecode(bytes.AsSpan(start, cut - start), stream: cut < bytes.Length, out var text), Is.True);
            output.Append(text);
            start = cut;
        }

        return output.ToString();
    }

    [Test]
    public void TryDecode_RandomBytes_MatchesDotNetUtf8Replacement()
    {
        // .NET's UTF-8 decoder also replaces each maximal subpart with one U+FFFD; the two must agree.
        var random = new Random(42);
        for (var round = 0; round < 500; round++)
        {
            var bytes = new byte[random.Next(0, 40)];
            for (var i = 0; i < bytes.Length; i++)
            {
                // Mostly bytes that start or continue multi-byte sequences, to hit the edge cases.
                bytes[i] = (byte)(random.Next(4) == 0 ? random.Next(0x80) : random.Next(0x80, 0x100));
            }

            var expected = Encoding.UTF8.GetString(bytes);
            if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                expected = expected[1..];
            }

            Assert.That(Decode(TextEncodingKind.Utf8, bytes), Is.EqualTo(expected), Convert.ToHexString(bytes));
        }
    }

    [Test]
    public void TryDecode_EverySplitOfUtf8_GivesTheSameText()
    {
        byte[] bytes = [0x41, 0xF0, 0x9F, 0x98, 0x80, 0xE2, 0x82, 0xAC, 0xC3, 0xA9, 0xFF, 0xE0, 0x80, 0xF0, 0x9F, 0x41, 0xED, 0xA0, 0x80, 0xC3];
        var whole = Decode(TextEncodingKind.Utf8, bytes);
        Assert.That(whole, Is.EqualTo("A\U0001F600\u20AC\u00E9\uFFFD\uFFFD\uFFFD\uFFFDA\uFFFD\uFFFD\uFFFD\uFFFD"));
        for (var a = 0; a <= bytes.Length; a++)
        {
            for (var b = a; b <= bytes.Length; b++)
            {
                Assert.That(DecodeInChunks(TextEncodingKind.Utf8, bytes, [a, b]), Is.EqualTo(whole), $"cuts {a}, {b}");
            }
        }
    }

    [Test]
    public void TryDecode_EverySplitOfUtf16_GivesTheSameText()
    {
        byte[] bytes = [0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8, 0x00, 0xDE, 0x00, 0xD8, 0x42, 0x00, 0x00, 0xDC, 0x43];
        var whole = Decode(TextEncodingKind.Utf16LE, bytes);
        Assert.That(whole, Is.EqualTo("A\U0001F600\uFFFDB\uFFFD\uFFFD"));
        for (var a = 0; a <= bytes.Length; a++)
        {
            for (var b = a; b <= bytes.Length; b++)
            {
                Assert.That(DecodeInChunks(TextEncodingKind.Utf16LE, bytes, [a, b]), Is.EqualTo(whole), $"cuts {a}, {b}");
            }
        }
    }

    [Test]
    public void TryDecode_Utf16BigEndian_SwapsBytes()
        => Assert.That(Decode(TextEncodingKind.Utf16BE, [0xFE, 0xFF, 0xD8, 0x3D, 0xDE, 0x00, 0x00, 0x7A]), Is.EqualTo("\U0001F600z"));

    [Test]
    public void TryDecode_LargeInput_UsesPooledBufferAndKeepsText()
    {
        var text = string.Concat(Enumerable.Repeat("aé中😀", 500));
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.That(Decode(TextEncodingKind.Utf8, bytes), Is.EqualTo(text));
        Assert.That(Decode(TextEncodingKind.Utf16LE, Encoding.Unicode.GetBytes(text)), Is.EqualTo(text));
        Assert.That(Decode(TextEncodingKind.Utf16BE, Encoding.BigEndianUnicode.GetBytes(text)), Is.EqualTo(text));
    }

    [Test]
    public void TryDecode_FatalError_ReturnsFalseThenStartsFresh()
    {
        var decoder = new StreamingTextDecoder(TextEncodingKind.Utf8, fatal: true, ignoreBom: false);
        Assert.That(decoder.TryDecode([0xE2, 0x82], stream: true, out var partial), Is.True);
        Assert.That(partial, Is.Empty);
        Assert.That(decoder.TryDecode([0x41], stream: true, out var text), Is.False);
        Assert.That(text, Is.Null);
        Assert.That(decoder.TryDecode([0xEF, 0xBB, 0xBF, 0xAC], stream: false, out var afterError), Is.False);
        Assert.That(decoder.TryDecode([0xEF, 0xBB, 0xBF, 0x42], stream: false, out var fresh), Is.True);
        Assert.That(fresh, Is.EqualTo("B"));
    }

    [Test]
    public void TryDecode_ByteOrderMarkSplitAcrossCalls_IsDroppedOnce()
    {
        var decoder = new StreamingTextDecoder(TextEncodingKind.Utf8, fatal: false, ignoreBom: false);
        var parts = new List<string>();
        foreach (var chunk in new byte[][] { [0xEF], [0xBB, 0xBF], [0xEF, 0xBB, 0xBF] })
        {
            Assert.That(decoder.TryDecode(chunk, stream: true, out var text), Is.True);
            parts.Add(text!);
        }

        Assert.That(parts, Is.EqualTo(new[] { "", "", "\uFEFF" }));
    }

    [Test]
    public void TryDecode_Windows1252_NeverFailsAndKeepsByteOrderMark()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var text = Decode(TextEncodingKind.Windows1252, all, fatal: true);
        Assert.That(text, Has.Length.EqualTo(256));
        Assert.That(text[0x80], Is.EqualTo('\u20AC'));
        Assert.That(text[0x81], Is.EqualTo('\u0081'));
        Assert.That(text[0x9F], Is.EqualTo('\u0178'));
        Assert.That(text[0xA0], Is.EqualTo('\u00A0'));
        Assert.That(Decode(TextEncodingKind.Windows1252, [0xEF, 0xBB, 0xBF]), Is.EqualTo("\u00EF\u00BB\u00BF"));
    }

    [Test]
    public void IsTooLong_HugeInput_IsTrue()
    {
        var decoder = new StreamingTextDecoder(TextEncodingKind.Utf8, fatal: false, ignoreBom: false);
        Assert.That(decoder.IsTooLong(int.MaxValue), Is.True);
        Assert.That(decoder.IsTooLong(1 << 20), Is.False);
        Assert.That(new StreamingTextDecoder(TextEncodingKind.Utf16LE, false, false).IsTooLong(2_000_000_000), Is.False);
    }
}
