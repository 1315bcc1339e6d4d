namespace Workers.Runtime.Isolates;

/// <summary>
/// Process-wide bounds on isolates, shared by every worker of a host: how many may live at once,
/// how much managed memory the process may hold before idle isolates are evicted, and how long
/// an isolate may sit idle.
/// </summary>
public sealed class IsolateManagerOptions
{
    private int _maxIsolates = 1_000;
    private long? _maxMemoryBytes;
    private TimeSpan _idleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most isolates alive at once, over all workers. Creating one more evicts the least recently
    /// used idle isolate; isolates that are running events are never evicted, so the count can
    /// exceed this briefly while all of them are busy. Defaults to 1,000.
    /// </summary>
    public int MaxIsolates
    {
        get => _maxIsolates;
        set => _maxIsolates = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The isolate cap must be positive.");
    }

    /// <summary>
    /// Managed heap size, in bytes, above which idle isolates are evicted (least recently used
    /// first), measured after each garbage collection. Null (the default) sets no memory cap.
    /// </summary>
    public long? MaxMemoryBytes
    {
        get => _maxMemoryBytes;
        set => _maxMemoryBytes = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The memory cap must be positive.");
    }

    /// <summary>How long an isolate may stay idle before it is evicted. Defaults to 5 minutes.</summary>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        set => _idleTimeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The idle timeout must be positive.");
    }

    /// <summary>The clock for the idle timeout. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A copy, so that later changes do not affect a running manager.</summary>
    public IsolateManagerOptions Clone() => (IsolateManagerOptions)MemberwiseClone();
}
