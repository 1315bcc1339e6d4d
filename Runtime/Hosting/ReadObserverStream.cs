namespace Workers.Runtime.Hosting;

/// <summary>
/// A read-only pass-through over a request body that sees every read: the base of the streams
/// that track whether a body was touched and that cap its length.
/// </summary>
internal abstract class ReadObserverStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        OnReading();
        return OnRead(inner.Read(buffer, offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        OnReading();
        return OnRead(inner.Read(buffer));
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        OnReading();
        return OnRead(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        OnReading();
        return OnRead(await inner.ReadAsync(buffer, cancellationToken));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Called before each read starts.</summary>
    protected virtual void OnReading()
    {
    }

    /// <summary>Called with the number of bytes each read returned; returns it (or throws).</summary>
    protected virtual int OnRead(int read) => read;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
