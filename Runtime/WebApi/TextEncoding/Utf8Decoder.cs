using System.Text;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// The UTF-8 decoder (https://encoding.spec.whatwg.org/#utf-8-decoder). An invalid sequence
/// becomes one U+FFFD per maximal subpart, and the byte that ended it is decoded again.
/// </summary>
internal sealed class Utf8Decoder : ByteDecoder
{
    private int _codePoint;
    private int _bytesSeen;
    private int _bytesNeeded;
    private int _lowerBoundary = 0x80;
    private int _upperBoundary = 0xBF;

    /// <inheritdoc/>
    /// <remarks>
    /// Every byte yields at most one code unit (a four-byte sequence yields two), and the bytes
    /// kept from an earlier call (at most three) yield at most one more each.
    /// </remarks>
    public override long MaxCharCount(int byteCount) => (long)byteCount + 4;

    /// <inheritdoc/>
    public override bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int written)
    {
        written = 0;
        var i = 0;
        while (i < input.Length)
        {
            if (_bytesNeeded == 0)
            {
                if (input[i] < 0x80)
                {
                    // A run of ASCII is copied in bulk; the status only says where the run ends.
                    Ascii.ToUtf16(input[i..], output[written..], out var ascii);
                    i += ascii;
                    written += ascii;
                    continue;
                }

                if (!Lead(input[i++]))
                {
                    if (fatal)
                    {
                        return false;
                    }

                    output[written++] = Replacement;
                }

                continue;
            }

            var value = input[i];
            if (value < _lowerBoundary || value > _upperBoundary)
            {
                // The byte is not consumed: it starts over after the error.
                Reset();
                if (fatal)
                {
                    return false;
                }

                output[written++] = Replacement;
                continue;
            }

            i++;
            _lowerBoundary = 0x80;
            _upperBoundary = 0xBF;
            _codePoint = (_codePoint << 6) | (value & 0x3F);
            _bytesSeen++;
            if (_bytesSeen == _bytesNeeded)
            {
                written += new Rune(_codePoint).EncodeToUtf16(output[written..]);
                Reset();
            }
        }

        if (flush && _bytesNeeded != 0)
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
        _codePoint = 0;
        _bytesSeen = 0;
        _bytesNeeded = 0;
        _lowerBoundary = 0x80;
        _upperBoundary = 0xBF;
    }

    /// <summary>Starts a multi-byte sequence at a non-ASCII lead byte; false if it cannot start one.</summary>
    private bool Lead(byte value)
    {
        switch (value)
        {
            case >= 0xC2 and <= 0xDF:
                _bytesNeeded = 1;
                _codePoint = value & 0x1F;
                return true;
            case >= 0xE0 and <= 0xEF:
                if (value == 0xE0)
                {
                    _lowerBoundary = 0xA0;
                }
                else if (value == 0xED)
                {
                    _upperBoundary = 0x9F;
                }

                _bytesNeeded = 2;
                _codePoint = value & 0xF;
                return true;
            case >= 0xF0 and <= 0xF4:
                if (value == 0xF0)
                {
                    _lowerBoundary = 0x90;
                }
                else if (value == 0xF4)
                {
                    _upperBoundary = 0x8F;
                }

                _bytesNeeded = 3;
                _codePoint = value & 0x7;
                return true;
            default:
                return false;
        }
    }
}
