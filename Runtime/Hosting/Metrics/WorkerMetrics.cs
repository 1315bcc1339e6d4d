using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Prometheus;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Hosting.Metrics;

/// <summary>
/// The Prometheus metrics of one server process: requests, runtime errors, limit breaches, CPU
/// and wall time, scheduled events and isolate churn, each labelled with the worker. The host
/// records into it; <see cref="WriteAsync"/> renders the text exposition format for a
/// <c>/metrics</c> endpoint.
/// </summary>
/// <remarks>
/// <para>
/// Every instance owns a private prometheus-net registry (<c>Metrics.NewCustomRegistry()</c>),
/// never the static default one, so two hosts in one process (or two tests) never see each
/// other's values. The default registry's built-in metrics (process, .NET event counters,
/// <c>System.Diagnostics.Metrics</c> meters) are attached to the default registry only, in a
/// callback that runs on its first collection; a custom registry gets none of them, so nothing
/// here starts a listener or a background task. Exemplars are turned off: they are published
/// only in the OpenMetrics format, which this class does not write, and recording them would
/// read <c>Activity.Current</c> on every observation.
/// </para>
/// <para>
/// Cost with many workers: each worker's series are looked up once and cached, so recording a
/// request is one dictionary lookup by worker name and a scan of that worker's few status codes.
/// A worker that has served requests exposes about 2 × 12 histogram series plus one per status
/// code; a process with 10,000 workers therefore exposes a few hundred thousand series, which
/// is why the histograms have 9 buckets rather than the usual 15–20.
/// </para>
/// </remarks>
public sealed class WorkerMetrics
{
    /// <summary>The <c>Content-Type</c> of <see cref="WriteAsync"/>'s output: the Prometheus text format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly string[] s_worker = ["worker"];

    private readonly CollectorRegistry _registry;
    private readonly Counter _requests;
    private readonly Counter _errors;
    private readonly Counter _breaches;
    private readonly Histogram _cpuTime;
    private readonly Histogram _duration;
    private readonly Counter _scheduled;
    private readonly Gauge _live;
    private readonly Gauge _liveByWorker;
    private readonly Counter _created;
    private readonly Counter _evicted;
    private readonly ConcurrentDictionary<string, WorkerSeries> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _pruned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _evictedByReason = new(StringComparer.Ordinal);
    private long _requestCount;
    private long _isolatesLive;
    private long _isolatesCreated;

    /// <summary>Creates the metrics with an empty registry of their own.</summary>
    public WorkerMetrics()
    {
        _registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        var buckets = new HistogramConfiguration { Buckets = [.. SecondsBuckets.Span] };

        _requests = factory.CreateCounter("workers_requests_total", "Requests answered, by worker and HTTP status code.", ["worker", "status"]);
        _errors = factory.CreateCounter("workers_request_errors_total", "Requests the runtime answered with an error page or cancelled (kind client_disconnected or response_timeout), by worker and error kind.", ["worker", "kind"]);
        _breaches = factory.CreateCounter("workers_limit_breaches_total", "Requests ended for exceeding a resource limit, by worker and limit.", ["worker", "limit"]);
        _cpuTime = factory.CreateHistogram("workers_cpu_time_seconds", "JavaScript CPU time charged to each request.", s_worker, buckets);
        _duration = factory.CreateHistogram("workers_request_duration_seconds", "Wall time from receiving a request to its response.", s_worker, buckets);
        _scheduled = factory.CreateCounter("workers_scheduled_events_total", "Scheduled (cron) events run, by worker and outcome.", ["worker", "outcome"]);
        _live = factory.CreateGauge("workers_isolates_live", "Isolates alive in this process.");
        _liveByWorker = factory.CreateGauge("workers_isolates_live_by_worker", "Isolates alive, by worker.", s_worker);
        _created = factory.CreateCounter("workers_isolates_created_total", "Isolates created, by worker.", s_worker);
        _evicted = factory.CreateCounter("workers_isolates_evicted_total", "Isolates dropped, by worker and reason.", ["worker", "reason"]);

        _live.Set(0);
        _registry.AddBeforeCollectCallback(PublishLiveCounts);
    }

    /// <summary>
    /// Upper bounds, in seconds, of the buckets of <c>workers_cpu_time_seconds</c> and
    /// <c>workers_request_duration_seconds</c>: 0.5 ms × 4ⁿ for n = 0…8, that is 0.5 ms, 2 ms,
    /// 8 ms, 32 ms, 128 ms, 512 ms, 2.048 s, 8.192 s and 32.768 s (plus <c>+Inf</c>).
    /// </summary>
    /// <remarks>
    /// The range spans the shortest handlers to Workers' largest CPU limit (30 s on paid plans:
    /// https://developers.cloudflare.com/workers/platform/limits/#cpu-time). A factor of 4
    /// keeps each labelled histogram at 12 series, half of what a factor of 2 costs.
    /// </remarks>
    public static ReadOnlyMemory<double> SecondsBuckets { get; } = Histogram.ExponentialBuckets(0.0005, 4, 9);

    /// <summary>Requests recorded with <see cref="RecordRequest"/> since this instance was created.</summary>
    public long Requests => Interlocked.Read(ref _requestCount);

    /// <summary>Isolates alive now, over all workers.</summary>
    public long IsolatesLive => Interlocked.Read(ref _isolatesLive);

    /// <summary>Isolates created since this instance was created, over all workers.</summary>
    public long IsolatesCreated => Interlocked.Read(ref _isolatesCreated);

    /// <summary>Isolates evicted for <paramref name="reason"/>, over all workers.</summary>
    public long IsolatesEvicted(EvictionReason reason)
        => _evictedByReason.TryGetValue(LabelValues.Of(reason), out var count) ? Interlocked.Read(ref count.Value) : 0;

    /// <summary>Isolates alive now for one worker.</summary>
    public long IsolatesLiveFor(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return _workers.TryGetValue(worker, out var series) ? Interlocked.Read(ref series.Live) : 0;
    }

    /// <summary>
    /// Records one answered request: <c>workers_requests_total</c>, the wall time, and, when the
    /// response says so, the CPU time, the error kind and the limit breached. A request cancelled
    /// because its client disconnected counts under status <c>499</c> and error kind
    /// <c>client_disconnected</c>, one past the response deadline under <c>524</c> and
    /// <c>response_timeout</c>.
    /// </summary>
    /// <param name="worker">The worker that answered.</param>
    /// <param name="response">The response; its <see cref="WorkerResponse.Usage"/> is null when no script ran (a router 404), and then no CPU time is observed.</param>
    /// <param name="wall">Wall time from receiving the request to the response.</param>
    public void RecordRequest(string worker, WorkerResponse response, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (IsPruned(worker))
        {
            Interlocked.Increment(ref _requestCount);
            return;
        }

        var series = Series(worker);
        series.Statuses.GetOrAdd(response.Status, (this, series.Name), static (status, state) => state.Item1._requests.WithLabels(state.Name, LabelValues.Status(status))).Inc();
        series.Duration(this).Observe(Math.Max(0, wall.TotalSeconds));
        if (response.Usage is { } usage)
        {
            series.CpuTime(this).Observe(Math.Max(0, usage.CpuMilliseconds) / 1000);
        }

        if (response.Error is { } error)
        {
            series.Errors.GetOrAdd(error.Kind, (this, series.Name), static (kind, state) => state.Item1._errors.WithLabels(state.Name, LabelValues.Of(kind))).Inc();
            if (error.Kind == WorkerErrorKind.LimitExceeded && error.Limit is { } limit)
            {
                series.Limits.GetOrAdd(limit, (this, series.Name), static (kind, state) => state.Item1._breaches.WithLabels(state.Name, LabelValues.Of(kind))).Inc();
            }
        }

        Interlocked.Increment(ref _requestCount);
    }

    /// <summary>Records one scheduled (cron) event: <c>workers_scheduled_events_total{worker,outcome}</c>.</summary>
    /// <param name="worker">The worker that ran the event.</param>
    /// <param name="outcome">How it ended, e.g. <c>ok</c> or <c>exception</c>.</param>
    public void RecordScheduled(string worker, string outcome)
    {
        ArgumentException.ThrowIfNullOrEmpty(outcome);
        if (IsPruned(worker))
        {
            return;
        }

        var series = Series(worker);
        series.Scheduled.GetOrAdd(outcome, (this, series.Name), static (value, state) => state.Item1._scheduled.WithLabels(state.Name, value)).Inc();
    }

    /// <summary>Records a new isolate of <paramref name="worker"/>.</summary>
    public void IsolateCreated(string worker)
    {
        if (!IsPruned(worker))
        {
            var series = Series(worker);
            series.Created(this).Inc();
            Interlocked.Increment(ref series.Live);
        }

        Interlocked.Increment(ref _isolatesLive);
        Interlocked.Increment(ref _isolatesCreated);
    }

    /// <summary>Records that an isolate of <paramref name="worker"/> was dropped.</summary>
    /// <param name="worker">The worker whose isolate went.</param>
    /// <param name="reason">Why it went; the label is its snake_case name (<c>idle_timeout</c>).</param>
    /// <remarks>Live counts never go below zero, even for a worker pruned while its isolates lived.</remarks>
    public void IsolateEvicted(string worker, EvictionReason reason)
    {
        var label = LabelValues.Of(reason);
        if (!IsPruned(worker))
        {
            var series = Series(worker);
            series.Evictions.GetOrAdd(label, (this, series.Name), static (value, state) => state.Item1._evicted.WithLabels(state.Name, value)).Inc();
            DecrementToZero(ref series.Live);
        }

        DecrementToZero(ref _isolatesLive);
        var count = _evictedByReason.GetOrAdd(label, static _ => new StrongBox<long>());
        Interlocked.Increment(ref count.Value);
    }

    /// <summary>
    /// Removes every series labelled with <paramref name="worker"/>, for a worker taken out of
    /// service. Until <see cref="Revive"/>, what is recorded for that name afterwards (a request
    /// that was in flight, an isolate that drains late) counts only in the process-wide totals,
    /// so the removed series do not come back.
    /// </summary>
    /// <remarks>
    /// A worker reloaded under the same name should keep its series (counters stay monotonic);
    /// prune only a worker that is gone. Process-wide totals (<see cref="IsolatesLive"/>,
    /// <c>workers_isolates_live</c>) are unaffected.
    /// </remarks>
    public void Prune(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        _pruned[worker] = 0;
        _workers.TryRemove(worker, out _);
        RemoveWorker(_requests, worker);
        RemoveWorker(_errors, worker);
        RemoveWorker(_breaches, worker);
        RemoveWorker(_cpuTime, worker);
        RemoveWorker(_duration, worker);
        RemoveWorker(_scheduled, worker);
        RemoveWorker(_liveByWorker, worker);
        RemoveWorker(_created, worker);
        RemoveWorker(_evicted, worker);
    }

    /// <summary>Records per-worker series for <paramref name="worker"/> again: a worker by that name is back in service.</summary>
    public void Revive(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        _pruned.TryRemove(worker, out _);
    }

    // ContainsKey takes no lock (IsEmpty would take all of them when the set is empty).
    private bool IsPruned(string worker) => _pruned.ContainsKey(worker);

    /// <summary>Writes every series in the Prometheus text exposition format (see <see cref="ContentType"/>).</summary>
    public Task WriteAsync(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return _registry.CollectAndExportAsTextAsync(output, ExpositionFormat.PrometheusText, cancellationToken);
    }

    private WorkerSeries Series(string worker)
    {
        ArgumentException.ThrowIfNullOrEmpty(worker);
        return _workers.TryGetValue(worker, out var series) ? series : _workers.GetOrAdd(worker, static name => new WorkerSeries(name));
    }

    private void PublishLiveCounts()
    {
        _live.Set(Interlocked.Read(ref _isolatesLive));
        foreach (var (_, series) in _workers)
        {
            if (series.HasIsolates)
            {
                series.LiveGauge(this).Set(Interlocked.Read(ref series.Live));
            }
        }
    }

    private static void DecrementToZero(ref long value)
    {
        var current = Interlocked.Read(ref value);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref value, current - 1, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void RemoveWorker<TChild>(Collector<TChild> collector, string worker)
        where TChild : ChildBase
    {
        foreach (var labels in collector.GetAllLabelValues())
        {
            if (labels.Length > 0 && string.Equals(labels[0], worker, StringComparison.Ordinal))
            {
                collector.RemoveLabelled(labels);
            }
        }
    }

    /// <summary>One worker's cached children; created on the worker's first event.</summary>
    private sealed class WorkerSeries(string name)
    {
        public long Live;
        private Histogram.Child? _cpuTime;
        private Histogram.Child? _duration;
        private Counter.Child? _created;
        private Gauge.Child? _liveGauge;

        public string Name { get; } = name;

        public ChildCache<int, Counter.Child> Statuses { get; } = new();

        public ChildCache<WorkerErrorKind, Counter.Child> Errors { get; } = new();

        public ChildCache<LimitKind, Counter.Child> Limits { get; } = new();

        public ChildCache<string, Counter.Child> Scheduled { get; } = new();

        public ChildCache<string, Counter.Child> Evictions { get; } = new();

        public bool HasIsolates => Volatile.Read(ref _created) is not null;

        // The collector hands out one child per label set, so a race here only repeats a lookup.
        public Histogram.Child CpuTime(WorkerMetrics metrics) => _cpuTime ??= metrics._cpuTime.WithLabels(Name);

        public Histogram.Child Duration(WorkerMetrics metrics) => _duration ??= metrics._duration.WithLabels(Name);

        public Counter.Child Created(WorkerMetrics metrics) => _created ??= metrics._created.WithLabels(Name);

        public Gauge.Child LiveGauge(WorkerMetrics metrics) => _liveGauge ??= metrics._liveByWorker.WithLabels(Name);
    }
}
