using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Hosting;

/// <summary>What a <see cref="WorkerHost"/> runs: one worker script, its limits and bindings.</summary>
public sealed record WorkerHostOptions
{
    /// <summary>The parsed script (<see cref="WorkerScript.Load"/> or <see cref="WorkerScript.Parse"/>). Required.</summary>
    public required WorkerScript Script { get; init; }

    /// <summary>The worker's name, shown in logs. Defaults to "worker".</summary>
    public string Name { get; init; } = "worker";

    /// <summary>Per-request limits. Defaults to <see cref="IsolateLimits"/>' defaults (the Workers limits).</summary>
    public IsolateLimits Limits { get; init; } = new();

    /// <summary>Plain-text variables, visible to the script as properties of <c>env</c>.</summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Variables whose values are JSON text (wrangler's non-string <c>vars</c>): each is parsed in
    /// the isolate, so <c>env</c> sees an object, number or boolean. A name here overrides <see cref="Vars"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> JsonVars { get; init; } = new Dictionary<string, string>();

    /// <summary>Secrets (from <c>.dev.vars</c> or <c>.env</c>): strings in <c>env</c> that override any variable of the same name.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>Where logs and <c>console</c> output go. Defaults to none.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// The origin that requests go to when the script called <c>passThroughOnException()</c>
    /// and then threw (for example <c>http://127.0.0.1:3000/</c>). Null (the default) answers such
    /// requests with the 1101 error, as there is nothing to pass through to.
    /// </summary>
    public Uri? Upstream { get; init; }

    /// <summary>The client used to reach <see cref="Upstream"/>. Defaults to a shared client.</summary>
    public HttpClient? UpstreamClient { get; init; }

    /// <summary>
    /// Most instances (isolates) of this worker alive at once. A new one starts when every
    /// instance is busy running JavaScript, so a CPU-bound worker can use this many cores.
    /// Defaults to the number of processors.
    /// </summary>
    public int MaxInstances { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The process-wide isolate manager (isolate cap, memory cap, idle timeout) to share with
    /// other workers. Null (the default) gives this worker a manager of its own with default bounds.
    /// </summary>
    public IsolateManager? Isolates { get; init; }

    /// <summary>
    /// Route patterns (<c>example.com/api/*</c>, <c>*.example.com/*</c>) that send requests to
    /// this worker when it runs in a <see cref="WorkerGroup"/>.
    /// </summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    /// <summary>Hosts whose every path goes to this worker in a <see cref="WorkerGroup"/> (custom domains); routes win over them.</summary>
    public IReadOnlyList<string> CustomDomains { get; init; } = [];

    /// <summary>Whether a <see cref="WorkerGroup"/> sends this worker the requests no route matches.</summary>
    public bool IsDefault { get; init; }

    /// <summary>Cron expressions (UTC, five fields) on which a <see cref="WorkerGroup"/> runs this worker's scheduled handler.</summary>
    public IReadOnlyList<string> Crons { get; init; } = [];

    /// <summary>The clock for timers. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A copy that uses <paramref name="manager"/> for its isolates.</summary>
    internal WorkerHostOptions WithIsolates(IsolateManager manager) => this with { Isolates = manager };

    /// <summary>
    /// Whether isolates made from <paramref name="other"/> would be the same as from these options:
    /// same parsed script, name, limits, bindings and settings. Routes, the default flag and crons
    /// do not matter to an isolate, so a reload that changes only those keeps the warm isolates.
    /// </summary>
    internal bool RunsSameIsolatesAs(WorkerHostOptions other)
        => ReferenceEquals(Script, other.Script)
            && Name == other.Name
            && Limits.SameAs(other.Limits)
            && SameEntries(Vars, other.Vars)
            && SameEntries(JsonVars, other.JsonVars)
            && SameEntries(Secrets, other.Secrets)
            && MaxInstances == other.MaxInstances
            && Upstream == other.Upstream
            && ReferenceEquals(UpstreamClient, other.UpstreamClient)
            && ReferenceEquals(LoggerFactory, other.LoggerFactory)
            && ReferenceEquals(TimeProvider, other.TimeProvider);

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
        => a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
