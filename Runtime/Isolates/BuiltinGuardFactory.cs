using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using Workers.Runtime.Interop;

namespace Workers.Runtime.Isolates;

/// <summary>Makes the guarded stand-ins of built-in functions for one engine (see <see cref="BuiltinGuards"/>).</summary>
internal sealed class BuiltinGuardFactory
{
    private const string StackExceeded = "Maximum call stack size exceeded";

    private readonly Engine _engine;
    private readonly HostWorkConstraint _budget;

    public BuiltinGuardFactory(Engine engine, HostWorkConstraint budget)
    {
        _engine = engine;
        _budget = budget;
    }

    /// <summary>A function that behaves as <paramref name="original"/> behind a stack probe and a budget check.</summary>
    public ClrFunction Guard(JsValue original)
    {
        var engine = _engine;
        var budget = _budget;
        var name = TypeConverter.ToString(original.Get("name"));
        var length = (int)TypeConverter.ToNumber(original.Get("length"));
        return new ClrFunction(
            engine,
            name,
            (thisObject, arguments) =>
            {
                if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
                {
                    throw JsErrors.RangeError(engine, StackExceeded);
                }

                budget.CheckHostWork();
                try
                {
                    return engine.Call(original, thisObject, arguments);
                }
                catch (Exception e) when (e is ArgumentException or InvalidCastException && e is not ArgumentOutOfRangeException)
                {
                    // A receiver or argument Jint's built-in did not expect (a primitive where it
                    // casts to an object): the specification's TypeError, not an internal error.
                    throw JsErrors.TypeError(engine, $"{name} called on an incompatible receiver");
                }
            },
            length,
            PropertyFlag.Configurable);
    }
}
