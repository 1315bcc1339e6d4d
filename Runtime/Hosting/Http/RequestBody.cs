using System.Globalization;

namespace Workers.Runtime.Hosting.Http;

/// <summary>
/// A request body as a read-only stream over the connection: Content-Length or chunked
/// (https://www.rfc-editor.org/rfc/rfc9112#section-7.1), read only when the script reads it.
/// </summary>
/// <remarks>
/// Chunk extensions are ignored and trailer fields are read and dropped (RFC 9112 sections 7.1.1
/// and 7.1.2). A body that breaks its framing, ends early, or grows past
/// <see cref="HttpServer.MaxRequestBodyBytes"/> fails the read with an <see cref="IOException"/>
/// and the connection is closed after the response. With <c>Expect: 100-continue</c>, the
/// interim <c>100 Continue</c> goes out when the script first reads the body. Once the exchange
/// is over the stream is detached from the connection and reads fail.
/// </remarks>
internal sealed class RequestBody : Stream
{
    private const int MaxChunkLineBytes = 4096;
    private const int Reading = 1;
    private const int Detached = 2;

    private readonly HttpConnection _connection;
    private readonly bool _chunked;
    private readonly bool _expectContinue;
    private long _remaining;
    private long _total;
    private int _state;
    private ChunkState _chunkState;
    private bool _failed;

    public RequestBody(HttpConnection connection, long contentLength, bool chunked, bool expectContinue)
    {
        _connection = connection;
        _chunked = chunked;
        _remaining = chunked ? 0 : contentLength;
        _expectContinue = expectContinue;
        _chunkState = ChunkState.Size;
    }

    private enum ChunkState
    {
        Size,
        Data,
        DataEnd,
        Trailers,
        Done,
    }

    /// <summary>Whether the whole body has been read off the connection.</summary>
    public bool IsComplete => _chunked ? _chunkState == ChunkState.Done : _remaining == 0;

    /// <summary>Bytes of a Content-Length body not read yet; -1 for a chunked body not finished.</summary>
    public long Remaining => _chunked ? (IsComplete ? 0 : -1) : _remaining;

    /// <summary>Whether <c>100 Continue</c> was sent (or not needed).</summary>
    public bool ContinueSent { get; private set; }

    /// <summary>Whether a read failed (the framing is lost).</summary>
    public bool Failed => _failed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Ends the stream's use by the script. False when a read is in progress at that moment:
    /// the connection cannot be reused then.
    /// </summary>
    public bool TryDetach() => Interlocked.Exchange(ref _state, Detached) != Reading;

    /// <summary>Reads and drops the rest of the body for the next request on the connection; false when it cannot.</summary>
    public async Task<bool> DrainAsync(long maxBytes)
    {
        if (_failed || Remaining < 0 || Remaining > maxBytes)
        {
            return false;
        }

        var scratch = new byte[(int)Math.Min(Remaining, 16 * 1024)];
        try
        {
            while (!IsComplete)
            {
                if (await ReadCoreAsync(scratch) == 0)
                {
                    return IsComplete;
                }
            }
        }
        catch (IOException)
        {
            return false;
        }

        return true;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, Reading, 0) != 0)
        {
            throw new IOException(_state == Detached ? "The request body can no longer be read: the exchange is over." : "The request body is already being read.");
        }

        try
        {
            if (_expectContinue && !ContinueSent)
            {
                ContinueSent = true;
                await _connection.SendContinueAsync();
            }

            return await ReadCoreAsync(buffer);
        }
        finally
        {
            Interlocked.CompareExchange(ref _state, 0, Reading);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer)
    {
        if (_failed)
        {
            throw new IOException("The request body could not be read.");
        }

        if (buffer.IsEmpty || IsComplete)
        {
            return 0;
        }

        try
        {
            var read = _chunked ? await ReadChunkedAsync(buffer) : await ReadFixedAsync(buffer);
            _total += read;
            if (_total > HttpServer.MaxRequestBodyBytes)
            {
                throw new IOException($"The request body is larger than {HttpServer.MaxRequestBodyBytes} bytes.");
            }

            if (IsComplete)
            {
                _connection.OnBodyComplete();
            }

            return read;
        }
        catch (IOException)
        {
            _failed = true;
            _connection.OnBodyFailed();
            throw;
        }
    }

    private async ValueTask<int> ReadFixedAsync(Memory<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, _remaining);
        var read = await _connection.ReadBodyAsync(buffer[..wanted]);
        if (read <= 0)
        {
            throw new IOException("The client closed the connection before the whole request body arrived.");
        }

        _remaining -= read;
        return read;
    }

    private async ValueTask<int> ReadChunkedAsync(Memory<byte> buffer)
    {
        while (true)
        {
            switch (_chunkState)
            {
                case ChunkState.Size:
                    {
                        var line = await ReadLineAsync();
                        var semicolon = line.IndexOf(';');
                        var size = (semicolon < 0 ? line : line[..semicolon]).TrimEnd(" \t");
                        if (size.IsEmpty || size.Length > 15 || !long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var length))
                        {
                            throw new IOException("The request body has a malformed chunk size.");
                        }

                        _remaining = length;
                        _chunkState = length == 0 ? ChunkState.Trailers : ChunkState.Data;
                        break;
                    }

                case ChunkState.Data:
                    {
                        var read = await _connection.ReadBodyAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
                        if (read <= 0)
                        {
                            throw new IOException("The client closed the connection before the whole request body arrived.");
                        }

                        _remaining -= read;
                        if (_remaining == 0)
                        {
                            _chunkState = ChunkState.DataEnd;
                        }

                        return read;
                    }

                case ChunkState.DataEnd:
                    if ((await ReadLineAsync()).Length != 0)
                    {
                        throw new IOException("The request body has a chunk without its CRLF.");
                    }

                    _chunkState = ChunkState.Size;
                    break;

                case ChunkState.Trailers:
                    if ((await ReadLineAsync()).Length == 0)
                    {
                        _chunkState = ChunkState.Done;
                        return 0;
                    }

                    break;

                default:
                    return 0;
            }
        }
    }

    /// <summary>One CRLF-terminated line of the chunked framing, without its CRLF.</summary>
    private async ValueTask<string> ReadLineAsync()
    {
        var line = await _connection.ReadLineAsync(MaxChunkLineBytes);
        return line ?? throw new IOException("The request body's chunked framing is malformed or cut off.");
    }
}
