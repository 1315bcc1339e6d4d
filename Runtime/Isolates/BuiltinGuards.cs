using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using Workers.Runtime.Interop;

namespace Workers.Runtime.Isolates;

/// <summary>
/// Puts a stack guard around the built-in functions through which Jint's native code can recurse
/// into itself with no script frame in between, so that such recursion ends with a catchable
/// <c>RangeError</c>, as in V8, instead of overflowing the loop thread's stack and aborting the
/// process.
/// </summary>
/// <remarks>
/// <para>
/// Jint 4.18 probes the native stack when it enters a script function, a getter or a proxy trap,
/// but not when one built-in invokes another as a method: converting an object to a primitive
/// (its <c>toString</c>/<c>valueOf</c>), <c>Invoke(this, "join")</c> in
/// <c>Array.prototype.toString</c>, <c>this.then</c> in <c>Promise.prototype.finally</c>,
/// <c>this.next</c> in the iterator helpers, the target of <c>Reflect.apply</c>. So a constant-size
/// program such as <c>a = []; a.join = a.toString; String(a)</c>, or
/// <c>o.toString = String.prototype.trim; String(o)</c>, or nested <c>Reflect.apply</c>, recursed
/// until the process died. Every such cycle passes through a built-in that converts its receiver
/// or a value read from it, or that calls a method of it: those are the ones wrapped here.
/// </para>
/// <para>
/// A wrapper keeps the original's name, length and property attributes and calls it through the
/// engine. Excluded are the functions Jint recognises by identity for its fast paths and that call
/// nothing of the script's (<c>Array.prototype.values</c> and the other array iterators,
/// <c>RegExp.prototype.exec</c>, <c>Promise.prototype.then</c>). The wrappers also turn the few
/// .NET exceptions Jint's built-ins throw for a bad receiver (found by calling every built-in with
/// every kind of value) into the <c>TypeError</c> the specification gives, instead of an internal
/// error that would end the request.
/// </para>
/// </remarks>
internal static class BuiltinGuards
{
    /// <summary>
    /// Wraps the built-ins of <paramref name="engine"/>'s realm; call before any script runs. Each
    /// wrapped call also checks <paramref name="budget"/>: native recursion runs no statements, so
    /// without it a chain of <c>call</c>s copying its arguments at every level ran for seconds and
    /// filled gigabytes with no limit noticing.
    /// </summary>
    public static void Install(Engine engine, HostWorkConstraint budget)
    {
        var global = engine.Global;
        var guards = new BuiltinGuardFactory(engine, budget);
        WrapAll(guards, Prototype(global, "Array"), "values", "keys", "entries", GlobalSymbolRegistry.Iterator);
        WrapAll(guards, Prototype(global, "String"), "toString", "valueOf");
        WrapAll(guards, Prototype(global, "RegExp"), "exec");
        WrapAll(guards, JsIntrinsics.IteratorPrototype(engine), GlobalSymbolRegistry.Iterator);
        Wrap(guards, (ObjectInstance)global.Get("Reflect"), "apply", "construct");
        Wrap(guards, Prototype(global, "Object"), "toLocaleString");
        Wrap(guards, Prototype(global, "Function"), "apply", "call");
        Wrap(guards, Prototype(global, "Promise"), "catch", "finally");
        Wrap(guards, Prototype(global, "Error"), "toString");
        var date = Prototype(global, "Date");
        Wrap(guards, date, "toJSON");
        WrapKey(guards, date, GlobalSymbolRegistry.ToPrimitive);
    }

    private static ObjectInstance Prototype(ObjectInstance global, string constructor)
        => (ObjectInstance)global.Get(constructor).Get("prototype");

    private static void WrapAll(BuiltinGuardFactory guards, ObjectInstance target, params JsValue[] except)
    {
        foreach (var key in target.GetOwnPropertyKeys())
        {
            if ((key is JsString name && name.ToString() == "constructor") || Array.Exists(except, e => e.Equals(key)))
            {
                continue;
            }

            WrapKey(guards, target, key);
        }
    }

    private static void Wrap(BuiltinGuardFactory guards, ObjectInstance target, params string[] names)
    {
        foreach (var name in names)
        {
            WrapKey(guards, target, name);
        }
    }

    /// <summary>
    /// Replaces a method with a descriptor that makes its guard on first read (most scripts read
    /// few of these; a guard made up front cost ~350 bytes per method per isolate). Accessors are
    /// left alone: Jint guards the calls of getters and setters itself.
    /// </summary>
    private static void WrapKey(BuiltinGuardFactory guards, ObjectInstance target, JsValue key)
    {
        var descriptor = target.GetOwnProperty(key);
        if (descriptor == PropertyDescriptor.Undefined || !descriptor.IsDataDescriptor() || !descriptor.Value.IsCallable())
        {
            return;
        }

        target.DefineOwnProperty(key, new GuardedMethodDescriptor(guards, descriptor));
    }
}
