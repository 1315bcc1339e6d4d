namespace Workers.Runtime.Isolates;

/// <summary>
/// What <see cref="RetentionMonitor"/> knows of one isolate: the memory it was found to keep
/// across turns, against its memory limit.
/// </summary>
internal sealed class IsolateRetention
{
    private long _kept;

    public IsolateRetention(long limitBytes) => LimitBytes = limitBytes;

    /// <summary>The isolate's memory limit.</summary>
    public long LimitBytes { get; }

    /// <summary>Bytes the isolate was found to keep so far (never below zero).</summary>
    public long KeptBytes => Interlocked.Read(ref _kept);

    /// <summary>Whether it keeps more than its limit.</summary>
    public bool IsOver => KeptBytes > LimitBytes;

    /// <summary>The last verification window in which a turn of the isolate was measured.</summary>
#pragma warning disable CA1051 // Read and written with Volatile by the monitor.
    public int Window;
#pragma warning restore CA1051

    private int _turns;
    private int _turnsSince = -1;

    /// <summary>Counts a turn; <paramref name="closed"/> is how many windows have closed so far.</summary>
    public void CountTurn(int closed)
    {
        if (Volatile.Read(ref _turnsSince) != closed)
        {
            Volatile.Write(ref _turns, 0);
            Volatile.Write(ref _turnsSince, closed);
        }

        Interlocked.Increment(ref _turns);
    }

    /// <summary>Turns counted since window <paramref name="closed"/> closed.</summary>
    public int TurnsSince(int closed) => Volatile.Read(ref _turnsSince) == closed ? Volatile.Read(ref _turns) : 0;

    /// <summary>Adds what a measured turn kept, or its share of unexplained growth (negative: released).</summary>
    public void Add(long bytes)
    {
        long current, next;
        do
        {
            current = Interlocked.Read(ref _kept);
            next = Math.Max(0, current + bytes);
        }
        while (Interlocked.CompareExchange(ref _kept, next, current) != current);
    }
}
