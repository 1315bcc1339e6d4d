namespace Workers.Runtime.Isolates;

/// <summary>
/// One live isolate as its pool and the process-wide manager see it: its place in the
/// least-recently-used order and the events being handed to it right now.
/// </summary>
internal sealed class IsolateSlot
{
    public IsolateSlot(Isolate isolate, IsolatePool pool)
    {
        Isolate = isolate;
        Pool = pool;
        Node = new LinkedListNode<IsolateSlot>(this);
    }

    public Isolate Isolate { get; }

    public IsolatePool Pool { get; }

    /// <summary>Its node in the manager's LRU list; guarded by the manager's lock.</summary>
    public LinkedListNode<IsolateSlot> Node { get; }

    /// <summary>When it was last handed an event (a <see cref="TimeProvider"/> timestamp); guarded by the manager's lock.</summary>
    public long LastUsed { get; set; }

    /// <summary>Events chosen for it but not yet posted; guarded by the pool's lock. A reserved isolate is never evicted.</summary>
    public int Reserved { get; set; }

    /// <summary>Set once, by whichever of eviction or draining removes it first; guarded by the pool's lock.</summary>
    public bool Removed { get; set; }

    /// <summary>Whether it could be evicted now: no events running, none on the way, nothing queued.</summary>
    public bool IsIdle => Reserved == 0 && Isolate.ActiveCount == 0 && !Isolate.IsBusy;
}
