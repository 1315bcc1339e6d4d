using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Execution;

namespace Workers.Runtime.Isolates;

/// <summary>What an isolate is created with.</summary>
internal sealed class IsolateOptions
{
    public required string WorkerName { get; init; }

    public IsolateLimits Limits { get; init; } = new();

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The scheduler running the isolate's loop; null for the shared one.</summary>
    public LoopScheduler? Scheduler { get; init; }
}
