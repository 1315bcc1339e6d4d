namespace Workers.Runtime.Isolates;

/// <summary>
/// Hands out the isolate that serves a worker's next event. For now a worker runs one isolate at
/// a time: events interleave inside it at <c>await</c> points; when it retires (a limit breach)
/// the next event starts a fresh isolate while the old one finishes its events and is dropped.
/// </summary>
internal sealed class IsolatePool
{
    private readonly Func<Task<Isolate>> _factory;
    private readonly object _gate = new();
    private Task<Isolate>? _current;
    private int _created;

    public IsolatePool(Func<Task<Isolate>> factory) => _factory = factory;

    /// <summary>Isolates created so far, the first included.</summary>
    public int CreatedCount => Volatile.Read(ref _created);

    /// <summary>The isolate for the next event, created if there is none usable.</summary>
    public Task<Isolate> GetAsync()
    {
        lock (_gate)
        {
            if (_current is { IsCompletedSuccessfully: true } ready && !ready.Result.IsRetired)
            {
                return ready;
            }

            if (_current is { IsCompleted: false } starting)
            {
                return starting;
            }

            Interlocked.Increment(ref _created);
            _current = _factory();
            return _current;
        }
    }
}
