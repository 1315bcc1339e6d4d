namespace Workers.Runtime.Execution;

/// <summary>
/// How a scheduled event ended: workerd's <c>WorkerInterface::ScheduledResult</c> (an outcome and
/// whether to retry) plus the error that decided a failed outcome and the event's resource use.
/// </summary>
public sealed class ScheduledResult
{
    /// <summary>Creates a result.</summary>
    public ScheduledResult(string outcome, bool noRetry, string? error, RequestUsage usage)
    {
        ArgumentException.ThrowIfNullOrEmpty(outcome);
        ArgumentNullException.ThrowIfNull(usage);
        Outcome = outcome;
        NoRetry = noRetry;
        Error = error;
        Usage = usage;
    }

    /// <summary>One of the <see cref="EventOutcome"/> names, for example <c>"ok"</c> or <c>"exceededCpu"</c>.</summary>
    public string Outcome { get; }

    /// <summary>
    /// Whether the script asked that a failed event not be retried (<c>controller.noRetry()</c>), or the
    /// runtime decided so because the worker has no scheduled handler, as workerd does.
    /// </summary>
    public bool NoRetry { get; }

    /// <summary>What failed first, for example <c>"Uncaught Error: boom"</c> with its stack; null when the outcome is ok.</summary>
    public string? Error { get; }

    /// <summary>What the event used: CPU time and steps, allocation and subrequests, over all its turns.</summary>
    public RequestUsage Usage { get; }

    /// <summary>Whether the outcome is <see cref="EventOutcome.Ok"/>.</summary>
    public bool IsOk => Outcome == EventOutcome.Ok;
}
