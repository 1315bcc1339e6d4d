using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Execution;

/// <summary>
/// Everything that belongs to one event (an HTTP request or a scheduled event): its budget, its
/// result, the host operations and timers it has pending, and its <c>waitUntil</c> work. Like
/// workerd's <c>IoContext</c>, it outlives a fetch event's response while <c>waitUntil</c> promises
/// run, and when it finishes it cancels whatever it still owns. Touched only on its isolate's loop
/// thread, except <see cref="Response"/> and <see cref="ScheduledCompletion"/>.
/// </summary>
/// <remarks>
/// <para>
/// A scheduled event has no response: as in workerd (<c>WorkerEntrypoint::runScheduled</c> in
/// <c>io/worker-entrypoint.c++</c>), its handler runs as one more <c>waitUntil</c> task, the event
/// ends when every such task has settled, and its outcome is the first failure among them
/// (<c>IoContext::taskFailed</c> in <c>io/io-context.c++</c>), or the limit breach, hang or
/// cancellation that cut it short.
/// </para>
/// <para>
/// A fetch event whose response is no longer wanted (its client disconnected, or it passed the
/// response deadline) is cancelled as workerd cancels a request: the caller gets its answer at
/// once, and the event goes on only as a request whose response was sent would, for its
/// <c>waitUntil</c> work and at most <see cref="IsolateLimits.WaitUntilTimeout"/>
/// (<c>WorkerEntrypoint::request</c> in <c>io/worker-entrypoint.c++</c> drains the request on
/// every exit, cancellation included, and <c>IoContext::IncomingRequest::drain</c> in
/// <c>io/io-context.c++</c> waits for the <c>waitUntil</c> tasks up to the limit enforcer's
/// <c>limitDrain()</c>). A response the script decides later is dropped, as workerd drops one
/// whose client is gone (<c>ServiceWorkerGlobalScope::request</c>, <c>api/global-scope.c++</c>).
/// </para>
/// </remarks>
internal sealed partial class RequestContext : ExecutionBudget
{
    private readonly TaskCompletionSource<WorkerResponse> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ScheduledResult>? _scheduled;
    private readonly HashSet<IDisposable> _resources = [];
    private readonly WorkerRequest? _request;
    private readonly long _dispatchedAt;
    private WorkerResponse? _decided;
    private string? _failureOutcome;
    private string? _failure;
    private int _waitUntil;
    private ITimer? _responseDeadline;
    private bool _draining;
    private CancellationTokenSource? _ended;

    /// <summary>Creates the context of a fetch event.</summary>
    public RequestContext(Isolate isolate, WorkerRequest request, CancellationToken aborted) : base(isolate.Limits)
    {
        Isolate = isolate;
        _request = request;
        Aborted = aborted;
        _dispatchedAt = isolate.TimeProvider.GetTimestamp();
    }

    /// <summary>Creates the context of a scheduled event.</summary>
    public RequestContext(Isolate isolate, ScheduledEventInfo scheduled, CancellationToken aborted) : base(isolate.Limits)
    {
        Isolate = isolate;
        Scheduled = scheduled;
        Aborted = aborted;
        _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The isolate the event runs in.</summary>
    public Isolate Isolate { get; }

    /// <summary>The request being handled.</summary>
    /// <exception cref="InvalidOperationException">The event is not a fetch event.</exception>
    public WorkerRequest Request => _request ?? throw new InvalidOperationException("This event has no HTTP request.");

    /// <summary>The scheduled event being handled, or null for a fetch event.</summary>
    public ScheduledEventInfo? Scheduled { get; }

    /// <summary>Whether this is a scheduled event rather than a fetch event.</summary>
    public bool IsScheduled => Scheduled is not null;

    /// <summary>
    /// The caller's token: cancelled when the client goes away (a fetch event) or the host shuts
    /// down or reloads (a scheduled event). Either cancels the event; see <see cref="BeginFetch"/>.
    /// </summary>
    public CancellationToken Aborted { get; }

    /// <summary>
    /// Cancelled when the event ends (<see cref="Finish"/>), for the host operations it started:
    /// what they still do is no longer wanted. Unlike <see cref="Aborted"/> it stays uncancelled
    /// while <c>waitUntil</c> work runs on after a client disconnected.
    /// </summary>
    public CancellationToken Ended
    {
        get
        {
            if (IsFinished)
            {
                return new CancellationToken(canceled: true);
            }

            _ended ??= new CancellationTokenSource();
            return _ended.Token;
        }
    }

    /// <summary>Completes with the response (the script's or an error page); never, for a scheduled event.</summary>
    public Task<WorkerResponse> Response => _response.Task;

    /// <summary>Completes with the result of a scheduled event once it is over.</summary>
    /// <exception cref="InvalidOperationException">The event is not a scheduled event.</exception>
    public Task<ScheduledResult> ScheduledCompletion => _scheduled?.Task ?? throw new InvalidOperationException("This event is not a scheduled event.");

    /// <summary>Whether a fetch event's response has been decided; always false for a scheduled event.</summary>
    public bool HasResponded => _decided is not null;

    /// <summary>Host operations (body reads, timers, subrequests) that can still call back into this event.</summary>
    public int PendingOperations { get; private set; }

    /// <summary>Outbound requests made so far.</summary>
    public int Subrequests { get; set; }

    /// <summary>Set by <c>passThroughOnException()</c>.</summary>
    public bool PassThroughOnException { get; set; }

    /// <summary>Set by <c>noRetry()</c> on a scheduled event, or by the runtime when there is no handler.</summary>
    public bool NoRetry { get; set; }

    /// <summary>Whether the event is over: responded and its waitUntil work settled, or failed.</summary>
    public bool IsFinished { get; private set; }

    /// <summary>
    /// Whether the event still waits for the script but nothing left can call back into it (no
    /// timers, no host operations): a fetch event without a response, or a scheduled event with
    /// unsettled work. Checked after every turn, when the promise jobs have drained.
    /// </summary>
    public bool IsHung => !IsFinished && PendingOperations == 0 && (IsScheduled || !HasResponded);

    /// <summary>Called once when the event is over.</summary>
    public event Action<RequestContext>? Finished;

    /// <summary>Notes that a host operation will call back into this event.</summary>
    public void BeginOperation() => PendingOperations++;

    /// <summary>Notes that a host operation has called back for the last time.</summary>
    public void EndOperation()
    {
        if (PendingOperations > 0)
        {
            PendingOperations--;
        }
    }

    /// <summary>Registers something to dispose when the event finishes (a timer, a subscription).</summary>
    public void Own(IDisposable resource)
    {
        if (IsFinished)
        {
            resource.Dispose();
            return;
        }

        _resources.Add(resource);
    }

    /// <summary>Forgets a resource that ended on its own.</summary>
    public void Disown(IDisposable resource) => _resources.Remove(resource);

    /// <summary>
    /// Starts watching a fetch event, on the loop, before its handler runs: arms the response
    /// deadline (<see cref="IsolateLimits.ResponseTimeout"/>, counted from the dispatch, so time
    /// spent queued for the loop counts) and cancels the event when <see cref="Aborted"/> fires.
    /// Returns false when the client went away before the handler could start: the event is
    /// then already cancelled, and the handler must not run.
    /// </summary>
    public bool BeginFetch()
    {
        Debug.Assert(!IsScheduled, "Only a fetch event has a response to wait for.");
        if (Aborted.IsCancellationRequested)
        {
            Cancel(ClientDisconnectedError());
            return false;
        }

        if (Limits.ResponseTimeout is { } timeout)
        {
            var remaining = timeout - Isolate.TimeProvider.GetElapsedTime(_dispatchedAt);
            _responseDeadline = Isolate.TimeProvider.CreateTimer(
                static state =>
                {
                    var self = (RequestContext)state!;
                    self.Isolate.Post(self, self.OnResponseDeadline);
                },
                this,
                remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero,
                Timeout.InfiniteTimeSpan);
        }

        if (Aborted.CanBeCanceled)
        {
            // Runs on the thread that cancels (the front end's): it only queues the cancellation.
            Own(Aborted.UnsafeRegister(
                static state =>
                {
                    var self = (RequestContext)state!;
                    self.Isolate.Post(self, self.OnClientDisconnected);
                },
                this));
        }

        return true;
    }

    /// <summary>
    /// Gives up on a fetch event's response, because nobody wants it any more (the client went
    /// away, or the response deadline passed): the caller gets <paramref name="error"/>'s page at
    /// once, and whatever the script decides later is dropped. The event then ends as one that
    /// has responded would: now, its timers and host operations cancelled, or, with
    /// <c>waitUntil</c> work pending, when that settles or <see cref="IsolateLimits.WaitUntilTimeout"/>
    /// has passed. A no-op once the response is decided.
    /// </summary>
    public void Cancel(WorkerError error)
    {
        Debug.Assert(!IsScheduled, "A scheduled event is cut short with Abort.");
        if (IsFinished || HasResponded)
        {
            return;
        }

        _decided = ErrorResponses.Create(error);
        PublishResult();
        if (_waitUntil == 0)
        {
            Finish();
        }
        else
        {
            DrainWaitUntil();
        }
    }

    /// <summary>
    /// Once a fetch event's response is decided: lets its <c>waitUntil</c> work run on for at most
    /// <see cref="IsolateLimits.WaitUntilTimeout"/>, then ends the event, cancelling what is left,
    /// as workerd's <c>IoContext::IncomingRequest::drain</c> does (<c>io/io-context.c++</c>). Does
    /// nothing if the event is over or already draining.
    /// </summary>
    public void DrainWaitUntil()
    {
        if (IsFinished || _draining)
        {
            return;
        }

        _draining = true;
        Own(Isolate.TimeProvider.CreateTimer(
            static state =>
            {
                var self = (RequestContext)state!;
                self.Isolate.Post(self, self.OnWaitUntilTimeout);
            },
            this,
            Limits.WaitUntilTimeout,
            Timeout.InfiniteTimeSpan));
    }

    /// <summary>Counts one more <c>waitUntil</c> promise.</summary>
    public void AddWaitUntil() => _waitUntil++;

    /// <summary>One <c>waitUntil</c> promise settled.</summary>
    public void WaitUntilSettled()
    {
        if (_waitUntil > 0)
        {
            _waitUntil--;
        }

        TryFinish();
    }

    /// <summary>Decides the response; later calls are ignored.</summary>
    public void Respond(WorkerResponse response)
    {
        if (_decided is not null)
        {
            return;
        }

        _decided = response;
        PublishResult();
        TryFinish();
    }

    /// <summary>
    /// Notes that one of a scheduled event's tasks failed, without ending the event: its other
    /// tasks still run to the end, and the first failure decides the outcome.
    /// </summary>
    public void RecordFailure(string outcome, string description)
    {
        if (_failureOutcome is null)
        {
            _failureOutcome = outcome;
            _failure = description;
        }
    }

    /// <summary>
    /// Ends a scheduled event now with <paramref name="outcome"/>, whatever its tasks did before:
    /// as in workerd, where an aborted context's outcome wins over the tasks it cut short.
    /// </summary>
    public void Abort(string outcome, string description)
    {
        if (!IsFinished)
        {
            _failureOutcome = outcome;
            _failure = description;
        }

        Finish();
    }

    /// <summary>
    /// Ends the event now, waitUntil work included: a fetch event answers with a runtime error
    /// page, a scheduled event ends with the outcome that matches the error.
    /// </summary>
    public void Fail(WorkerError error)
    {
        if (IsScheduled)
        {
            Abort(OutcomeOf(error), error.Message);
            return;
        }

        // A limit breached in the turn that decided the response, before the response was handed
        // over, wins: the response came out of work over the limit (say, a handler that hashed a
        // large buffer and returned; the CPU time is found when the turn ends).
        if (error.Kind == WorkerErrorKind.LimitExceeded && !_response.Task.IsCompleted)
        {
            _decided = ErrorResponses.Create(error);
        }
        else
        {
            _decided ??= ErrorResponses.Create(error);
        }

        PublishResult();
        Finish();
    }

    /// <summary>
    /// Hands the result to the caller with the usage so far: a fetch event's response once it is
    /// decided, a scheduled event's result once it is over. While a turn of this event runs, that
    /// waits for the turn's end (the isolate calls this again then), so the usage includes the
    /// turn that decided it.
    /// </summary>
    public void PublishResult()
    {
        if (ReferenceEquals(Isolate.CurrentContext, this))
        {
            return;
        }

        if (_scheduled is not null)
        {
            if (IsFinished && !_scheduled.Task.IsCompleted)
            {
                _scheduled.TrySetResult(new ScheduledResult(_failureOutcome ?? EventOutcome.Ok, NoRetry, _failure, Usage()));
            }

            return;
        }

        if (_decided is null || _response.Task.IsCompleted)
        {
            return;
        }

        _decided.Usage = Usage();
        _response.TrySetResult(_decided);
        _responseDeadline?.Dispose();
        _responseDeadline = null;
    }

    /// <summary>Ends the event now: used when waitUntil work times out or the isolate is torn down.</summary>
    public void Finish()
    {
        if (IsFinished)
        {
            return;
        }

        IsFinished = true;
        if (IsScheduled)
        {
            if (_waitUntil > 0)
            {
                RecordFailure(EventOutcome.Canceled, "The scheduled event was cancelled before its work settled.");
            }
        }
        else
        {
            _decided ??= ErrorResponses.Create(new WorkerError(WorkerErrorKind.Internal, "The request was cancelled before the worker responded."));
        }

        PublishResult();
        _responseDeadline?.Dispose();
        _responseDeadline = null;
        foreach (var resource in _resources.ToArray())
        {
            resource.Dispose();
        }

        _resources.Clear();
        if (_ended is { } ended)
        {
            try
            {
                ended.Cancel();
            }
            catch (AggregateException e)
            {
                // A host operation's cancellation callback failed: a host bug, not the script's.
                Log.CancellationFault(Isolate.Logger, Isolate.WorkerName, e);
            }

            ended.Dispose();
        }

        Finished?.Invoke(this);
    }

    /// <summary>
    /// The workerd outcome for a runtime error, as <c>RequestObserver::outcomeFromException</c>
    /// (<c>io/observer.c++</c>) derives it: CPU and memory breaches have their own outcomes; CPU steps
    /// and the regex time limit are this runtime's stand-ins for CPU time; too deep a recursion is a
    /// <c>RangeError</c> in V8, an exception; a hang aborts the event with an error, also an exception.
    /// </summary>
    private static string OutcomeOf(WorkerError error) => error.Kind switch
    {
        WorkerErrorKind.LimitExceeded => error.Limit switch
        {
            LimitKind.CpuTime or LimitKind.CpuSteps or LimitKind.RegexTime => EventOutcome.ExceededCpu,
            LimitKind.Memory => EventOutcome.ExceededMemory,
            _ => EventOutcome.Exception,
        },
        WorkerErrorKind.Internal => EventOutcome.InternalError,
        _ => EventOutcome.Exception,
    };

    private static WorkerError ClientDisconnectedError()
        => new(WorkerErrorKind.ClientDisconnected, "The client disconnected before the worker responded; the request was cancelled.");

    private void OnClientDisconnected()
    {
        if (IsFinished || HasResponded)
        {
            return;
        }

        Log.ClientDisconnected(Isolate.Logger, Isolate.WorkerName);
        Cancel(ClientDisconnectedError());
    }

    private void OnResponseDeadline()
    {
        if (IsFinished || HasResponded || Limits.ResponseTimeout is not { } timeout)
        {
            return;
        }

        var seconds = timeout.TotalSeconds.ToString("#,0.###", CultureInfo.InvariantCulture);
        Log.ResponseTimedOut(Isolate.Logger, Isolate.WorkerName, seconds);
        Cancel(new WorkerError(WorkerErrorKind.ResponseTimeout, $"The worker did not return a Response within {seconds} seconds; the request was cancelled."));
    }

    private void OnWaitUntilTimeout()
    {
        if (IsFinished)
        {
            return;
        }

        Log.WaitUntilTimedOut(Isolate.Logger, Isolate.WorkerName, Limits.WaitUntilTimeout.TotalSeconds);
        Finish();
    }

    private RequestUsage Usage() => new(CpuMilliseconds, Steps, AllocatedBytes, Subrequests);

    private void TryFinish()
    {
        if ((IsScheduled || HasResponded) && _waitUntil == 0)
        {
            Finish();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "[{Worker}] The client disconnected before the response; the request was cancelled.")]
        public static partial void ClientDisconnected(ILogger logger, string worker);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "[{Worker}] The worker did not return a Response within {Seconds} seconds; the request was cancelled (524).")]
        public static partial void ResponseTimedOut(ILogger logger, string worker, string seconds);

        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "[{Worker}] waitUntil() work did not settle within {Seconds} seconds after the response (or the request's cancellation) and was cancelled.")]
        public static partial void WaitUntilTimedOut(ILogger logger, string worker, double seconds);

        [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "[{Worker}] internal error while cancelling a request's host operations")]
        public static partial void CancellationFault(ILogger logger, string worker, Exception exception);
    }
}
