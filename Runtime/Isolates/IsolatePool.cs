namespace Workers.Runtime.Isolates;

/// <summary>
/// The instances of one worker. Each event goes to a warm instance whose loop is free (the most
/// recently used, so the others go idle and become evictable); when every instance is busy
/// running JavaScript, a new one is started, up to <see cref="MaxInstances"/>, so a CPU-bound
/// worker can use every core. Past that, events queue on the least loaded instance, where they
/// interleave at <c>await</c> points as in a Workers instance. No event is ever pinned to an
/// instance. A retired instance (a limit breach, eviction, reload) takes no new events and is
/// dropped once its events end. When an extra instance fails to start (its script threw, or ran
/// out of a limit, while loading), the events waiting for it go to the live instances instead,
/// and no extra instance is tried for <see cref="StartRetryDelay"/>.
/// </summary>
internal sealed class IsolatePool
{
    private readonly Func<Task<Isolate>> _factory;
    private readonly IsolateManager _manager;
    private readonly object _gate = new();
    private readonly List<IsolateSlot> _slots = [];
    private readonly List<Task<IsolateSlot>> _starting = [];
    private int _pendingStarts;
    private long _startsResumeAt;
    private int _created;
    private int _nextStarting;
    private bool _closed;

    public IsolatePool(string workerName, Func<Task<Isolate>> factory, int maxInstances, IsolateManager manager)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInstances, 1);
        WorkerName = workerName;
        _factory = factory;
        MaxInstances = maxInstances;
        _manager = manager;
    }

    public string WorkerName { get; }

    /// <summary>The pool's lock; the manager may take it inside its own (never the reverse).</summary>
    internal object Gate => _gate;

    public int MaxInstances { get; }

    /// <summary>How long after an instance failed to start no extra one is tried while others live.</summary>
    public static TimeSpan StartRetryDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Isolates created so far, the first included.</summary>
    public int CreatedCount => Volatile.Read(ref _created);

    /// <summary>Instances that take new events now.</summary>
    public int InstanceCount
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count(s => !s.Isolate.IsRetired);
            }
        }
    }

    /// <summary>The instances in the pool now (not the retired ones that still finish their events); for tests and diagnostics.</summary>
    internal Isolate[] Instances()
    {
        lock (_gate)
        {
            return [.. _slots.Select(s => s.Isolate)];
        }
    }

    /// <summary>Starts an instance if there is none yet; for start-up, so a broken script fails early.</summary>
    public Task WarmAsync()
    {
        Task<IsolateSlot>? starting = null;
        lock (_gate)
        {
            if (_slots.Exists(s => !s.Isolate.IsRetired))
            {
                return Task.CompletedTask;
            }

            starting = _starting.Count > 0 ? _starting[0] : StartInstance();
        }

        return starting;
    }

    /// <summary>
    /// Hands the next event to an instance: <paramref name="dispatch"/> must post the event to the
    /// isolate before it returns (as <see cref="Isolate.DispatchFetchAsync"/> does), so that the
    /// isolate is never seen idle, and evicted, in between.
    /// </summary>
    /// <exception cref="WorkerLoadException">A new instance was needed and the script failed to start.</exception>
    public Task<T> DispatchAsync<T>(Func<Isolate, Task<T>> dispatch)
    {
        IsolateSlot? slot;
        Task<IsolateSlot>? starting = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            slot = Choose(out starting);
            if (slot is not null)
            {
                slot.Reserved++;
            }
        }

        return slot is not null ? Run(slot, dispatch) : DispatchWhenStartedAsync(starting!, dispatch);
    }

    /// <summary>
    /// Evicts <paramref name="slot"/> if it is idle: it leaves the pool and retires. Called by the
    /// manager under its own lock; this takes the pool's lock inside it, never the other way round.
    /// </summary>
    public bool TryEvict(IsolateSlot slot)
    {
        lock (_gate)
        {
            if (slot.Removed || !slot.IsIdle)
            {
                return false;
            }

            slot.Removed = true;
            _slots.Remove(slot);
        }

        slot.Isolate.Retire();
        return true;
    }

    /// <summary>Retires every instance (reload or shutdown): events in flight finish, new ones are refused.</summary>
    public void Close()
    {
        IsolateSlot[] slots;
        lock (_gate)
        {
            _closed = true;
            slots = [.. _slots];
            _slots.Clear();
            foreach (var slot in slots)
            {
                slot.Removed = true;
            }
        }

        foreach (var slot in slots)
        {
            _manager.Remove(slot, EvictionReason.Reload);
            slot.Isolate.Retire();
        }
    }

    private IsolateSlot? Choose(out Task<IsolateSlot>? starting)
    {
        starting = null;
        IsolateSlot? free = null;
        IsolateSlot? leastLoaded = null;
        var leastLoad = int.MaxValue;
        var live = 0;
        for (var i = _slots.Count - 1; i >= 0; i--)
        {
            var slot = _slots[i];
            if (slot.Isolate.IsRetired)
            {
                // Retired by a breach: it drains on its own and is removed from the manager then.
                _slots.RemoveAt(i);
                continue;
            }

            live++;
            if (free is null && slot.Reserved == 0 && !slot.Isolate.IsBusy)
            {
                // _slots is kept in order of use, most recent last.
                free = slot;
            }

            var load = slot.Isolate.ActiveCount + slot.Reserved;
            if (load < leastLoad)
            {
                leastLoad = load;
                leastLoaded = slot;
            }
        }

        if (free is not null)
        {
            MarkUsed(free);
            return free;
        }

        var backingOff = live > 0 && Environment.TickCount64 < _startsResumeAt;
        if (live + _pendingStarts < MaxInstances && !backingOff)
        {
            starting = StartInstance();
            return null;
        }

        if (leastLoaded is null)
        {
            // Everything is still starting: spread the waiting events over the starting instances.
            starting = _starting[_nextStarting++ % _starting.Count];
            return null;
        }

        MarkUsed(leastLoaded);
        return leastLoaded;
    }

    private void MarkUsed(IsolateSlot slot)
    {
        if (!ReferenceEquals(_slots[^1], slot))
        {
            _slots.Remove(slot);
            _slots.Add(slot);
        }
    }

    private Task<IsolateSlot> StartInstance()
    {
        Interlocked.Increment(ref _created);
        _pendingStarts++;
        var task = StartAsync();
        _starting.Add(task);
        _ = task.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _starting.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    private async Task<IsolateSlot> StartAsync()
    {
        // Yield first, so the caller's lock is released before the factory runs.
        await Task.Yield();
        Isolate isolate;
        try
        {
            isolate = await _factory();
        }
        catch
        {
            lock (_gate)
            {
                _pendingStarts--;
                _startsResumeAt = Environment.TickCount64 + (long)StartRetryDelay.TotalMilliseconds;
            }

            throw;
        }

        var slot = new IsolateSlot(isolate, this);
        isolate.Drained += _ => OnDrained(slot);
        lock (_gate)
        {
            // Counted as live from here on, no longer as starting.
            _pendingStarts--;
            if (_closed)
            {
                slot.Removed = true;
            }
            else
            {
                _slots.Add(slot);
            }
        }

        if (slot.Removed)
        {
            isolate.Retire();
            throw new ObjectDisposedException(nameof(IsolatePool));
        }

        _manager.Add(slot);
        return slot;
    }

    private async Task<T> DispatchWhenStartedAsync<T>(Task<IsolateSlot> starting, Func<Isolate, Task<T>> dispatch)
    {
        IsolateSlot? slot;
        try
        {
            slot = await starting;
        }
        catch (WorkerLoadException) when (HasLiveInstance())
        {
            // An extra instance failed to start; the live ones take the event (no new start is
            // tried for a while, so this does not loop).
            return await DispatchAsync(dispatch);
        }

        lock (_gate)
        {
            if (slot.Removed || slot.Isolate.IsRetired)
            {
                slot = null;
            }
            else
            {
                slot.Reserved++;
            }
        }

        return slot is not null ? await Run(slot, dispatch) : await DispatchAsync(dispatch);
    }

    private bool HasLiveInstance()
    {
        lock (_gate)
        {
            return _slots.Exists(s => !s.Isolate.IsRetired);
        }
    }

    private Task<T> Run<T>(IsolateSlot slot, Func<Isolate, Task<T>> dispatch)
    {
        _manager.Touch(slot);
        try
        {
            return dispatch(slot.Isolate);
        }
        finally
        {
            lock (_gate)
            {
                slot.Reserved--;
            }
        }
    }

    private void OnDrained(IsolateSlot slot)
    {
        lock (_gate)
        {
            if (slot.Removed)
            {
                return;
            }

            slot.Removed = true;
            _slots.Remove(slot);
        }

        _manager.Remove(slot, EvictionReason.Retired);
    }
}
