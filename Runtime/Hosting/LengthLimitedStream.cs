namespace Workers.Runtime.Hosting;

/// <summary>A read-only view of a stream that fails once more than a given number of bytes were read.</summary>
internal sealed class LengthLimitedStream(Stream inner, long limit) : ReadObserverStream(inner)
{
    private long _read;

    protected override int OnRead(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw new IOException($"The request body is larger than {limit} bytes.");
        }

        return read;
    }
}
