using System.Runtime.CompilerServices;
using Jint;

namespace Workers.Runtime.Interop;

/// <summary>
/// What host code calls while it does work a script asked for, so that the request's limits hold
/// while that work runs and not only once control is back in the interpreter (Jint checks its
/// constraints between statements; a C# loop over script data runs between two of them). Use
/// <see cref="Check"/> inside loops whose length a script controls, and <see cref="Reserve"/>
/// before an allocation whose size a script controls.
/// </summary>
/// <remarks>
/// Both throw the isolate's limit exception, which no script <c>catch</c> sees: the request ends
/// with error 1102 as for any breach. On an engine with no constraint registered, or outside a
/// turn, they do nothing.
/// </remarks>
internal static class HostWork
{
    // Jint's Constraints.Find matches the exact type, so the owner of the engine registers its
    // constraint here instead.
    private static readonly ConditionalWeakTable<Engine, HostWorkConstraint> s_constraints = [];

    /// <summary>Makes <paramref name="constraint"/> the one host work on <paramref name="engine"/> is checked against.</summary>
    public static void Register(Engine engine, HostWorkConstraint constraint) => s_constraints.AddOrUpdate(engine, constraint);

    /// <summary>Checks CPU time and memory as between two statements, without counting a step.</summary>
    public static void Check(Engine engine)
    {
        if (s_constraints.TryGetValue(engine, out var constraint))
        {
            constraint.CheckHostWork();
        }
    }

    /// <summary>Refuses an allocation of <paramref name="bytes"/> that would take the turn past its memory limit.</summary>
    public static void Reserve(Engine engine, long bytes)
    {
        if (s_constraints.TryGetValue(engine, out var constraint))
        {
            constraint.Reserve(bytes);
        }
    }
}
