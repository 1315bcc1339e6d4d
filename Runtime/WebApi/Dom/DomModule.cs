using System.Runtime.CompilerServices;
using Jint;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Dom;

/// <summary>Installs <c>DOMException</c> (https://webidl.spec.whatwg.org/#idl-DOMException).</summary>
internal static class DomModule
{
    private static readonly ConditionalWeakTable<Engine, DomExceptionConstructor> s_constructors = [];

    /// <summary>Defines the <c>DOMException</c> global on the isolate's engine; runs before the worker's script.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var constructor = new DomExceptionConstructor(isolate.Engine);
        s_constructors.AddOrUpdate(isolate.Engine, constructor);
        JsMembers.DefineGlobal(isolate.Engine, "DOMException", constructor);
    }

    /// <summary>
    /// The engine's own <c>DOMException</c> constructor, as installed (a script that replaces the
    /// global does not change it).
    /// </summary>
    public static DomExceptionConstructor Constructor(Engine engine)
        => s_constructors.TryGetValue(engine, out var constructor)
            ? constructor
            : throw new InvalidOperationException("DomModule.Install has not run for this engine.");
}
