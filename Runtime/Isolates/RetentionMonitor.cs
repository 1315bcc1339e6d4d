using System.Diagnostics;

namespace Workers.Runtime.Isolates;

/// <summary>
/// Finds the isolates that keep memory from one request to the next (a module-level array that
/// grows with every request), so the per-isolate memory limit holds across turns, not only within
/// one. The heap is the process's, shared by every isolate, so memory cannot simply be counted
/// per isolate; it is found by measurement, and only when the process's live heap grows.
/// </summary>
/// <remarks>
/// <para>
/// Cheap path, at the end of every turn: one read of the heap size. Each time the heap has grown
/// by <see cref="TriggerBytes"/> (garbage included) since the last look, a full collection measures
/// the live heap. If that has grown by <see cref="TriggerBytes"/> since the last baseline, a
/// <em>verification window</em> opens for <see cref="WindowLength"/>: the next turn of each isolate
/// in it runs between two full collections, and what the heap kept across the turn is what the
/// turn kept. An isolate whose measured turn kept something (more than <see cref="NoiseBytes"/>) is
/// charged that much for each of its turns since the last window, but never more than the live
/// heap's growth not yet charged to another (growth no measured turn explains, such as new
/// isolates, is charged to no one). An isolate whose count passes its memory limit breaches it at
/// its next turn (error 1102) and is retired, which frees what it kept once its requests end.
/// </para>
/// <para>
/// Costs fall only where memory is kept: a worker that allocates and drops never opens a window.
/// Limits: objects a request holds only until it ends count if the measured turn leaves them alive
/// (a request that is not over yet); a leak much slower than its neighbours' churn is found late,
/// and the process-wide cap (<see cref="IsolateManagerOptions.MaxMemoryBytes"/>) bounds it then.
/// </para>
/// </remarks>
internal sealed class RetentionMonitor
{
    /// <summary>Growth of the heap that makes the monitor look, and of the live heap that opens a window: 64 MiB.</summary>
    public const long TriggerBytes = 64L * 1024 * 1024;

    /// <summary>How long a verification window stays open.</summary>
    public static readonly TimeSpan WindowLength = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private long _charged;
    private int _measuredInWindow;
    private readonly List<(IsolateRetention Isolate, long Kept, int Turns)> _keepers = [];

    /// <summary>What one measured turn keeps before it counts: less is noise (other threads' live objects).</summary>
    public const long NoiseBytes = 1024 * 1024;

    private int _closed;
    private long _nextLook;
    private long _baseline = -1;
    private long _windowEnds;
    private int _window;
    private volatile bool _open;

    /// <summary>The monitor every isolate reports to: the heap is the process's.</summary>
    public static RetentionMonitor Shared { get; } = new();

    /// <summary>
    /// Whether the coming turn of <paramref name="isolate"/> should be measured; if so, collects
    /// and returns the live heap to measure from in <paramref name="start"/>.
    /// </summary>
    public bool BeginMeasure(IsolateRetention isolate, out long start)
    {
        start = 0;
        if (!_open || Volatile.Read(ref isolate.Window) == Volatile.Read(ref _window))
        {
            return false;
        }

        GC.Collect();
        start = GC.GetTotalMemory(forceFullCollection: false);
        return true;
    }

    /// <summary>
    /// Records what a measured turn kept (the live heap now against <paramref name="start"/>). An
    /// isolate found keeping memory is taken to have kept about as much in each of its turns since
    /// the last window: that estimate is charged to it at once, up to the part of the live heap's
    /// growth not yet charged to another isolate in this window. When the growth is accounted for,
    /// the window closes.
    /// </summary>
    public void EndMeasure(IsolateRetention isolate, long start)
    {
        GC.Collect();
        var live = GC.GetTotalMemory(forceFullCollection: false);
        var kept = live - start;
        lock (_gate)
        {
            isolate.Window = _window;
            _measuredInWindow++;
            if (kept <= -NoiseBytes)
            {
                isolate.Add(kept);
            }

            if (kept < NoiseBytes || !_open)
            {
                return;
            }

            var turns = Math.Max(1, isolate.TurnsSince(_closed));
            var estimate = kept * turns;
            var unaccounted = live - _baseline - _charged;
            var charge = Math.Max(kept, Math.Min(estimate, unaccounted));
            isolate.Add(charge);
            _charged += charge;
            _keepers.Add((isolate, kept, turns));
            if (_charged >= (live - _baseline) * 9 / 10)
            {
                Close(live);
            }
        }
    }

    /// <summary>The cheap check at the end of every turn of <paramref name="isolate"/>; see the class remarks.</summary>
    public void AfterTurn(IsolateRetention isolate)
    {
        isolate.CountTurn(Volatile.Read(ref _closed));
        if (_open)
        {
            // A window stays open until some turn was measured in it, however long that takes.
            if (Stopwatch.GetTimestamp() >= Volatile.Read(ref _windowEnds) && Volatile.Read(ref _measuredInWindow) > 0)
            {
                CloseWindow();
            }

            return;
        }

        if (Volatile.Read(ref _baseline) >= 0 && GC.GetTotalMemory(forceFullCollection: false) < Volatile.Read(ref _nextLook))
        {
            return;
        }

        lock (_gate)
        {
            if (_open || (_baseline >= 0 && GC.GetTotalMemory(forceFullCollection: false) < _nextLook))
            {
                return;
            }

            GC.Collect();
            var live = GC.GetTotalMemory(forceFullCollection: false);
            Volatile.Write(ref _nextLook, live + TriggerBytes);
            if (_baseline < 0 || live < _baseline)
            {
                // The first turn of the process sets the baseline; a heap that shrank lowers it.
                Volatile.Write(ref _baseline, live);
                return;
            }

            if (live - _baseline >= TriggerBytes)
            {
                _window++;
                _charged = 0;
                _measuredInWindow = 0;
                Volatile.Write(ref _windowEnds, Stopwatch.GetTimestamp() + (long)(WindowLength.TotalSeconds * Stopwatch.Frequency));
                _open = true;
            }
        }
    }

    private void CloseWindow()
    {
        lock (_gate)
        {
            if (_open)
            {
                GC.Collect();
                Close(GC.GetTotalMemory(forceFullCollection: false));
            }
        }
    }

    /// <summary>
    /// Ends the window; the live heap now is the next baseline. Growth not charged yet is shared
    /// among the isolates found keeping memory in the window, for the turns they ran since they
    /// were measured, at the rate measured. Under the lock.
    /// </summary>
    private void Close(long live)
    {
        var unaccounted = live - _baseline - _charged;
        if (unaccounted > 0 && _keepers.Count > 0)
        {
            double estimated = 0;
            foreach (var (isolate, kept, turns) in _keepers)
            {
                estimated += (double)kept * Math.Max(0, isolate.TurnsSince(_closed) - turns);
            }

            var scale = estimated > 0 ? Math.Min(1, unaccounted / estimated) : 0;
            foreach (var (isolate, kept, turns) in _keepers)
            {
                isolate.Add((long)(kept * Math.Max(0, isolate.TurnsSince(_closed) - turns) * scale));
            }
        }

        _keepers.Clear();
        _open = false;
        _charged = 0;
        _closed++;
        Volatile.Write(ref _baseline, live);
        Volatile.Write(ref _nextLook, live + TriggerBytes);
    }
}
