using Microsoft.Extensions.Logging;

namespace Workers.Cli.Commands;

/// <summary>The validated settings of one <c>workers serve</c> run.</summary>
internal sealed record ServeSettings
{
    /// <summary>Scripts and configuration files, as given; empty means "look for a wrangler file here".</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The name of a worker given as a bare script (only with a single script).</summary>
    public string? Name { get; init; }

    public required string Host { get; init; }

    public required int Port { get; init; }

    public int? CpuMs { get; init; }

    public long? CpuSteps { get; init; }

    public int? MemoryMb { get; init; }

    /// <summary>--var KEY:VALUE, for every worker, over the configured vars.</summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    public Uri? Upstream { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public bool JsonLogs { get; init; }

    public required int MaxInstances { get; init; }

    public required int MaxIsolates { get; init; }

    public int? MaxHeapMb { get; init; }

    public required TimeSpan IdleTimeout { get; init; }

    public bool Watch { get; init; }

    public bool TestScheduled { get; init; }

    /// <summary>Where metrics are served; null for nowhere.</summary>
    public string? MetricsPath { get; init; }
}
