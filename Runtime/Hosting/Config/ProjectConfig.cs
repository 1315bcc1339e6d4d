namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// The workers one <c>workers serve</c> process runs, as loaded by <see cref="ConfigLoader.Load"/>
/// from one or more configuration files.
/// </summary>
public sealed class ProjectConfig
{
    /// <summary>The workers, in the order the files and entries declare them. Names are unique, and at most one is <see cref="WorkerDefinition.IsDefault"/>.</summary>
    public required IReadOnlyList<WorkerDefinition> Workers { get; init; }

    /// <summary>
    /// What the loader ignored or found doubtful (unknown keys, keys not supported yet, a missing
    /// <c>compatibility_date</c>), one message each, each starting with the file it concerns.
    /// </summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Every file read (configuration and secrets files), full paths, in the order read, each once.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>
    /// The local server settings (<c>dev.ip</c>, <c>dev.port</c>) of the first file given; every value
    /// is null when that file has no <c>dev</c> table. Command-line flags win over them.
    /// </summary>
    public DevSettings Dev { get; init; } = new();

    /// <summary>The default worker, the one that gets the requests no route matches; null when there is none.</summary>
    public WorkerDefinition? DefaultWorker => Workers.FirstOrDefault(w => w.IsDefault);
}
