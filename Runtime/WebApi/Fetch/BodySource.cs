namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// The bytes behind a body (https://fetch.spec.whatwg.org/#concept-body-source): either already
/// in memory, or a .NET stream that is read once, the first time anyone asks, and then kept.
/// A source is shared by a body and its clones, which stands in for teeing the stream
/// (https://fetch.spec.whatwg.org/#concept-body-clone).
/// </summary>
internal sealed class BodySource
{
    private readonly Lock _gate = new();
    /// <summary>The largest declared length read straight into an array of that size.</summary>
    private const long MaxPresized = 16 * 1024 * 1024;

    private Stream? _stream;
    private long _declaredLength = -1;
    private int _sharers;
    private Task<ReadOnlyMemory<byte>>? _read;

    private BodySource(ReadOnlyMemory<byte> bytes) => _read = Task.FromResult(bytes);

    private BodySource(Stream stream) => _stream = stream;

    /// <summary>An empty body.</summary>
    public static BodySource Empty { get; } = new(ReadOnlyMemory<byte>.Empty);

    /// <summary>A body whose bytes are already known.</summary>
    public static BodySource FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes);

    /// <summary>
    /// A body that is read from <paramref name="stream"/> when first needed. A declared length
    /// (the request's Content-Length, or -1) lets the read go straight into one array of that
    /// size; the stream decides the length all the same.
    /// </summary>
    public static BodySource FromStream(Stream stream, long declaredLength = -1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new(stream) { _declaredLength = declaredLength };
    }

    /// <summary>
    /// Whether another body has been given this source (a clone, or a body moved into a new
    /// Request), so its bytes may be read more than once and must not be handed out to a script.
    /// </summary>
    public bool IsShared => Volatile.Read(ref _sharers) > 0;

    /// <summary>Records that one more body reads these bytes.</summary>
    public void Share() => Interlocked.Increment(ref _sharers);

    /// <summary>Whether the bytes are in memory, so that reading them needs no I/O.</summary>
    public bool TryGetBytes(out ReadOnlyMemory<byte> bytes)
    {
        var read = Volatile.Read(ref _read);
        if (read is { IsCompletedSuccessfully: true })
        {
            bytes = read.Result;
            return true;
        }

        bytes = default;
        return false;
    }

    /// <summary>Reads every byte; the stream is read at most once and disposed afterwards. Safe from any thread.</summary>
    public Task<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _read ??= ReadStreamAsync(cancellationToken);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadStreamAsync(CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new ObjectDisposedException(nameof(BodySource));
        try
        {
            if (_declaredLength is > 0 and <= MaxPresized)
            {
                var bytes = new byte[_declaredLength];
                var read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken);
                if (read < bytes.Length)
                {
                    return bytes.AsMemory(0, read);
                }

                // All that was declared: anything more (a length that was wrong) is kept too.
                using var rest = new MemoryStream();
                await stream.CopyToAsync(rest, cancellationToken);
                if (rest.Length == 0)
                {
                    return bytes;
                }

                var whole = new byte[bytes.Length + rest.Length];
                bytes.CopyTo(whole, 0);
                rest.GetBuffer().AsSpan(0, (int)rest.Length).CopyTo(whole.AsSpan(bytes.Length));
                return whole;
            }

            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
        finally
        {
            await stream.DisposeAsync();
            _stream = null;
        }
    }
}
