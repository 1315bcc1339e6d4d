using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;
using Workers.Runtime.WebApi.Handlers;

namespace Workers.Runtime.Hosting;

/// <summary>
/// Runs one worker in this process: the embedding and test API. <see cref="StartAsync"/> loads
/// the script into a first isolate (so a broken script fails here, not on the first request),
/// and <see cref="DispatchAsync"/> answers requests without any HTTP server in between.
/// </summary>
public sealed partial class WorkerHost : IAsyncDisposable
{
    private readonly WorkerHostOptions _options;
    private readonly IsolateLimits _limits;
    private readonly ILogger _logger;
    private readonly ILogger _scriptLogger;
    private readonly IsolatePool _pool;
    private readonly PassThroughForwarder? _passThrough;
    private readonly WorkerBindings _bindings;
    private readonly IsolateManager _manager;
    private readonly bool _ownsManager;
    private int _disposed;

    private WorkerHost(WorkerHostOptions options)
    {
        _options = options;
        _limits = options.Limits.Clone();
        _logger = options.LoggerFactory.CreateLogger("Workers.Host");
        _scriptLogger = options.LoggerFactory.CreateLogger("Workers.Script");
        _bindings = new WorkerBindings(options.Vars, options.JsonVars, options.Secrets);
        _ownsManager = options.Isolates is null;
        _manager = options.Isolates ?? new IsolateManager(new IsolateManagerOptions { TimeProvider = options.TimeProvider }, _logger);
        _pool = new IsolatePool(options.Name, CreateIsolateAsync, options.MaxInstances, _manager);
        if (options.Upstream is { } upstream)
        {
            _passThrough = new PassThroughForwarder(upstream, options.UpstreamClient ?? s_upstreamClient.Value, _logger);
        }
    }

    private static readonly Lazy<HttpClient> s_upstreamClient = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(100) });

    /// <summary>What the worker was started with.</summary>
    public WorkerHostOptions Options => _options;

    /// <summary>The worker's name.</summary>
    public string Name => _options.Name;

    /// <summary>Isolates created so far; a limit breach makes the next request start a new one.</summary>
    public int IsolatesCreated => _pool.CreatedCount;

    /// <summary>Instances taking new events now.</summary>
    public int InstanceCount => _pool.InstanceCount;

    /// <summary>The worker's instances; for tests and diagnostics.</summary>
    internal IsolatePool Pool => _pool;

    /// <summary>Loads the worker and starts its first isolate.</summary>
    /// <exception cref="WorkerLoadException">The script failed while starting.</exception>
    public static async Task<WorkerHost> StartAsync(WorkerHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Script);
        var host = new WorkerHost(options);
        try
        {
            await host._pool.WarmAsync().WaitAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>
    /// Answers one request. The task never faults for a script error: uncaught exceptions, limit
    /// breaches, hangs and a response not decided within <see cref="IsolateLimits.ResponseTimeout"/>
    /// (524) come back as Workers error responses (see <see cref="WorkerResponse.Error"/>).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">
    /// Cancel it when the client disconnects. Before the response is decided, the task then
    /// completes at once with a 499 response (<see cref="WorkerErrorKind.ClientDisconnected"/>),
    /// for the log and the metrics only, and the request is cancelled in its isolate (its timers
    /// and host operations; its <c>waitUntil</c> work gets <see cref="IsolateLimits.WaitUntilTimeout"/>);
    /// the isolate serves on. Cancelling later changes nothing.
    /// </param>
    public async Task<WorkerResponse> DispatchAsync(WorkerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        BodyUseTracker? body = null;
        if (_passThrough is not null && request.Body is { } incoming)
        {
            body = new BodyUseTracker(incoming);
            request = Rebind(request, body);
        }

        WorkerResponse response;
        try
        {
            response = await _pool.DispatchAsync(isolate => isolate.DispatchFetchAsync(request, cancellationToken));
        }
        catch (WorkerLoadException e)
        {
            Log.RestartFailed(_logger, Name, e.Message);
            return ErrorResponses.Create(new WorkerError(WorkerErrorKind.UncaughtException, e.Message));
        }

        if (_passThrough is not null && response.Error is { PassThrough: true })
        {
            return await _passThrough.ForwardAsync(request, body, response, cancellationToken);
        }

        return response;
    }

    /// <summary>
    /// Runs the worker's scheduled handler (a cron trigger) in one of its instances. The task
    /// never faults: a failure comes back as the result's outcome (<c>exception</c>,
    /// <c>exceededCpu</c>, ...), as workerd reports it.
    /// </summary>
    public async Task<ScheduledResult> DispatchScheduledAsync(ScheduledEventInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            return await _pool.DispatchAsync(isolate => isolate.DispatchScheduledAsync(info, cancellationToken));
        }
        catch (WorkerLoadException e)
        {
            Log.RestartFailed(_logger, Name, e.Message);
            return new ScheduledResult(EventOutcome.Exception, noRetry: false, e.Message, new RequestUsage(0, 0, 0, 0));
        }
    }

    private static WorkerRequest Rebind(WorkerRequest request, Stream body)
    {
        var copy = new WorkerRequest(request.Method, request.Url) { Body = body, Target = request.Target };
        foreach (var header in request.Headers)
        {
            copy.Headers.Add(header);
        }

        return copy;
    }

    /// <inheritdoc />
    /// <remarks>Instances still running events finish them; none takes a new one.</remarks>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _pool.Close();
            if (_ownsManager)
            {
                _manager.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task<Isolate> CreateIsolateAsync()
    {
        var isolate = new Isolate(new IsolateOptions
        {
            WorkerName = _options.Name,
            Limits = _limits,
            Logger = _scriptLogger,
            TimeProvider = _options.TimeProvider,
        });
        await isolate.StartAsync(i => WorkerGlobalScope.Setup(i, _options.Script, _bindings));
        return isolate;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Error, Message = "[{Worker}] could not start a new isolate: {Message}")]
        public static partial void RestartFailed(ILogger logger, string worker, string message);
    }
}
