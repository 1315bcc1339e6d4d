using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting.Logging;
using Workers.Runtime.Hosting.Metrics;
using Workers.Runtime.Hosting.Routing;
using Workers.Runtime.Hosting.Scheduling;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Hosting;

/// <summary>
/// Many workers in one process: routes each request to a worker by host and path, shares one
/// <see cref="IsolateManager"/> between them, and swaps workers in and out on reload without
/// dropping requests in flight. <see cref="HttpServer"/> serves it with <see cref="DispatchAsync"/>.
/// </summary>
/// <remarks>
/// A request goes to the worker of the most specific matching route; failing that, to the
/// worker named by a <c>NAME.localhost</c> host (so every worker is reachable locally without
/// routes); failing that, to the default worker; failing that, it gets a 404 that says so.
/// </remarks>
public sealed partial class WorkerGroup : IAsyncDisposable
{
    private readonly WorkerGroupOptions _options;
    private readonly ILogger _logger;
    private readonly ILogger _requestLogger;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile State _state;
    private readonly CancellationTokenSource _stopping = new();
    private CronScheduler? _crons;
    private int _disposed;

    private WorkerGroup(WorkerGroupOptions options, IsolateManager manager, WorkerMetrics metrics, State state)
    {
        _options = options;
        Isolates = manager;
        Metrics = metrics;
        _state = state;
        _logger = options.LoggerFactory.CreateLogger("Workers.Group");
        _requestLogger = options.LoggerFactory.CreateLogger(RequestLog.Category);
    }

    /// <summary>The process-wide isolate manager every worker of the group uses.</summary>
    public IsolateManager Isolates { get; }

    /// <summary>Requests, errors, limit breaches, CPU time and isolate churn of every worker.</summary>
    public WorkerMetrics Metrics { get; }

    /// <summary>The workers by name, as of the last (re)load.</summary>
    public IReadOnlyDictionary<string, WorkerHost> Workers => _state.ByName;

    /// <summary>
    /// Parses the routes and starts every worker (its first isolate), so a broken worker fails here.
    /// </summary>
    /// <exception cref="WorkerLoadException">A worker failed to start.</exception>
    /// <exception cref="ArgumentException">Two workers share a name, a route is invalid, or two workers are the default.</exception>
    public static async Task<WorkerGroup> StartAsync(WorkerGroupOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var manager = new IsolateManager(options.Isolates, options.LoggerFactory.CreateLogger("Workers.Isolates"));
        var metrics = new WorkerMetrics();
        manager.IsolateCreated += metrics.IsolateCreated;
        manager.IsolateRemoved += metrics.IsolateEvicted;
        try
        {
            var hosts = await StartHostsAsync(options.Workers, manager, null, cancellationToken);
            var state = State.Build(options.Workers, hosts);
            var group = new WorkerGroup(options, manager, metrics, state);
            if (options.RunCrons)
            {
                group._crons = new CronScheduler(options.TimeProvider, Triggers(options.Workers), group.RunCronAsync, options.LoggerFactory.CreateLogger<CronScheduler>());
                group._crons.Start();
            }

            return group;
        }
        catch
        {
            manager.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Answers one request: routes it to a worker and dispatches it there. Never faults for a
    /// script error, as <see cref="WorkerHost.DispatchAsync"/>, and logs and counts the request,
    /// a cancelled one (499, <c>client_disconnected</c>) included.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancel it when the client disconnects; see <see cref="WorkerHost.DispatchAsync"/>.</param>
    public async Task<WorkerResponse> DispatchAsync(WorkerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var started = Stopwatch.GetTimestamp();
        if (_options.MetricsPath is { } metricsPath && request.Url.AbsolutePath == metricsPath)
        {
            return await MetricsResponseAsync(cancellationToken);
        }

        while (true)
        {
            var state = _state;
            var host = Route(state, request);
            if (host is null)
            {
                var notFound = NotFound(request);
                RequestLog.Write(_requestLogger, "-", request, notFound, Stopwatch.GetElapsedTime(started));
                return notFound;
            }

            WorkerResponse response;
            try
            {
                ScheduledEventInfo? trigger = null;
                WorkerResponse? badTrigger = null;
                if (_options.ScheduledTriggers && ScheduledEndpoint.TryParse(request, _options.TestScheduled, _options.TimeProvider, out trigger, out badTrigger))
                {
                    var result = await host.DispatchScheduledAsync(trigger, cancellationToken);
                    RecordScheduled(host.Name, trigger, result);
                    response = ScheduledEndpoint.ToResponse(result, request);
                }
                else if (badTrigger is not null)
                {
                    response = badTrigger;
                }
                else
                {
                    response = await host.DispatchAsync(request, cancellationToken);
                }
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(state, _state) && Volatile.Read(ref _disposed) == 0)
            {
                // The worker was reloaded between routing and dispatch: route again, in the new
                // set of workers (each retry needs another reload, so this ends).
                continue;
            }

            var wall = Stopwatch.GetElapsedTime(started);
            RequestLog.Write(_requestLogger, host.Name, request, response, wall);
            Metrics.RecordRequest(host.Name, response, wall);
            return response;
        }
    }

    /// <summary>Runs <paramref name="worker"/>'s scheduled handler now, as a cron trigger would.</summary>
    /// <exception cref="KeyNotFoundException">No worker has that name.</exception>
    public async Task<ScheduledResult> TriggerScheduledAsync(string worker, ScheduledEventInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        var host = _state.ByName.TryGetValue(worker, out var found) ? found : throw new KeyNotFoundException($"No worker is named '{worker}'.");
        var result = await host.DispatchScheduledAsync(info, cancellationToken);
        RecordScheduled(worker, info, result);
        return result;
    }

    private async Task RunCronAsync(string worker, string cron, DateTimeOffset scheduledTime)
    {
        if (Volatile.Read(ref _disposed) != 0 || !_state.ByName.ContainsKey(worker))
        {
            return;
        }

        try
        {
            await TriggerScheduledAsync(worker, new ScheduledEventInfo(scheduledTime, cron), _stopping.Token);
        }
        catch (ObjectDisposedException)
        {
            // Reloaded or shut down as the trigger fired.
        }
    }

    private void RecordScheduled(string worker, ScheduledEventInfo info, ScheduledResult result)
    {
        Metrics.RecordScheduled(worker, result.Outcome);
        var usage = result.Usage;
        if (result.IsOk)
        {
            Log.Scheduled(_logger, worker, info.Cron, result.Outcome, usage.CpuMilliseconds, usage.Steps);
        }
        else
        {
            Log.ScheduledFailed(_logger, worker, info.Cron, result.Outcome, usage.CpuMilliseconds, usage.Steps, result.Error ?? string.Empty);
        }
    }

    private static IEnumerable<(string Worker, IReadOnlyList<string> Crons)> Triggers(IReadOnlyList<WorkerHostOptions> workers)
        => workers.Where(w => w.Crons.Count > 0).Select(w => (w.Name, w.Crons));

    private async Task<WorkerResponse> MetricsResponseAsync(CancellationToken cancellationToken)
    {
        using var text = new MemoryStream();
        await Metrics.WriteAsync(text, cancellationToken);
        return new WorkerResponse(200, "OK", [new("content-type", WorkerMetrics.ContentType)], text.ToArray());
    }

    /// <summary>The worker a request would go to, or null for none.</summary>
    public WorkerHost? Route(WorkerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Route(_state, request);
    }

    /// <summary>
    /// Replaces the set of workers. Workers whose definition is unchanged keep their warm isolates;
    /// changed and new ones start first, and only when all of them started does the new set take
    /// over. Replaced workers finish the events they are running and take no new ones. If any
    /// worker fails to start, nothing changes and the error is thrown.
    /// </summary>
    /// <exception cref="WorkerLoadException">A changed or new worker failed to start; the old set keeps serving.</exception>
    /// <exception cref="ArgumentException">The new set is invalid (duplicate names, bad routes, two defaults).</exception>
    public async Task<ReloadSummary> ReloadAsync(IReadOnlyList<WorkerHostOptions> workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var old = _state;
            State.Validate(workers);
            foreach (var worker in workers)
            {
                // A name removed by an earlier reload records its own series again.
                Metrics.Revive(worker.Name);
            }

            var hosts = await StartHostsAsync(workers, Isolates, old.ByName, cancellationToken);
            State next;
            try
            {
                next = State.Build(workers, hosts);
            }
            catch
            {
                await DisposeNewAsync(hosts, old.ByName);
                throw;
            }

            _state = next;
            _crons?.Update(Triggers(workers));
            var kept = new List<string>();
            var started = new List<string>();
            foreach (var (name, host) in next.ByName)
            {
                (old.ByName.TryGetValue(name, out var previous) && ReferenceEquals(previous, host) ? kept : started).Add(name);
            }

            var removed = new List<string>();
            foreach (var (name, host) in old.ByName)
            {
                if (!next.ByName.TryGetValue(name, out var current) || !ReferenceEquals(current, host))
                {
                    await host.DisposeAsync();
                    if (!next.ByName.ContainsKey(name))
                    {
                        removed.Add(name);
                        Metrics.Prune(name);
                    }
                }
            }

            var summary = new ReloadSummary(started, kept, removed);
            Log.Reloaded(_logger, started.Count, kept.Count, removed.Count);
            return summary;
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Scheduled events still running end as "canceled" rather than hold shutdown up to
        // their 15-minute limit; a reload in progress finishes first, so its hosts are closed too.
        await _stopping.CancelAsync();
        await _reloading.WaitAsync();
        if (_crons is not null)
        {
            await _crons.DisposeAsync();
        }

        foreach (var host in _state.ByName.Values)
        {
            await host.DisposeAsync();
        }

        Isolates.Dispose();
        _stopping.Dispose();
        // Later reloads find the group disposed once they get in.
        _reloading.Release();
    }

    private static WorkerHost? Route(State state, WorkerRequest request)
    {
        var url = request.Url;
        var hostHeader = HostHeader(request);
        if (state.Routes.TryMatch(url.Scheme, hostHeader, url.PathAndQuery, out var routed))
        {
            return routed;
        }

        if (LocalhostName(hostHeader) is { } name && state.ByName.TryGetValue(name, out var named))
        {
            return named;
        }

        return state.Default;
    }

    private static string HostHeader(WorkerRequest request)
    {
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "host", StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return request.Url.Authority;
    }

    /// <summary>The worker name in a <c>NAME.localhost[:port]</c> host, or null.</summary>
    private static string? LocalhostName(string hostHeader)
    {
        const string Suffix = ".localhost";
        var host = hostHeader.AsSpan();
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && !host.StartsWith("["))
        {
            host = host[..colon];
        }

        if (host.Length <= Suffix.Length || !host.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return host[..^Suffix.Length].ToString();
    }

    private WorkerResponse NotFound(WorkerRequest request)
    {
        var state = _state;
        var text = new StringBuilder()
            .Append("No worker matches ").Append(request.Url.Scheme).Append("://").Append(HostHeader(request)).Append(request.Url.AbsolutePath)
            .Append(": no route matches it and no worker is the default. Workers: ")
            .AppendJoin(", ", state.ByName.Keys.Take(20).Select(n => $"{n} (http://{n}.localhost/)"))
            .Append(state.ByName.Count > 20 ? ", ..." : string.Empty)
            .Append('\n')
            .ToString();
        Log.NoWorker(_logger, request.Method, request.Url.AbsoluteUri);
        return new WorkerResponse(404, "Not Found", [new("content-type", "text/plain;charset=UTF-8")], Encoding.UTF8.GetBytes(text));
    }

    private static async Task<Dictionary<string, WorkerHost>> StartHostsAsync(
        IReadOnlyList<WorkerHostOptions> workers, IsolateManager manager, Dictionary<string, WorkerHost>? current, CancellationToken cancellationToken)
    {
        State.Validate(workers);
        var hosts = new Dictionary<string, WorkerHost>(StringComparer.Ordinal);
        var toStart = new List<WorkerHostOptions>();
        foreach (var worker in workers)
        {
            if (current is not null && current.TryGetValue(worker.Name, out var existing) && existing.Options.RunsSameIsolatesAs(worker))
            {
                hosts[worker.Name] = existing;
            }
            else
            {
                toStart.Add(worker);
            }
        }

        try
        {
            // Start-up runs each script once; a few at a time keeps thousands of workers from
            // starting a loop thread each.
            await Parallel.ForEachAsync(
                toStart,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                async (worker, token) =>
                {
                    var host = await WorkerHost.StartAsync(worker.WithIsolates(manager), token);
                    lock (hosts)
                    {
                        hosts[worker.Name] = host;
                    }
                });
        }
        catch
        {
            await DisposeNewAsync(hosts, current);
            throw;
        }

        return hosts;
    }

    private static async Task DisposeNewAsync(Dictionary<string, WorkerHost> hosts, Dictionary<string, WorkerHost>? current)
    {
        foreach (var (name, host) in hosts)
        {
            if (current is null || !current.TryGetValue(name, out var existing) || !ReferenceEquals(existing, host))
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>One immutable routing state; replaced whole on reload.</summary>
    private sealed class State
    {
        private State(Dictionary<string, WorkerHost> byName, RouteTable<WorkerHost> routes, WorkerHost? defaultHost)
        {
            ByName = byName;
            Routes = routes;
            Default = defaultHost;
        }

        public Dictionary<string, WorkerHost> ByName { get; }

        public RouteTable<WorkerHost> Routes { get; }

        public WorkerHost? Default { get; }

        public static void Validate(IReadOnlyList<WorkerHostOptions> workers)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            string? defaultName = null;
            foreach (var worker in workers)
            {
                if (!names.Add(worker.Name))
                {
                    throw new ArgumentException($"Two workers are named '{worker.Name}'; names must be unique.", nameof(workers));
                }

                foreach (var cron in worker.Crons)
                {
                    if (!CloudflareCron.TryParse(cron, out _, out var error))
                    {
                        throw new ArgumentException($"Worker '{worker.Name}': cron '{cron}' is not valid: {error}", nameof(workers));
                    }
                }

                if (worker.IsDefault)
                {
                    if (defaultName is not null)
                    {
                        throw new ArgumentException($"Workers '{defaultName}' and '{worker.Name}' are both marked as the default; at most one can be.", nameof(workers));
                    }

                    defaultName = worker.Name;
                }
            }
        }

        public static State Build(IReadOnlyList<WorkerHostOptions> workers, Dictionary<string, WorkerHost> hosts)
        {
            var routes = new List<(RoutePattern, WorkerHost)>();
            WorkerHost? defaultHost = null;
            foreach (var worker in workers)
            {
                var host = hosts[worker.Name];
                foreach (var route in worker.Routes)
                {
                    try
                    {
                        routes.Add((RoutePattern.Parse(route), host));
                    }
                    catch (FormatException e)
                    {
                        throw new ArgumentException($"Worker '{worker.Name}': {e.Message}", nameof(workers), e);
                    }
                }

                foreach (var domain in worker.CustomDomains)
                {
                    try
                    {
                        routes.Add((RoutePattern.CustomDomain(domain), host));
                    }
                    catch (FormatException e)
                    {
                        throw new ArgumentException($"Worker '{worker.Name}': {e.Message}", nameof(workers), e);
                    }
                }

                if (worker.IsDefault || workers.Count == 1)
                {
                    defaultHost = host;
                }
            }

            return new State(hosts, new RouteTable<WorkerHost>(routes), defaultHost);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "No worker matches {Method} {Url}")]
        public static partial void NoWorker(ILogger logger, string method, string url);

        [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "{Worker} scheduled \"{Cron}\" {Outcome} (cpu {CpuMs:F1}ms, steps {Steps})")]
        public static partial void Scheduled(ILogger logger, string worker, string cron, string outcome, double cpuMs, long steps);

        [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "{Worker} scheduled \"{Cron}\" {Outcome} (cpu {CpuMs:F1}ms, steps {Steps}): {Error}")]
        public static partial void ScheduledFailed(ILogger logger, string worker, string cron, string outcome, double cpuMs, long steps, string error);

        [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Reloaded: {Started} workers started, {Kept} unchanged, {Removed} removed")]
        public static partial void Reloaded(ILogger logger, int started, int kept, int removed);
    }
}

/// <summary>What a <see cref="WorkerGroup.ReloadAsync"/> changed.</summary>
/// <param name="Started">Workers that are new or changed and now run fresh isolates.</param>
/// <param name="Kept">Workers whose definition did not change and kept their isolates.</param>
/// <param name="Removed">Workers that are gone.</param>
public sealed record ReloadSummary(IReadOnlyList<string> Started, IReadOnlyList<string> Kept, IReadOnlyList<string> Removed);
