namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// An encoding's decoder (https://encoding.spec.whatwg.org/#decoder): turns bytes into UTF-16
/// text and keeps an incomplete sequence between calls, so that a stream can be decoded in chunks.
/// </summary>
internal abstract class ByteDecoder
{
    /// <summary>The character U+FFFD that replaces each error when the error mode is "replacement".</summary>
    protected const char Replacement = '\uFFFD';

    /// <summary>
    /// The most UTF-16 code units that decoding <paramref name="byteCount"/> more bytes can
    /// produce, counting the state kept from earlier calls and the end of the stream.
    /// </summary>
    public abstract long MaxCharCount(int byteCount);

    /// <summary>
    /// Decodes <paramref name="input"/> into <paramref name="output"/> (at least
    /// <see cref="MaxCharCount"/> long). With <paramref name="flush"/> the stream ends: an
    /// incomplete sequence left over is an error. Returns false at the first error when
    /// <paramref name="fatal"/> (https://encoding.spec.whatwg.org/#error-mode "fatal"); the decoder
    /// must then be <see cref="Reset"/> before it is used again.
    /// </summary>
    public abstract bool Decode(ReadOnlySpan<byte> input, Span<char> output, bool flush, bool fatal, out int written);

    /// <summary>Forgets any incomplete sequence, as a new instance of the decoder would.</summary>
    public abstract void Reset();

    /// <summary>
    /// A new decoder for <paramref name="encoding"/>. The single-byte encodings other than
    /// windows-1252 share their tables from <see cref="SingleByteIndexes"/>.
    /// </summary>
    public static ByteDecoder For(TextEncodingKind encoding) => encoding switch
    {
        TextEncodingKind.Utf8 => new Utf8Decoder(),
        TextEncodingKind.Utf16LE => new Utf16Decoder(bigEndian: false),
        TextEncodingKind.Utf16BE => new Utf16Decoder(bigEndian: true),
        TextEncodingKind.Windows1252 => new Windows1252Decoder(),
        _ => new SingleByteDecoder(SingleByteIndexes.For(encoding)),
    };
}
