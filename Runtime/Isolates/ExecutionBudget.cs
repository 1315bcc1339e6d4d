namespace Workers.Runtime.Isolates;

/// <summary>
/// What one unit of work (a request, or the start-up of an isolate) has used so far, summed over
/// all its turns. Only the isolate's event-loop thread writes it.
/// </summary>
internal class ExecutionBudget
{
    public ExecutionBudget(IsolateLimits limits) => Limits = limits;

    /// <summary>The limits this budget is charged against.</summary>
    public IsolateLimits Limits { get; }

    /// <summary>Whether this is an isolate's start-up (its limits are <see cref="IsolateLimits.ForStartup"/>).</summary>
    public bool IsStartup { get; init; }

    /// <summary>Stopwatch ticks of JavaScript execution so far.</summary>
    public long CpuTicks { get; set; }

    /// <summary>Statements executed so far.</summary>
    public long Steps { get; set; }

    /// <summary>Bytes allocated on the loop thread during this budget's turns.</summary>
    public long AllocatedBytes { get; set; }

    /// <summary>The first limit this budget breached, if any.</summary>
    public LimitExceededException? Breach { get; set; }

    /// <summary>CPU time in milliseconds.</summary>
    public double CpuMilliseconds => CpuTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
