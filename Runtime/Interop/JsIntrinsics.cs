using System.Runtime.CompilerServices;
using Acornima.Ast;
using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.Interop;

/// <summary>Intrinsic objects Jint does not expose publicly, captured once per engine before any script runs.</summary>
internal static class JsIntrinsics
{
    /// <summary>Parsed once per process.</summary>
    private static readonly Prepared<Script> s_iteratorPrototype = Engine.PrepareScript(
        "Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))", "iterator-prototype");

    private static readonly ConditionalWeakTable<Engine, ObjectInstance> s_iteratorPrototypes = [];

    /// <summary>
    /// %IteratorPrototype% (https://tc39.es/ecma262/#sec-%iteratorprototype%-object), which the
    /// Web API iterator prototypes inherit from. First asked for while the isolate starts, so a
    /// script cannot have replaced what it is read through.
    /// </summary>
    public static ObjectInstance IteratorPrototype(Engine engine)
        => s_iteratorPrototypes.GetValue(engine, static e => (ObjectInstance)e.Evaluate(s_iteratorPrototype));
}
