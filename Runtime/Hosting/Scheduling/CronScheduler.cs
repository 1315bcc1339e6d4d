using Cronos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Workers.Runtime.Hosting.Scheduling;

/// <summary>
/// Fires workers' Cron Triggers: one timer per (worker, cron expression), armed for the next
/// occurrence in UTC as Cloudflare evaluates them, and re-armed each time it fires.
/// </summary>
/// <remarks>
/// <para>
/// The callback is started and not awaited before the timer is re-armed, so a slow event delays
/// neither the other crons nor the next occurrence of its own; like Cron Triggers, two runs of one
/// cron may overlap. A callback that throws or returns a faulted task is logged and the schedule
/// goes on. Occurrences missed while the process was not running, or while the clock jumped
/// forward, are skipped rather than caught up.
/// </para>
/// <para>
/// Time comes from the injected <see cref="TimeProvider"/>: with a fake one, advancing the clock
/// past several occurrences fires each of them in turn, with its own scheduled time.
/// </para>
/// </remarks>
internal sealed partial class CronScheduler : IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly Func<string, string, DateTimeOffset, Task> _callback;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Worker, string Cron), Entry> _entries = [];
    private readonly HashSet<Task> _running = [];
    private bool _started;
    private bool _disposed;

    /// <summary>Creates a scheduler; nothing fires until <see cref="Start"/>.</summary>
    /// <param name="timeProvider">The clock and timers.</param>
    /// <param name="triggers">Each worker's cron expressions.</param>
    /// <param name="callback">Runs one scheduled event: worker name, cron expression as configured, scheduled time (UTC).</param>
    /// <param name="logger">Where callback failures go; defaults to none.</param>
    /// <exception cref="ArgumentException">A cron expression is not valid.</exception>
    public CronScheduler(
        TimeProvider timeProvider,
        IEnumerable<(string Worker, IReadOnlyList<string> Crons)> triggers,
        Func<string, string, DateTimeOffset, Task> callback,
        ILogger<CronScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(callback);
        _timeProvider = timeProvider;
        _callback = callback;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        foreach (var (key, expression) in ParseAll(triggers))
        {
            _entries[key] = new Entry(key.Worker, key.Cron, expression);
        }
    }

    /// <summary>The (worker, cron) pairs currently scheduled.</summary>
    public IReadOnlyList<(string Worker, string Cron)> Triggers
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Keys];
            }
        }
    }

    /// <summary>Arms every trigger for its next occurrence; later calls do nothing.</summary>
    /// <exception cref="ObjectDisposedException">The scheduler was disposed.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            _started = true;
            foreach (var entry in _entries.Values)
            {
                Arm(entry, _timeProvider.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Replaces the set of triggers, for a reload: a (worker, cron) pair present before and after
    /// keeps its timer, so its next occurrence is neither lost nor fired twice; removed pairs stop
    /// and new ones are armed (if the scheduler has started). Nothing changes if any expression is invalid.
    /// </summary>
    /// <exception cref="ArgumentException">A cron expression is not valid.</exception>
    /// <exception cref="ObjectDisposedException">The scheduler was disposed.</exception>
    public void Update(IEnumerable<(string Worker, IReadOnlyList<string> Crons)> triggers)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        var parsed = ParseAll(triggers);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var key in _entries.Keys.Where(key => !parsed.ContainsKey(key)).ToArray())
            {
                _entries[key].Stop();
                _entries.Remove(key);
            }

            var now = _timeProvider.GetUtcNow();
            foreach (var (key, expression) in parsed)
            {
                if (_entries.ContainsKey(key))
                {
                    continue;
                }

                var entry = new Entry(key.Worker, key.Cron, expression);
                _entries[key] = entry;
                if (_started)
                {
                    Arm(entry, now);
                }
            }
        }
    }

    /// <summary>The next time each trigger fires, or null for one with no future occurrence or not started.</summary>
    public DateTimeOffset? NextOccurrence(string worker, string cron)
    {
        lock (_gate)
        {
            return _entries.TryGetValue((worker, cron), out var entry) && entry.Timer is not null ? entry.Next : null;
        }
    }

    /// <summary>Stops every timer, then waits for the callbacks already running to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                foreach (var entry in _entries.Values)
                {
                    entry.Stop();
                }

                _entries.Clear();
            }

            running = [.. _running];
        }

        // The callbacks' failures were logged when they happened.
        await Task.WhenAll(running).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static Dictionary<(string Worker, string Cron), CronExpression> ParseAll(IEnumerable<(string Worker, IReadOnlyList<string> Crons)> triggers)
    {
        var parsed = new Dictionary<(string Worker, string Cron), CronExpression>();
        foreach (var (worker, crons) in triggers)
        {
            ArgumentException.ThrowIfNullOrEmpty(worker, nameof(triggers));
            ArgumentNullException.ThrowIfNull(crons, nameof(triggers));
            foreach (var cron in crons)
            {
                ArgumentNullException.ThrowIfNull(cron, nameof(triggers));
                if (!CloudflareCron.TryParse(cron, out var expression, out var error))
                {
                    throw new ArgumentException($"Worker '{worker}': {error}", nameof(triggers));
                }

                parsed.TryAdd((worker, cron), expression);
            }
        }

        return parsed;
    }

    /// <summary>Arms <paramref name="entry"/> for its first occurrence after <paramref name="after"/>; under the gate.</summary>
    private void Arm(Entry entry, DateTimeOffset after)
    {
        var next = CloudflareCron.NextOccurrence(entry.Expression, after);
        if (next is null)
        {
            Log.NoFutureOccurrence(_logger, entry.Worker, entry.Cron);
            entry.Stop();
            return;
        }

        entry.Next = next.Value;
        var due = Due(next.Value);
        if (entry.Timer is null)
        {
            entry.Timer = _timeProvider.CreateTimer(state => OnTimer((Entry)state!), entry, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            entry.Timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private TimeSpan Due(DateTimeOffset at)
    {
        var due = at - _timeProvider.GetUtcNow();
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    private void OnTimer(Entry entry)
    {
        DateTimeOffset scheduled;
        lock (_gate)
        {
            if (entry.Stopped || _disposed)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            if (now < entry.Next)
            {
                // A timer may fire a little early; wait for the occurrence itself.
                entry.Timer!.Change(entry.Next - now, Timeout.InfiniteTimeSpan);
                return;
            }

            scheduled = entry.Next;
            Arm(entry, now > scheduled ? now : scheduled);
        }

        Run(entry, scheduled);
    }

    private void Run(Entry entry, DateTimeOffset scheduled)
    {
        Task task;
        try
        {
            task = _callback(entry.Worker, entry.Cron, scheduled);
        }
#pragma warning disable CA1031 // A failing callback is logged; the schedule must go on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.CallbackFailed(_logger, entry.Worker, entry.Cron, scheduled, e);
            return;
        }

        if (task.IsCompleted)
        {
            Observe(task, entry, scheduled);
            return;
        }

        lock (_gate)
        {
            _running.Add(task);
        }

        task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _running.Remove(t);
                }

                Observe(t, entry, scheduled);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Observe(Task task, Entry entry, DateTimeOffset scheduled)
    {
        if (task.IsFaulted)
        {
            Log.CallbackFailed(_logger, entry.Worker, entry.Cron, scheduled, task.Exception.GetBaseException());
        }
    }

    /// <summary>One (worker, cron) pair and its timer; fields are guarded by the scheduler's gate.</summary>
    private sealed class Entry(string worker, string cron, CronExpression expression)
    {
        public string Worker => worker;

        public string Cron => cron;

        public CronExpression Expression => expression;

        public ITimer? Timer { get; set; }

        public DateTimeOffset Next { get; set; }

        public bool Stopped { get; private set; }

        public void Stop()
        {
            Stopped = true;
            Timer?.Dispose();
            Timer = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "[{Worker}] The scheduled event for cron '{Cron}' at {ScheduledTime:O} failed")]
        public static partial void CallbackFailed(ILogger logger, string worker, string cron, DateTimeOffset scheduledTime, Exception exception);

        [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "[{Worker}] Cron '{Cron}' has no future occurrence; it will never fire")]
        public static partial void NoFutureOccurrence(ILogger logger, string worker, string cron);
    }
}
