namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// Values given on the command line that win over the configuration files, as wrangler's
/// <c>--name</c>, <c>--compatibility-date</c> and <c>--compatibility-flags</c> do.
/// </summary>
public sealed class ConfigOverrides
{
    /// <summary>
    /// The worker's name. Only for a project of one worker: <see cref="ConfigLoader.Load(IReadOnlyList{string}, ConfigOverrides?)"/>
    /// fails when the files configure several. Null keeps the configured name.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>The compatibility date (<c>YYYY-MM-DD</c>) of every worker; null keeps each one's <c>compatibility_date</c>. Recorded only.</summary>
    public string? CompatibilityDate { get; init; }

    /// <summary>The compatibility flags of every worker, replacing their <c>compatibility_flags</c>; null keeps them. Recorded only.</summary>
    public IReadOnlyList<string>? CompatibilityFlags { get; init; }
}
