using System.Collections.Concurrent;

namespace Workers.Runtime.Execution;

/// <summary>
/// An isolate's single-threaded queue of work: an actor. Any thread may <see cref="Post"/>; the
/// items run one at a time, in order, on a <see cref="LoopScheduler"/> thread, so thousands of
/// idle loops cost no threads and one loop never runs on two threads at once.
/// </summary>
internal sealed class EventLoop
{
    private const int ItemsPerSlice = 64;

    private readonly ConcurrentQueue<Action> _queue = new();
    private readonly LoopScheduler _scheduler;
    private readonly Action<Exception> _onUnhandled;
    private int _scheduled;
    private Thread? _thread;

    public EventLoop(LoopScheduler scheduler, Action<Exception> onUnhandled)
    {
        _scheduler = scheduler;
        _onUnhandled = onUnhandled;
    }

    /// <summary>Whether the caller is running on this loop right now.</summary>
    public bool IsCurrentThread => ReferenceEquals(Volatile.Read(ref _thread), Thread.CurrentThread);

    /// <summary>Whether work is waiting in the queue (not counting the item running now).</summary>
    public bool HasQueued => !_queue.IsEmpty;

    /// <summary>Queues work; safe from any thread.</summary>
    public void Post(Action work)
    {
        _queue.Enqueue(work);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            _scheduler.Schedule(this);
        }
    }

    /// <summary>Runs queued items on the calling scheduler thread, a bounded number at a time.</summary>
    internal void RunSlice()
    {
        Volatile.Write(ref _thread, Thread.CurrentThread);
        try
        {
            for (var i = 0; i < ItemsPerSlice && _queue.TryDequeue(out var work); i++)
            {
                try
                {
                    work();
                }
#pragma warning disable CA1031 // The loop must survive any fault of one item; the owner logs it.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _onUnhandled(e);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _thread, null);
            // A full fence, not a release write: the emptiness check below must not move before
            // this store, or a Post in between would see 'scheduled' and nobody would run it.
            Interlocked.Exchange(ref _scheduled, 0);
        }

        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            _scheduler.Schedule(this);
        }
    }
}
