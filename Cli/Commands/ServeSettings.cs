using Microsoft.Extensions.Logging;

namespace Workers.Cli.Commands;

/// <summary>The validated settings of one <c>workers serve</c> run.</summary>
internal sealed record ServeSettings
{
    /// <summary>Scripts and configuration files (<c>-c</c> files first), as given; empty means "look for a wrangler file here".</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary><c>--cwd</c>: the folder to run in; null for the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary><c>--name</c>: the name of the one worker served; null keeps its configured (or derived) name.</summary>
    public string? Name { get; init; }

    /// <summary><c>--compatibility-date</c>, recorded for every worker over its configuration; null keeps theirs.</summary>
    public string? CompatibilityDate { get; init; }

    /// <summary><c>--compatibility-flags</c>, recorded for every worker over its configuration; null keeps theirs.</summary>
    public IReadOnlyList<string>? CompatibilityFlags { get; init; }

    /// <summary><c>--host</c>/<c>--ip</c>; null for <c>dev.ip</c>, else <see cref="ServeCommand.DefaultHost"/>.</summary>
    public string? Host { get; init; }

    /// <summary><c>--port</c>; null for <c>dev.port</c>, else <see cref="ServeCommand.DefaultPort"/>.</summary>
    public int? Port { get; init; }

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

    /// <summary>What the command line asked for that is ignored here (wrangler dev's flags), one message each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
