namespace Workers.Runtime.Isolates;

/// <summary>The resource limits a request can breach.</summary>
public enum LimitKind
{
    /// <summary>Milliseconds of JavaScript execution charged to one request.</summary>
    CpuTime,

    /// <summary>Statements executed for one request (deterministic).</summary>
    CpuSteps,

    /// <summary>Bytes allocated by one uninterrupted turn of JavaScript.</summary>
    Memory,

    /// <summary>Depth of nested JavaScript calls.</summary>
    RecursionDepth,

    /// <summary>Time one regular-expression match may take.</summary>
    RegexTime,
}
