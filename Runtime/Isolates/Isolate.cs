using System.Globalization;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Promise;
using Jint.Runtime;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Interop;

namespace Workers.Runtime.Isolates;

/// <summary>
/// One Jint engine with its own globals, event loop and limits. Every touch of the engine
/// happens in a <em>turn</em> on the loop: a turn is charged to one budget (a request, or the
/// isolate's start-up), runs its work and then drains the promise jobs. A limit breach ends the
/// turn's request with error 1102 and retires the isolate; the worker then serves new requests
/// from a fresh one while this one finishes its other events.
/// </summary>
internal sealed partial class Isolate
{
    /// <summary>
    /// English, as in Workers; the invariant culture when the process runs without ICU
    /// (globalization-invariant mode), where no named culture exists.
    /// </summary>
    private static readonly CultureInfo s_culture = ResolveCulture();

    private readonly BudgetConstraint _constraint = new();
    private readonly IsolateRetention _retention;
    private readonly EventLoop _loop;
    private readonly List<RequestContext> _active = [];
    private readonly Dictionary<JsValue, JsValue> _unhandledRejections = new(ReferenceEqualityComparer.Instance);
    private IEventDispatcher? _dispatcher;

    public Isolate(IsolateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Limits = options.Limits;
        _retention = new IsolateRetention(Limits.MemoryBytes);
        _loop = new EventLoop(options.Scheduler ?? LoopScheduler.Shared, OnLoopFault);
        Engine = new Engine(o =>
        {
            if (Limits.MaxRecursionDepth is { } depth)
            {
                o.LimitRecursion(depth);
            }

            o.Constraints.StackOverflowGuard = true;
            o.Constraints.RegexTimeout = Limits.RegexTimeout;
            o.Constraints.MaxArraySize = (uint)Math.Min(Limits.MemoryBytes / 8, uint.MaxValue - 1L);
            o.Constraint(_constraint);
            o.DisableStringCompilation();
            // Workers run in UTC with an English default locale.
            o.TimeZone = TimeZoneInfo.Utc;
            o.Culture = s_culture;
        });
        Engine.Advanced.PromiseRejectionTracker += OnPromiseRejectionTracked;
        HostWork.Register(Engine, _constraint);
        BuiltinGuards.Install(Engine, _constraint);
    }

    /// <summary>The engine; touch it only inside a turn.</summary>
    public Engine Engine { get; }

    /// <summary>Construction options.</summary>
    public IsolateOptions Options { get; }

    /// <summary>The limits requests run under.</summary>
    public IsolateLimits Limits { get; }

    /// <summary>Memory this isolate was found to keep across turns (see <see cref="RetentionMonitor"/>).</summary>
    public long KeptBytes => _retention.KeptBytes;

    /// <summary>The worker's name, for logs.</summary>
    public string WorkerName => Options.WorkerName;

    /// <summary>Logger for this isolate's worker.</summary>
    public ILogger Logger => Options.Logger;

    /// <summary>The clock for timers.</summary>
    public TimeProvider TimeProvider => Options.TimeProvider;

    /// <summary>The request whose turn is running, or null during start-up or between turns.</summary>
    public RequestContext? CurrentContext { get; private set; }

    /// <summary>Whether this isolate takes no new events (it breached a limit or was evicted).</summary>
    public bool IsRetired => Volatile.Read(ref _retired) != 0;

    private int _retired;
    private int _drainedRaised;

    /// <summary>
    /// Whether a new event would have to wait here: a turn is running JavaScript or work is
    /// queued. A turn that has just decided its response no longer counts, so back-to-back
    /// requests keep going to the same warm instance.
    /// </summary>
    public bool IsBusy => CurrentContext is not null || _loop.HasQueued;

    /// <summary>Events in progress.</summary>
    public int ActiveCount => Volatile.Read(ref _activeCount);

    private int _activeCount;

    /// <summary>
    /// Raised once when a retired isolate has no events left: on the loop thread when its last
    /// event ends, or on the retiring thread if it had none.
    /// </summary>
    public event Action<Isolate>? Drained;

    /// <summary>
    /// Installs the globals and evaluates the script on the loop, under the start-up limits
    /// (<see cref="IsolateLimits.ForStartup"/>); <paramref name="setup"/> runs the runtime's own
    /// part with <see cref="RunAsRuntimeWork"/>, so only the script's top level is charged.
    /// </summary>
    /// <exception cref="WorkerLoadException">The script threw or breached a limit while loading.</exception>
    public Task StartAsync(Func<Isolate, IEventDispatcher> setup)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var budget = new ExecutionBudget(Limits.ForStartup()) { IsStartup = true };
        _loop.Post(() =>
        {
            try
            {
                RunGuarded(budget, () =>
                {
                    try
                    {
                        _dispatcher = setup(this);
                    }
                    catch (JavaScriptException e)
                    {
                        // Described inside the turn: describing can run script (a toString or a
                        // getter), which must stay under the limits.
                        throw new WorkerLoadException($"Uncaught {JsErrorText.Describe(e)}", e);
                    }
                });
                done.TrySetResult();
            }
            catch (JavaScriptException e)
            {
                done.TrySetException(new WorkerLoadException($"Uncaught {e.Message}", e));
            }
            catch (LimitExceededException e)
            {
                done.TrySetException(new WorkerLoadException($"The worker exceeded a limit while starting: {e.Message}", e));
            }
            catch (WorkerLoadException e)
            {
                done.TrySetException(e);
            }
#pragma warning disable CA1031 // Any other fault is a host bug: logged here, reported generically.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.HostFault(Logger, WorkerName, e);
                done.TrySetException(new WorkerLoadException("The worker failed to start because of an internal error (see the log).", e));
            }
        });
        return done.Task;
    }

    /// <summary>
    /// Starts a fetch event: the handler runs on the loop, and the returned task completes with
    /// the response (the script's, or an error page). The task never faults. A response not
    /// decided within <see cref="IsolateLimits.ResponseTimeout"/> is a 524 error page.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="aborted">
    /// Cancelled when the client goes away. Before the response is decided, the task then
    /// completes at once with a 499 (<see cref="WorkerErrorKind.ClientDisconnected"/>) that is
    /// meant for the log and the metrics, never for a client, and the event ends as one that has
    /// responded would (see <see cref="RequestContext.Cancel"/>); a token already cancelled keeps
    /// the handler from running at all. Afterwards it changes nothing.
    /// </param>
    public Task<WorkerResponse> DispatchFetchAsync(WorkerRequest request, CancellationToken aborted = default)
    {
        var context = new RequestContext(this, request, aborted);
        StartEvent(context, static (dispatcher, fetch) =>
        {
            if (fetch.BeginFetch())
            {
                dispatcher.DispatchFetch(fetch);
            }
        });
        return context.Response;
    }

    /// <summary>
    /// Starts a scheduled (cron) event: the script's <c>scheduled</c> handler runs on the loop,
    /// and the returned task completes when the handler's promise and every <c>waitUntil</c>
    /// promise have settled, or when the event is cut short (a limit breach, a hang, the wall-time
    /// limit, cancellation). The task never faults: every failure is an outcome.
    /// </summary>
    /// <param name="info">When the event was due and which cron expression fired it.</param>
    /// <param name="aborted">Ends the event with outcome <c>canceled</c> (host shutdown or reload).</param>
    public Task<ScheduledResult> DispatchScheduledAsync(ScheduledEventInfo info, CancellationToken aborted = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        var context = new RequestContext(this, info, aborted);
        StartEvent(context, (dispatcher, _) =>
        {
            if (aborted.IsCancellationRequested)
            {
                // As for a fetch event: a handler nobody waits for any more does not start.
                context.Abort(EventOutcome.Canceled, "The scheduled event was cancelled by the host.");
                return;
            }

            var wallTime = TimeProvider.CreateTimer(
                _ => Post(context, () =>
                {
                    Log.ScheduledWallTimeExceeded(Logger, WorkerName, ScheduledWallTimeLimit.TotalMinutes);
                    context.Abort(EventOutcome.ExceededWallTime, $"The scheduled event ran longer than its wall-time limit ({ScheduledWallTimeLimit.TotalMinutes:N0} minutes).");
                }),
                null,
                ScheduledWallTimeLimit,
                Timeout.InfiniteTimeSpan);
            context.Own(wallTime);
            if (aborted.CanBeCanceled)
            {
                context.Own(aborted.Register(() => Post(context, () => context.Abort(EventOutcome.Canceled, "The scheduled event was cancelled by the host."))));
            }

            // The dispatch itself is one of the event's tasks, as in workerd, so an event whose
            // handler leaves nothing pending ends as soon as the handler returns.
            context.AddWaitUntil();
            dispatcher.DispatchScheduled(context);
            context.WaitUntilSettled();
        });
        return context.ScheduledCompletion;
    }

    /// <summary>
    /// Counts <paramref name="context"/> as in progress and runs <paramref name="start"/> on the
    /// loop with the script's dispatcher (a static lambda on the fetch path: no closure per request); an isolate that has not started fails the event.
    /// </summary>
    private void StartEvent(RequestContext context, Action<IEventDispatcher, RequestContext> start)
    {
        Interlocked.Increment(ref _activeCount);
        context.Finished += OnFinished;
        Post(context, () =>
        {
            _active.Add(context);
            if (_dispatcher is null)
            {
                context.Fail(new WorkerError(WorkerErrorKind.Internal, "The isolate has not started."));
                return;
            }

            start(_dispatcher, context);
        });
    }

    /// <summary>
    /// How long a scheduled event may run in wall-clock time, its <c>waitUntil</c> work included:
    /// 15 minutes, the Workers limit for Cron Triggers
    /// (https://developers.cloudflare.com/workers/platform/limits/#duration). Measured on the
    /// isolate's <see cref="TimeProvider"/>.
    /// </summary>
    internal static TimeSpan ScheduledWallTimeLimit { get; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Queues a turn charged to <paramref name="budget"/>; safe from any thread. A turn for an
    /// event that has already finished is skipped.
    /// </summary>
    public void Post(ExecutionBudget budget, Action work) => _loop.Post(() => RunTurn(budget, work));

    /// <summary>Runs a function in a turn and returns its result; for start-up and tests.</summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var budget = new ExecutionBudget(Limits);
        _loop.Post(() =>
        {
            try
            {
                T result = default!;
                RunGuarded(budget, () => result = work());
                done.TrySetResult(result);
            }
#pragma warning disable CA1031 // Handed to the caller.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>
    /// Runs .NET asynchronous work (a body read, a subrequest) on behalf of the current turn's
    /// request and returns a JS promise that is settled on the loop when the work completes. The
    /// request counts as having a pending operation until then, so it is not taken for hung.
    /// </summary>
    /// <param name="operation">The work; it runs off the loop and must not touch JS values. Its
    /// token is cancelled when the request ends (<see cref="RequestContext.Ended"/>), after which
    /// its result is never delivered.</param>
    /// <param name="onSuccess">Turns the result into a JS value; runs on the loop.</param>
    /// <param name="onError">Turns a failure into the JS rejection reason; runs on the loop.
    /// Never pass .NET exception text to the script.</param>
    public JsValue RunHostOperation<T>(Func<CancellationToken, Task<T>> operation, Func<T, JsValue> onSuccess, Func<Exception, JsValue> onError)
    {
        var context = CurrentContext;
        ExecutionBudget budget = context ?? new ExecutionBudget(Limits);
        var (promise, resolve, reject) = Engine.Advanced.RegisterPromise();
        context?.BeginOperation();
        var token = context?.Ended ?? CancellationToken.None;
        _ = Task.Run(() => operation(token), token).ContinueWith(
            task => Post(budget, () =>
            {
                context?.EndOperation();
                if (task.IsCompletedSuccessfully)
                {
                    resolve(onSuccess(task.Result));
                }
                else
                {
                    reject(onError(task.Exception?.GetBaseException() ?? new OperationCanceledException()));
                }
            }),
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        return promise;
    }

    /// <summary>
    /// Runs work that is the runtime's own, not the script's (installing the globals), inside a
    /// turn without charging it to the turn's budget or checking it against its limits. It must
    /// not run script code.
    /// </summary>
    public void RunAsRuntimeWork(Action work)
    {
        var budget = _constraint.Suspend();
        try
        {
            work();
        }
        finally
        {
            if (budget is not null)
            {
                _constraint.Begin(budget);
            }
        }
    }

    /// <summary>Stops new events from coming here; in-flight ones finish.</summary>
    public void Retire()
    {
        // Both sides use full fences (here and the decrement in OnFinished), so at least one of
        // them sees the retirement and the count of zero together.
        Interlocked.Exchange(ref _retired, 1);
        if (ActiveCount == 0)
        {
            RaiseDrained();
        }
    }

    private void RaiseDrained()
    {
        if (Interlocked.Exchange(ref _drainedRaised, 1) == 0)
        {
            Drained?.Invoke(this);
        }
    }

    private void RunTurn(ExecutionBudget budget, Action work)
    {
        if (budget is RequestContext { IsFinished: true } || budget.Breach is not null)
        {
            return;
        }

        try
        {
            RunGuarded(budget, () =>
            {
                try
                {
                    work();
                }
                catch (JavaScriptException e)
                {
                    // Described inside the turn: describing can run script (a toString or a
                    // getter of the thrown value), which must stay under the request's limits.
                    ReportUncaught(budget, JsErrorText.Describe(e));
                }
            });
        }
        catch (LimitExceededException e)
        {
            OnBreach(budget, e);
        }
        catch (JavaScriptException e)
        {
            // Thrown by a promise job outside the work above: report Jint's message, which is
            // already computed, rather than run script outside the limits.
            ReportUncaught(budget, e.Message);
        }
#pragma warning disable CA1031 // A host fault ends the request, never the loop or the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.HostFault(Logger, WorkerName, e);
            Retire();
            if (budget is RequestContext context)
            {
                context.Fail(new WorkerError(WorkerErrorKind.Internal, "The runtime failed while handling this request; the details are in the server log."));
            }
        }
        finally
        {
            DetectHungRequests();
        }
    }

    /// <summary>
    /// Runs work plus the promise jobs it queued, charged to <paramref name="budget"/>, and turns
    /// Jint's own limit exceptions into <see cref="LimitExceededException"/>.
    /// </summary>
    private void RunGuarded(ExecutionBudget budget, Action work)
    {
        CurrentContext = budget as RequestContext;

        // Collections for the retention monitor happen outside the budget: they are not the script's CPU time.
        var measuring = RetentionMonitor.Shared.BeginMeasure(_retention, out var heapAtStart);
        _constraint.Begin(budget);
        try
        {
            if (_retention.IsOver)
            {
                throw Breach(budget, LimitKind.Memory, KeptAcrossRequestsMessage());
            }

            work();
            Engine.Advanced.ProcessTasks();
            ReportUnhandledRejections();
            _constraint.CheckAtTurnEnd();
            if (measuring)
            {
                _constraint.Suspend();
                measuring = false;
                RetentionMonitor.Shared.EndMeasure(_retention, heapAtStart);
                if (_retention.IsOver)
                {
                    throw Breach(budget, LimitKind.Memory, KeptAcrossRequestsMessage());
                }
            }
        }
        catch (RecursionDepthOverflowException)
        {
            Engine.Advanced.ResetCallStack();
            throw Breach(budget, LimitKind.RecursionDepth, $"Worker exceeded its recursion depth limit ({Limits.MaxRecursionDepth:N0} nested calls).");
        }
        catch (MemoryLimitExceededException)
        {
            // Jint's own memory guard: MaxArraySize, set from the memory limit, for one array.
            Engine.Advanced.ResetCallStack();
            throw Breach(budget, LimitKind.Memory, BudgetConstraint.MemoryMessage(Limits.MemoryBytes));
        }
        catch (RegexMatchTimeoutException)
        {
            Engine.Advanced.ResetCallStack();
            throw Breach(budget, LimitKind.RegexTime, $"A regular expression ran longer than the limit ({Limits.RegexTimeout.TotalMilliseconds:N0} ms).");
        }
        catch (LimitExceededException)
        {
            Engine.Advanced.ResetCallStack();
            throw;
        }
        finally
        {
            _constraint.End();
            if (measuring)
            {
                RetentionMonitor.Shared.EndMeasure(_retention, heapAtStart);
            }

            RetentionMonitor.Shared.AfterTurn(_retention);
            var context = CurrentContext;
            CurrentContext = null;

            // After a breach the caller's OnBreach fails the request, and that error, not a
            // response the breaching turn decided, is what is published.
            if (budget.Breach is null)
            {
                context?.PublishResult();
            }
        }
    }

    private string KeptAcrossRequestsMessage()
        => $"Worker exceeded its memory limit ({Limits.MemoryBytes / (1024 * 1024)} MiB): the isolate keeps {_retention.KeptBytes / (1024.0 * 1024):F1} MiB across requests.";

    /// <summary>
    /// Logs the promises that were rejected during this turn and still have no handler once its
    /// jobs have run, as "Uncaught (in promise)", the way workerd and browsers report them
    /// (https://html.spec.whatwg.org/multipage/webappapis.html#unhandled-promise-rejections).
    /// Runs inside the turn: describing a rejection value can run script.
    /// </summary>
    private void ReportUnhandledRejections()
    {
        if (_unhandledRejections.Count == 0)
        {
            return;
        }

        var rejected = _unhandledRejections.ToArray();
        _unhandledRejections.Clear();
        foreach (var (_, reason) in rejected)
        {
            Log.UnhandledRejection(Logger, WorkerName, JsErrorText.Describe(reason));
        }
    }

    private void OnPromiseRejectionTracked(object? sender, PromiseRejectionTrackerEventArgs e)
    {
        if (e.Operation == PromiseRejectionOperation.Reject)
        {
            _unhandledRejections[e.Promise] = e.Value ?? JsValue.Undefined;
        }
        else
        {
            _unhandledRejections.Remove(e.Promise);
        }
    }

    private static CultureInfo ResolveCulture()
    {
        try
        {
            return CultureInfo.GetCultureInfo("en-US");
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    private static LimitExceededException Breach(ExecutionBudget budget, LimitKind kind, string message)
    {
        var breach = new LimitExceededException(kind, message);
        budget.Breach ??= breach;
        return breach;
    }

    private void OnBreach(ExecutionBudget budget, LimitExceededException e)
    {
        Log.LimitExceeded(Logger, WorkerName, e.Message);

        // Retire first: the caller may send its next request as soon as it has this one's error,
        // and that request must not come here.
        Retire();
        if (budget is RequestContext context)
        {
            context.Fail(new WorkerError(WorkerErrorKind.LimitExceeded, e.Message, e.Kind));
        }
    }

    private void ReportUncaught(ExecutionBudget budget, string description)
    {
        if (budget is RequestContext context)
        {
            FailUncaught(context, description);
        }
        else
        {
            Log.UncaughtOutsideRequest(Logger, WorkerName, description);
        }
    }

    /// <summary>
    /// Ends a request with error 1101, or marks it for pass-through when the script asked for
    /// that; ends a scheduled event with outcome <c>exception</c>.
    /// </summary>
    public void FailUncaught(RequestContext context, string description)
    {
        Log.Uncaught(Logger, WorkerName, description);
        context.Fail(new WorkerError(WorkerErrorKind.UncaughtException, "Uncaught " + description) { PassThrough = context.PassThroughOnException });
    }

    /// <summary>
    /// Logs an uncaught error of one of a scheduled event's tasks (its handler, a promise it
    /// returned) and records outcome <c>exception</c>, while the event's other tasks run on.
    /// </summary>
    public void RecordUncaught(RequestContext context, string description)
    {
        Log.Uncaught(Logger, WorkerName, description);
        context.RecordFailure(EventOutcome.Exception, "Uncaught " + description);
    }

    /// <summary>
    /// An event that still waits for the script but has nothing left that could call back into
    /// it (no timers, no host operations) can never finish: fail it instead of hanging. For a
    /// scheduled event this covers its <c>waitUntil</c> work too, since that is what it waits for.
    /// </summary>
    private void DetectHungRequests()
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var context = _active[i];
            if (!context.IsHung)
            {
                continue;
            }

            if (context.IsScheduled)
            {
                Log.ScheduledHung(Logger, WorkerName);
                context.Fail(new WorkerError(WorkerErrorKind.NeverResponds, ScheduledHungMessage));
            }
            else
            {
                Log.NeverResponds(Logger, WorkerName);
                context.Fail(new WorkerError(WorkerErrorKind.NeverResponds, "The script will never generate a response."));
            }
        }
    }

    /// <summary>What workerd reports when it cancels a hung event (<c>IoContext::abortFromHang</c> in <c>io/io-context.c++</c>).</summary>
    private const string ScheduledHungMessage = "Error: The Workers runtime canceled this request because it detected that your Worker's code had hung and would never generate a response.";

    private void OnFinished(RequestContext context)
    {
        _active.Remove(context);
        if (Interlocked.Decrement(ref _activeCount) == 0 && IsRetired)
        {
            RaiseDrained();
        }
    }

    private void OnLoopFault(Exception e) => Log.HostFault(Logger, WorkerName, e);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "[{Worker}] internal error")]
        public static partial void HostFault(ILogger logger, string worker, Exception exception);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "[{Worker}] {Message}")]
        public static partial void LimitExceeded(ILogger logger, string worker, string message);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "[{Worker}] Uncaught {Description}")]
        public static partial void Uncaught(ILogger logger, string worker, string description);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "[{Worker}] Uncaught (outside a request) {Description}")]
        public static partial void UncaughtOutsideRequest(ILogger logger, string worker, string description);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "[{Worker}] The script will never generate a response.")]
        public static partial void NeverResponds(ILogger logger, string worker);

        [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "[{Worker}] Uncaught (in promise) {Description}")]
        public static partial void UnhandledRejection(ILogger logger, string worker, string description);

        [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "[{Worker}] The scheduled event hung: nothing left could settle its promises.")]
        public static partial void ScheduledHung(ILogger logger, string worker);

        [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "[{Worker}] The scheduled event exceeded its wall-time limit ({Minutes} minutes).")]
        public static partial void ScheduledWallTimeExceeded(ILogger logger, string worker, double minutes);
    }
}
