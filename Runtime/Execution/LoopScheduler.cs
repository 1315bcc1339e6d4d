using System.Collections.Concurrent;

namespace Workers.Runtime.Execution;

/// <summary>
/// Runs event loops on dedicated threads with large stacks. A loop that has work is queued here
/// and picked up by an idle thread; when every thread is busy (say, one isolate burns its CPU
/// limit) a new thread starts at once instead of after the thread pool's starvation delay, so a
/// busy isolate never delays another. Idle threads above the core count exit after a while.
/// </summary>
/// <remarks>
/// The threads get 24 MiB stacks because Jint interprets recursively: a plain JS call costs about
/// 1.6 KB of native stack (measured with Jint 4.18), so 24 MiB lets a simple recursive function
/// go about 15,000 calls deep before the stack guard's catchable RangeError, where V8 allows about
/// 11,000; the thread pool's default stack would stop it below 1,000. Stack pages are committed
/// only as deep recursion touches them.
/// </remarks>
internal sealed class LoopScheduler
{
    private const int StackSize = 24 * 1024 * 1024;
    private static readonly TimeSpan s_idleExit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<EventLoop> _ready = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly int _minThreads;
    private readonly int _maxThreads;
    private int _threads;
    private int _idle;

    public LoopScheduler(int minThreads, int maxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, minThreads);
        _minThreads = minThreads;
        _maxThreads = maxThreads;
    }

    /// <summary>The scheduler every isolate uses unless told otherwise.</summary>
    public static LoopScheduler Shared { get; } = new(Environment.ProcessorCount, 1024);

    /// <summary>Threads alive now.</summary>
    public int ThreadCount => Volatile.Read(ref _threads);

    /// <summary>Queues a loop that has work; it runs on the next free thread.</summary>
    public void Schedule(EventLoop loop)
    {
        _ready.Enqueue(loop);
        if (Volatile.Read(ref _idle) == 0)
        {
            TryStartThread();
        }

        _signal.Release();
    }

    private void TryStartThread()
    {
        while (true)
        {
            var count = Volatile.Read(ref _threads);
            if (count >= _maxThreads)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _threads, count + 1, count) == count)
            {
                break;
            }
        }

        var thread = new Thread(Work, StackSize)
        {
            IsBackground = true,
            Name = "workers-loop",
        };
        thread.Start();
    }

    private void Work()
    {
        while (true)
        {
            Interlocked.Increment(ref _idle);
            var signalled = _signal.Wait(s_idleExit);
            Interlocked.Decrement(ref _idle);
            if (!signalled)
            {
                if (_ready.IsEmpty && TryRetireThread())
                {
                    return;
                }

                continue;
            }

            if (_ready.TryDequeue(out var loop))
            {
                // Schedule counts idle threads, and two loops scheduled back to back can both
                // count this thread before it wakes: it then takes one while the other waits
                // behind it, for as long as this slice burns. Start a thread for the other now.
                if (!_ready.IsEmpty && Volatile.Read(ref _idle) == 0)
                {
                    TryStartThread();
                }

                loop.RunSlice();
            }
        }
    }

    private bool TryRetireThread()
    {
        while (true)
        {
            var count = Volatile.Read(ref _threads);
            if (count <= _minThreads)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _threads, count - 1, count) == count)
            {
                return true;
            }
        }
    }
}
