namespace Workers.Runtime.Execution;

/// <summary>
/// What one event used by the time its response was decided: the numbers behind the request log
/// line and the metrics. CPU time and steps count JavaScript execution only, not waiting.
/// </summary>
public sealed class RequestUsage
{
    /// <summary>Creates a usage record.</summary>
    public RequestUsage(double cpuMilliseconds, long steps, long allocatedBytes, int subrequests)
    {
        CpuMilliseconds = cpuMilliseconds;
        Steps = steps;
        AllocatedBytes = allocatedBytes;
        Subrequests = subrequests;
    }

    /// <summary>Milliseconds of JavaScript execution, summed over the event's turns.</summary>
    public double CpuMilliseconds { get; }

    /// <summary>Statements executed.</summary>
    public long Steps { get; }

    /// <summary>Bytes allocated while the event's JavaScript ran.</summary>
    public long AllocatedBytes { get; }

    /// <summary>Outbound requests made.</summary>
    public int Subrequests { get; }
}
