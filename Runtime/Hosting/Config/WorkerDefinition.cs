namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// One worker as configured: its script, variables, secrets, routes, cron triggers and limits.
/// Built by <see cref="ConfigLoader"/> from a wrangler file, an entry of a multi-worker file, or a
/// bare script; every path in it is absolute and every list keeps the order of the file.
/// </summary>
public sealed class WorkerDefinition
{
    /// <summary>The worker's name (<c>name</c>): lowercase letters, digits, <c>-</c> and <c>_</c>, unique in the project.</summary>
    public required string Name { get; init; }

    /// <summary>The full path of the worker's script (<c>main</c>), which existed when the configuration was loaded.</summary>
    public required string MainPath { get; init; }

    /// <summary>The <c>compatibility_date</c> (<c>YYYY-MM-DD</c>), or null when not set. Recorded only: this runtime has one behaviour.</summary>
    public string? CompatibilityDate { get; init; }

    /// <summary>The <c>compatibility_flags</c>, in order. Recorded only.</summary>
    public IReadOnlyList<string> CompatibilityFlags { get; init; } = [];

    /// <summary>The <c>vars</c> whose values are strings, in declaration order.</summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = EmptyDictionary;

    /// <summary>
    /// The <c>vars</c> whose values are not strings (numbers, booleans, tables/objects, arrays), each
    /// as compact JSON text for the runtime to <c>JSON.parse</c>, in declaration order.
    /// </summary>
    public IReadOnlyDictionary<string, string> JsonVars { get; init; } = EmptyDictionary;

    /// <summary>
    /// Local secrets from <c>.dev.vars</c> (or <c>.env</c> and <c>.env.local</c>), in file order. They
    /// are strings in <c>env</c> and override a variable of the same name.
    /// </summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = EmptyDictionary;

    /// <summary>The route patterns (<c>routes</c> or <c>route</c>), as written, in order.</summary>
    public IReadOnlyList<string> Routes => RouteEntries.Select(r => r.Pattern).ToList();

    /// <summary>The routes with their form: a plain pattern, or a Custom Domain.</summary>
    public IReadOnlyList<RouteEntry> RouteEntries { get; init; } = [];

    /// <summary>The cron expressions of <c>triggers.crons</c> (five fields each, already validated), in order.</summary>
    public IReadOnlyList<string> Crons { get; init; } = [];

    /// <summary>
    /// <c>limits.cpu_ms</c>: the CPU time one invocation may use, in milliseconds (1 to 300000),
    /// or null for the runtime's default.
    /// </summary>
    public int? CpuMs { get; init; }

    /// <summary><c>limits.subrequests</c>: how many subrequests one invocation may make, or null for the runtime's default.</summary>
    public int? Subrequests { get; init; }

    /// <summary>
    /// Whether this worker gets the requests no route matches: the entry marked <c>default = true</c>
    /// in a multi-worker file, otherwise the first worker of the project.
    /// </summary>
    public bool IsDefault { get; init; }

    /// <summary>The full path of the configuration file the worker was declared in; null for a bare script.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>
    /// The files whose change should reload this worker, full paths: its configuration file(s), its
    /// script, and every secrets file that would apply, whether it exists yet or not.
    /// </summary>
    public IReadOnlyList<string> WatchPaths { get; init; } = [];

    private static IReadOnlyDictionary<string, string> EmptyDictionary { get; } =
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>());
}
