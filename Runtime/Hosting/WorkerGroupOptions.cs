using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Hosting;

/// <summary>What a <see cref="WorkerGroup"/> runs: its workers and the process-wide isolate bounds.</summary>
public sealed class WorkerGroupOptions
{
    /// <summary>
    /// The workers, each with its routes, default flag and crons; names must be unique. The
    /// <see cref="WorkerHostOptions.Isolates"/> of each is replaced by the group's manager.
    /// </summary>
    public required IReadOnlyList<WorkerHostOptions> Workers { get; init; }

    /// <summary>Process-wide bounds: isolate cap, memory cap, idle timeout.</summary>
    public IsolateManagerOptions Isolates { get; init; } = new();

    /// <summary>Where the group's own logs go (routing, reloads, eviction).</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
