using Workers.Runtime.Isolates;

namespace Workers.Runtime.Execution;

/// <summary>
/// Everything that belongs to one event (one HTTP request): its budget, its response, the host
/// operations and timers it has pending, and its <c>waitUntil</c> work. Like workerd's
/// <c>IoContext</c>, it outlives the response while <c>waitUntil</c> promises run, and when it
/// finishes it cancels whatever it still owns. Touched only on its isolate's loop thread,
/// except <see cref="Response"/>.
/// </summary>
internal sealed class RequestContext : ExecutionBudget
{
    private readonly TaskCompletionSource<WorkerResponse> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<IDisposable> _resources = [];
    private WorkerResponse? _decided;
    private int _waitUntil;

    public RequestContext(Isolate isolate, WorkerRequest request, CancellationToken aborted) : base(isolate.Limits)
    {
        Isolate = isolate;
        Request = request;
        Aborted = aborted;
    }

    /// <summary>The isolate the event runs in.</summary>
    public Isolate Isolate { get; }

    /// <summary>The request being handled.</summary>
    public WorkerRequest Request { get; }

    /// <summary>Cancelled when the client goes away or the host shuts down.</summary>
    public CancellationToken Aborted { get; }

    /// <summary>Completes with the response (the script's or an error page).</summary>
    public Task<WorkerResponse> Response => _response.Task;

    /// <summary>Whether the response has been decided.</summary>
    public bool HasResponded => _decided is not null;

    /// <summary>Host operations (body reads, timers, subrequests) that can still call back into this event.</summary>
    public int PendingOperations { get; private set; }

    /// <summary>Outbound requests made so far.</summary>
    public int Subrequests { get; set; }

    /// <summary>Set by <c>passThroughOnException()</c>.</summary>
    public bool PassThroughOnException { get; set; }

    /// <summary>Whether the event is over: responded and its waitUntil work settled, or failed.</summary>
    public bool IsFinished { get; private set; }

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
        PublishResponse();
        TryFinish();
    }

    /// <summary>Answers with a runtime error page and ends the event, waitUntil work included.</summary>
    public void Fail(WorkerError error)
    {
        _decided ??= ErrorResponses.Create(error);
        PublishResponse();
        Finish();
    }

    /// <summary>
    /// Hands the decided response to the caller with the usage so far. While a turn of this event
    /// runs, that waits for the turn's end (the isolate calls this again then), so the usage
    /// includes the turn that responded.
    /// </summary>
    public void PublishResponse()
    {
        if (_decided is null || _response.Task.IsCompleted || ReferenceEquals(Isolate.CurrentContext, this))
        {
            return;
        }

        _decided.Usage = new RequestUsage(CpuMilliseconds, Steps, AllocatedBytes, Subrequests);
        _response.TrySetResult(_decided);
    }

    /// <summary>Ends the event now: used when waitUntil work times out or the isolate is torn down.</summary>
    public void Finish()
    {
        if (IsFinished)
        {
            return;
        }

        IsFinished = true;
        _decided ??= ErrorResponses.Create(new WorkerError(WorkerErrorKind.Internal, "The request was cancelled before the worker responded."));
        PublishResponse();
        foreach (var resource in _resources.ToArray())
        {
            resource.Dispose();
        }

        _resources.Clear();
        Finished?.Invoke(this);
    }

    private void TryFinish()
    {
        if (HasResponded && _waitUntil == 0)
        {
            Finish();
        }
    }
}
