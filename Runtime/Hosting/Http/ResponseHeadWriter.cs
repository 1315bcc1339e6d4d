using System.Buffers;
using System.Globalization;

namespace Workers.Runtime.Hosting.Http;

/// <summary>
/// Writes a response head (https://www.rfc-editor.org/rfc/rfc9112#section-4) as bytes into a
/// pooled buffer: the status line, the script's fields with the framing fields replaced by the
/// server's own, <c>Date</c> and <c>Server</c>.
/// </summary>
/// <remarks>
/// A field value is a ByteString: each char (0 to 255) goes out as that one byte, so 0x80-0xFF
/// survive as sent. The Headers class already refuses anything else; a char above 0xFF is
/// written as <c>?</c> and a field with CR, LF or NUL, or a name that is not a token, is left out
/// rather than let a line break into the head.
/// </remarks>
internal ref struct ResponseHeadWriter
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Starts writing into <paramref name="buffer"/>, a pooled array that is grown (and swapped) as needed.</summary>
    public ResponseHeadWriter(byte[] buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    /// <summary>The buffer written into (a larger one after growth; the caller returns it to the pool).</summary>
    public readonly byte[] Buffer => _buffer;

    /// <summary>The bytes written.</summary>
    public readonly int Length => _length;

    /// <summary>
    /// Writes the whole head. <paramref name="contentLength"/> is
    /// the Content-Length to announce, or null for none (1xx, 204, 304).
    /// </summary>
    public void WriteHead(int status, string statusText, IReadOnlyList<KeyValuePair<string, string>> headers, long? contentLength, bool close, bool keepAlive10, ReadOnlySpan<byte> dateLine)
    {
        Ascii("HTTP/1.1 "u8);
        Number(status);
        Ascii(" "u8);
        Text(statusText.Length > 0 ? statusText : StatusReasons.For(status), reason: true);
        Ascii("\r\n"u8);

        var hasServer = false;
        var hasDate = false;
        foreach (var (name, value) in headers)
        {
            if (IsFraming(name) || !IsToken(name) || value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                continue;
            }

            hasServer |= name.Equals("server", StringComparison.OrdinalIgnoreCase);
            hasDate |= name.Equals("date", StringComparison.OrdinalIgnoreCase);
            Text(name, reason: false);
            Ascii(": "u8);
            Text(value, reason: false);
            Ascii("\r\n"u8);
        }

        if (!hasDate)
        {
            Ascii(dateLine);
        }

        if (!hasServer)
        {
            Ascii("Server: workers\r\n"u8);
        }

        if (contentLength is { } length)
        {
            Ascii("Content-Length: "u8);
            Number(length);
            Ascii("\r\n"u8);
        }

        if (close)
        {
            Ascii("Connection: close\r\n"u8);
        }
        else if (keepAlive10)
        {
            Ascii("Connection: keep-alive\r\n"u8);
        }

        Ascii("\r\n"u8);
    }

    /// <summary>Appends raw bytes (a body that fits with the head, to go out in one write).</summary>
    public void Append(ReadOnlySpan<byte> bytes) => Ascii(bytes);

    /// <summary>Whether a field is framing, which the server writes itself (RFC 9112 sections 6 and 9.6).</summary>
    public static bool IsFraming(string name) => name.Length switch
    {
        10 => name.Equals("connection", StringComparison.OrdinalIgnoreCase) || name.Equals("keep-alive", StringComparison.OrdinalIgnoreCase),
        14 => name.Equals("content-length", StringComparison.OrdinalIgnoreCase),
        17 => name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c > 0x7e || c <= 0x20 || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void Ascii(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Number(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Text(string text, bool reason)
    {
        Ensure(text.Length);
        var span = _buffer.AsSpan(_length, text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            span[i] = c > 0xff ? (byte)'?' : reason && c is '\r' or '\n' ? (byte)' ' : (byte)c;
        }

        _length += text.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
