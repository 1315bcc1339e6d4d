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

    /// <summary>
    /// The path (on any host) that answers with the Prometheus metrics instead of going to a
    /// worker, such as <c>/cdn-cgi/workers/metrics</c>: Cloudflare never hands <c>/cdn-cgi/</c>
    /// paths to a worker, so that one shadows no route. Null (the default) serves no metrics.
    /// </summary>
    public string? MetricsPath { get; init; }

    /// <summary>
    /// Whether <c>/cdn-cgi/handler/scheduled?cron=...</c> (and Miniflare's <c>/cdn-cgi/local/scheduled</c>
    /// and <c>/cdn-cgi/mf/scheduled</c>) run the routed worker's scheduled handler on demand, as
    /// under <c>wrangler dev</c>. Anyone who can reach the server can then fire crons: keep it to
    /// local development. Defaults to false.
    /// </summary>
    public bool ScheduledTriggers { get; init; }

    /// <summary>Whether <c>/__scheduled?cron=...</c> also triggers, as with <c>wrangler dev --test-scheduled</c>. Defaults to false.</summary>
    public bool TestScheduled { get; init; }

    /// <summary>Whether the workers' cron triggers fire on schedule. Defaults to true.</summary>
    public bool RunCrons { get; init; } = true;

    /// <summary>The clock for cron triggers and for the trigger endpoints' default time. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the group's logs go: one line per request (category <c>Workers.Request</c>),
    /// routing, reloads and eviction.
    /// </summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
