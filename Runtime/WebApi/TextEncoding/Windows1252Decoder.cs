namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// The single-byte decoder (https://encoding.spec.whatwg.org/#single-byte-decoder) with the
/// windows-1252 index (https://encoding.spec.whatwg.org/index-windows-1252.txt), which is also
/// what the labels "latin1", "ascii" and "iso-8859-1" mean on the web.
/// </summary>
/// <remarks>
/// Every byte maps to a code point: 0x00-0x7F and 0xA0-0xFF to themselves, and 0x80-0x9F
/// through the table below, where five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1
/// control with the same number. So the decoder never reports an error, and .NET's
/// <c>Encoding.Latin1</c>, which maps 0x80-0x9F to C1 controls, is not a substitute. The other
/// single-byte encodings use <see cref="SingleByteDecoder"/>; this one, the most common, keeps its
/// own 32-entry table so that it needs no .NET code page.
/// </remarks>
internal sealed class Windows1252Decoder : ByteDecoder
{
    /// <summary>The code points of bytes 0x80 to 0x9F.</summary>
    private const string HighControls =
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
        "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    /// <inheritdoc/>
    public override long MaxCharCount(int byteCount) => byteCount;

    /// <inheritdoc/>
    public override bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int written)
    {
        for (var i = 0; i < input.Length; i++)
        {
            var value = input[i];
            output[i] = value is >= 0x80 and <= 0x9F ? HighControls[value - 0x80] : (char)value;
        }

        written = input.Length;
        return true;
    }

    /// <inheritdoc/>
    public override void Reset()
    {
    }
}
