using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// The state behind one <c>TextDecoder</c> (https://encoding.spec.whatwg.org/#textdecodercommon):
/// its encoding, error mode, "ignore BOM" and the decoder, "BOM seen" and "do not flush" that
/// carry a stream across <see cref="TryDecode"/> calls.
/// </summary>
internal sealed class StreamingTextDecoder
{
    /// <summary>The longest string .NET can hold; longer output is refused rather than failing inside .NET.</summary>
    public const int MaxStringLength = 0x3FFFFFDF;

    private const char ByteOrderMark = '\uFEFF';
    private readonly ByteDecoder _decoder;
    private bool _bomSeen;
    private bool _doNotFlush;

    /// <summary>Creates the state for a new <c>TextDecoder</c>.</summary>
    public StreamingTextDecoder(TextEncodingKind encoding, bool fatal, bool ignoreBom)
    {
        Encoding = encoding;
        Fatal = fatal;
        IgnoreBom = ignoreBom;
        _decoder = ByteDecoder.For(encoding);
    }

    /// <summary>https://encoding.spec.whatwg.org/#textdecoder-encoding</summary>
    public TextEncodingKind Encoding { get; }

    /// <summary>Whether the error mode is "fatal" (https://encoding.spec.whatwg.org/#textdecoder-error-mode).</summary>
    public bool Fatal { get; }

    /// <summary>https://encoding.spec.whatwg.org/#textdecoder-ignore-bom-flag</summary>
    public bool IgnoreBom { get; }

    /// <summary>
    /// Whether decoding <paramref name="byteCount"/> more bytes could produce a string longer than
    /// .NET allows; the caller refuses such input before calling <see cref="TryDecode"/>.
    /// </summary>
    public bool IsTooLong(int byteCount) => _decoder.MaxCharCount(byteCount) > MaxStringLength;

    /// <summary>
    /// https://encoding.spec.whatwg.org/#dom-textdecoder-decode: decodes <paramref name="input"/>
    /// after whatever an earlier call with <paramref name="stream"/> left incomplete. Without
    /// <paramref name="stream"/> the stream ends, and the next call starts a new one. Returns false
    /// on invalid input in fatal mode; the decoder then starts a new stream on its next call.
    /// </summary>
    /// <remarks>
    /// After a fatal error in a streaming call the spec leaves the rest of the queued bytes for the
    /// next call; here they are dropped with the stream.
    /// </remarks>
    public bool TryDecode(ReadOnlySpan<byte> input, bool stream, [NotNullWhen(true)] out string? text)
    {
        if (!_doNotFlush)
        {
            _decoder.Reset();
            _bomSeen = false;
        }

        _doNotFlush = stream;
        var max = (int)_decoder.MaxCharCount(input.Length);
        var rented = max > 256 ? ArrayPool<char>.Shared.Rent(max) : null;
        try
        {
            Span<char> buffer = rented is null ? stackalloc char[256] : rented;
            if (!_decoder.Decode(input, buffer, flush: !stream, Fatal, out var written))
            {
                _decoder.Reset();
                _bomSeen = false;
                _doNotFlush = false;
                text = null;
                return false;
            }

            text = new string(SkipByteOrderMark(buffer[..written]));
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// https://encoding.spec.whatwg.org/#concept-td-serialize: for the UTF encodings, unless BOM
    /// handling is off, a U+FEFF that is the stream's first code point is dropped.
    /// </summary>
    private ReadOnlySpan<char> SkipByteOrderMark(ReadOnlySpan<char> text)
    {
        if (IgnoreBom || _bomSeen || Encoding is not (TextEncodingKind.Utf8 or TextEncodingKind.Utf16LE or TextEncodingKind.Utf16BE) || text.IsEmpty)
        {
            return text;
        }

        _bomSeen = true;
        return text[0] == ByteOrderMark ? text[1..] : text;
    }
}
