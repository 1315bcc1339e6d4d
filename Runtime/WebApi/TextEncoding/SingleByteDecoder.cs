using System.Diagnostics;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// The single-byte decoder (https://encoding.spec.whatwg.org/#single-byte-decoder): a byte below
/// 0x80 is the code point with the same value, and a byte from 0x80 up is looked up in the
/// encoding's index; a byte the index has no code point for is an error.
/// </summary>
/// <remarks>
/// Each byte is decoded on its own, so the decoder keeps no state between calls. It holds only a
/// reference to the shared table from <see cref="SingleByteIndexes"/>.
/// </remarks>
internal sealed class SingleByteDecoder : ByteDecoder
{
    private readonly string _index;

    /// <summary>Creates a decoder over <paramref name="index"/>, the 128 code points of bytes 0x80 to 0xFF with U+FFFD for "no code point".</summary>
    public SingleByteDecoder(string index)
    {
        Debug.Assert(index.Length == SingleByteIndexes.Length);
        _index = index;
    }

    /// <inheritdoc/>
    public override long MaxCharCount(int byteCount) => byteCount;

    /// <inheritdoc/>
    public override bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int written)
    {
        var index = _index;
        for (var i = 0; i < input.Length; i++)
        {
            var value = input[i];
            if (value < 0x80)
            {
                output[i] = (char)value;
                continue;
            }

            var codePoint = index[value - 0x80];
            if (codePoint == Replacement && fatal)
            {
                written = i;
                return false;
            }

            output[i] = codePoint;
        }

        written = input.Length;
        return true;
    }

    /// <inheritdoc/>
    public override void Reset()
    {
    }
}
