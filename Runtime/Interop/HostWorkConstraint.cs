using Jint;

namespace Workers.Runtime.Interop;

/// <summary>
/// A constraint that host code can consult in the middle of work a script asked for (see
/// <see cref="HostWork"/>); the isolate's per-request budget is one.
/// </summary>
internal abstract class HostWorkConstraint : Constraint
{
    /// <summary>Checks the running turn's limits other than steps; throws on a breach.</summary>
    public abstract void CheckHostWork();

    /// <summary>Refuses, with a breach, an allocation of <paramref name="bytes"/> the turn's memory limit cannot take.</summary>
    public abstract void Reserve(long bytes);
}
