using Workers.Runtime.Isolates;

namespace Workers.Runtime.Execution;

/// <summary>Why the runtime answered instead of the script.</summary>
public sealed class WorkerError
{
    internal WorkerError(WorkerErrorKind kind, string message, LimitKind? limit = null)
    {
        Kind = kind;
        Message = message;
        Limit = limit;
    }

    /// <summary>What went wrong.</summary>
    public WorkerErrorKind Kind { get; }

    /// <summary>The message shown to the client and logged.</summary>
    public string Message { get; }

    /// <summary>The limit breached, for <see cref="WorkerErrorKind.LimitExceeded"/>.</summary>
    public LimitKind? Limit { get; }

    /// <summary>Whether the script called <c>passThroughOnException()</c> before failing.</summary>
    public bool PassThrough { get; init; }
}
