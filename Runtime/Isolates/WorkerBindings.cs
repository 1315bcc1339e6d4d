namespace Workers.Runtime.Isolates;

/// <summary>What a worker's <c>env</c> holds: plain variables, JSON variables and secrets, applied in that order.</summary>
internal sealed record WorkerBindings(
    IReadOnlyDictionary<string, string> Vars,
    IReadOnlyDictionary<string, string> JsonVars,
    IReadOnlyDictionary<string, string> Secrets)
{
    public static readonly WorkerBindings None = new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());
}
