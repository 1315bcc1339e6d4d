using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Workers.Runtime.Isolates;

/// <summary>
/// Keeps the isolates of every worker in one process within bounds: a cap on live isolates, an
/// optional cap on managed memory, and an idle timeout. It keeps all live isolates in
/// least-recently-used order and evicts from the cold end, skipping any isolate that is running
/// or about to run an event: eviction never cuts an event short. Share one manager between the
/// workers of a process.
/// </summary>
public sealed partial class IsolateManager : IDisposable
{
    private static readonly TimeSpan s_maxSweepPeriod = TimeSpan.FromSeconds(1);

    private readonly IsolateManagerOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly LinkedList<IsolateSlot> _lru = new();
    private readonly long[] _evicted = new long[Enum.GetValues<EvictionReason>().Length];
    private readonly ITimer _sweeper;
    private readonly long _idleTicks;
    private long _created;
    private int _lastGcIndexChecked = -1;

    /// <summary>Creates a manager; its sweep (idle timeout, memory) runs on <see cref="IsolateManagerOptions.TimeProvider"/>.</summary>
    public IsolateManager(IsolateManagerOptions? options = null, ILogger? logger = null)
    {
        _options = (options ?? new IsolateManagerOptions()).Clone();
        _logger = logger ?? NullLogger.Instance;
        var time = _options.TimeProvider;
        _idleTicks = (long)(_options.IdleTimeout.TotalSeconds * time.TimestampFrequency);
        var period = _options.IdleTimeout / 2 < s_maxSweepPeriod ? _options.IdleTimeout / 2 : s_maxSweepPeriod;
        _sweeper = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    /// <summary>The bounds this manager enforces.</summary>
    public IsolateManagerOptions Options => _options;

    /// <summary>Isolates alive now, over all workers (retired ones count until their events end).</summary>
    public int LiveCount
    {
        get
        {
            lock (_gate)
            {
                return _lru.Count;
            }
        }
    }

    /// <summary>Isolates created since the manager started.</summary>
    public long CreatedCount => Interlocked.Read(ref _created);

    /// <summary>Raised after an isolate joins; the argument is its worker's name.</summary>
    public event Action<string>? IsolateCreated;

    /// <summary>Raised after an isolate leaves, with its worker's name and why.</summary>
    public event Action<string, EvictionReason>? IsolateRemoved;

    /// <summary>Isolates that left for <paramref name="reason"/> so far.</summary>
    public long EvictedCount(EvictionReason reason) => Interlocked.Read(ref _evicted[(int)reason]);

    /// <summary>Evicts idle isolates that have been idle longer than the timeout, and checks memory; runs on a timer.</summary>
    public void Sweep()
    {
        var now = _options.TimeProvider.GetTimestamp();
        var evicted = new List<IsolateSlot>();
        lock (_gate)
        {
            var node = _lru.First;
            while (node is not null && now - node.Value.LastUsed >= _idleTicks)
            {
                var next = node.Next;
                TryEvictLocked(node.Value, evicted);
                node = next;
            }
        }

        Report(evicted, EvictionReason.IdleTimeout);
        evicted.Clear();
        lock (_gate)
        {
            // Over the cap because every isolate was busy when the last one was added: catch up.
            EnforceCapLocked(null, evicted);
        }

        Report(evicted, EvictionReason.IsolateCap);
        CheckMemory();
    }

    /// <inheritdoc />
    public void Dispose() => _sweeper.Dispose();

    internal void Add(IsolateSlot slot)
    {
        var evicted = new List<IsolateSlot>();
        lock (_gate)
        {
            lock (slot.Pool.Gate)
            {
                // Closed, or drained after a breach, before it got here: it must not count as live.
                if (slot.Removed)
                {
                    return;
                }

                slot.LastUsed = _options.TimeProvider.GetTimestamp();
                _lru.AddLast(slot.Node);
            }

            Interlocked.Increment(ref _created);
            EnforceCapLocked(slot, evicted);
        }

        IsolateCreated?.Invoke(slot.Pool.WorkerName);
        Report(evicted, EvictionReason.IsolateCap);
        if (evicted.Count == 0 && LiveCount > _options.MaxIsolates)
        {
            Log.OverCap(_logger, LiveCount, _options.MaxIsolates);
        }

        CheckMemory();
    }

    internal void Touch(IsolateSlot slot)
    {
        lock (_gate)
        {
            slot.LastUsed = _options.TimeProvider.GetTimestamp();
            if (slot.Node.List is not null && slot.Node != _lru.Last)
            {
                _lru.Remove(slot.Node);
                _lru.AddLast(slot.Node);
            }
        }
    }

    internal void Remove(IsolateSlot slot, EvictionReason reason)
    {
        lock (_gate)
        {
            if (slot.Node.List is null)
            {
                return;
            }

            _lru.Remove(slot.Node);
        }

        Interlocked.Increment(ref _evicted[(int)reason]);
        IsolateRemoved?.Invoke(slot.Pool.WorkerName, reason);
    }

    private void EnforceCapLocked(IsolateSlot? spare, List<IsolateSlot> evicted)
    {
        var node = _lru.First;
        while (_lru.Count > _options.MaxIsolates && node is not null)
        {
            var next = node.Next;
            if (!ReferenceEquals(node.Value, spare))
            {
                TryEvictLocked(node.Value, evicted);
            }

            node = next;
        }
    }

    private void TryEvictLocked(IsolateSlot slot, List<IsolateSlot> evicted)
    {
        if (slot.Pool.TryEvict(slot))
        {
            _lru.Remove(slot.Node);
            evicted.Add(slot);
        }
    }

    private void Report(List<IsolateSlot> evicted, EvictionReason reason)
    {
        foreach (var slot in evicted)
        {
            Interlocked.Increment(ref _evicted[(int)reason]);
            IsolateRemoved?.Invoke(slot.Pool.WorkerName, reason);
        }
    }

    /// <summary>
    /// After each garbage collection, if the heap it left is over the cap, evicts about as many
    /// least recently used idle isolates as the excess amounts to at the average size per isolate.
    /// </summary>
    private void CheckMemory()
    {
        if (_options.MaxMemoryBytes is not { } cap)
        {
            return;
        }

        var info = GC.GetGCMemoryInfo();
        if (info.Index == 0 || info.Index == Volatile.Read(ref _lastGcIndexChecked))
        {
            return;
        }

        Volatile.Write(ref _lastGcIndexChecked, (int)info.Index);
        var heap = info.HeapSizeBytes;
        if (heap <= cap)
        {
            return;
        }

        var evicted = new List<IsolateSlot>();
        int wanted;
        lock (_gate)
        {
            if (_lru.Count == 0)
            {
                return;
            }

            var perIsolate = Math.Max(1, heap / _lru.Count);
            wanted = (int)Math.Min(_lru.Count, ((heap - cap) / perIsolate) + 1);
            var node = _lru.First;
            while (node is not null && evicted.Count < wanted)
            {
                var next = node.Next;
                TryEvictLocked(node.Value, evicted);
                node = next;
            }
        }

        Log.OverMemory(_logger, heap / (1024 * 1024), cap / (1024 * 1024), evicted.Count);
        Report(evicted, EvictionReason.Memory);
        if (evicted.Count < wanted)
        {
            RetireKeepers(heap - cap);
        }
    }

    /// <summary>
    /// When evicting idle isolates cannot bring the heap under the cap, retires busy ones that were
    /// found keeping memory across requests (<see cref="Isolate.KeptBytes"/>), most first, until
    /// what they keep covers the excess: they take no new events, and what they keep is freed once
    /// their events end. Busy isolates not found keeping anything are left alone.
    /// </summary>
    private void RetireKeepers(long excess)
    {
        List<IsolateSlot> keepers;
        lock (_gate)
        {
            keepers = [.. _lru.Where(s => !s.Isolate.IsRetired && s.Isolate.KeptBytes > 0).OrderByDescending(s => s.Isolate.KeptBytes)];
        }

        long freed = 0;
        foreach (var slot in keepers)
        {
            if (freed >= excess)
            {
                break;
            }

            freed += slot.Isolate.KeptBytes;
            slot.Isolate.Retire();
            Log.RetiredKeeper(_logger, slot.Pool.WorkerName, slot.Isolate.KeptBytes / (1024 * 1024));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "{Live} isolates are alive, over the cap of {Cap}, and all of them are running events; evicting as they go idle")]
        public static partial void OverCap(ILogger logger, int live, int cap);

        [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Managed heap {HeapMiB} MiB is over the cap of {CapMiB} MiB: evicted {Count} idle isolates")]
        public static partial void OverMemory(ILogger logger, long heapMiB, long capMiB, int count);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "[{Worker}] retired a busy isolate that keeps {KeptMiB} MiB across requests: the managed heap is over its cap")]
        public static partial void RetiredKeeper(ILogger logger, string worker, long keptMiB);
    }
}
