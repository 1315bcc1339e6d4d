namespace Workers.Runtime.Hosting.Metrics;

/// <summary>
/// The values of the <c>reason</c> label of <c>workers_isolates_evicted_total</c>, passed to
/// <see cref="WorkerMetrics.IsolateEvicted"/>.
/// </summary>
public static class IsolateEvictionReason
{
    /// <summary>The isolate sat idle longer than the idle timeout.</summary>
    public const string IdleTimeout = "idle_timeout";

    /// <summary>The worker's pool, or the process, held more isolates than allowed: the least recently used idle one went.</summary>
    public const string IsolateCap = "isolate_cap";

    /// <summary>The process exceeded its memory budget.</summary>
    public const string Memory = "memory";

    /// <summary>The isolate breached a limit (or faulted) and was retired once its events ended.</summary>
    public const string Retired = "retired";

    /// <summary>The worker's script or configuration was reloaded.</summary>
    public const string Reload = "reload";
}
