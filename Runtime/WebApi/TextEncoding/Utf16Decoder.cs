namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// The shared UTF-16 decoder (https://encoding.spec.whatwg.org/#shared-utf-16-decoder), for
/// UTF-16LE and UTF-16BE. A lone surrogate becomes U+FFFD; an odd final byte is an error.
/// </summary>
internal sealed class Utf16Decoder : ByteDecoder
{
    private readonly bool _bigEndian;
    private int _leadByte = -1;
    private int _leadSurrogate = -1;

    /// <summary>Creates a decoder for UTF-16BE (<paramref name="bigEndian"/>) or UTF-16LE.</summary>
    public Utf16Decoder(bool bigEndian) => _bigEndian = bigEndian;

    /// <inheritdoc/>
    /// <remarks>
    /// Every code unit yields at most one code unit, plus one U+FFFD for a lead surrogate kept from
    /// an earlier call and one for what is left at the end of the stream.
    /// </remarks>
    public override long MaxCharCount(int byteCount) => (byteCount / 2L) + 3;

    /// <inheritdoc/>
    public override bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int written)
    {
        written = 0;
        foreach (var value in input)
        {
            if (_leadByte < 0)
            {
                _leadByte = value;
                continue;
            }

            var codeUnit = _bigEndian ? (_leadByte << 8) | value : (value << 8) | _leadByte;
            _leadByte = -1;
            if (_leadSurrogate >= 0)
            {
                var lead = _leadSurrogate;
                _leadSurrogate = -1;
                if (char.IsLowSurrogate((char)codeUnit))
                {
                    output[written++] = (char)lead;
                    output[written++] = (char)codeUnit;
                    continue;
                }

                // The spec puts the code unit's bytes back; decoding them again is this same code unit.
                if (fatal)
                {
                    return false;
                }

                output[written++] = Replacement;
            }

            if (char.IsHighSurrogate((char)codeUnit))
            {
                _leadSurrogate = codeUnit;
            }
            else if (char.IsLowSurrogate((char)codeUnit))
            {
                if (fatal)
                {
                    return false;
                }

                output[written++] = Replacement;
            }
            else
            {
                output[written++] = (char)codeUnit;
            }
        }

        if (flush && (_leadByte >= 0 || _leadSurrogate >= 0))
        {
            Reset();
            if (fatal)
            {
                return false;
            }

            output[written++] = Replacement;
        }

        return true;
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _leadByte = -1;
        _leadSurrogate = -1;
    }
}
