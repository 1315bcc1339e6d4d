using System.Runtime.CompilerServices;
using Jint;
using Jint.Runtime.Descriptors;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Dom;

/// <summary>Installs <c>DOMException</c> (https://webidl.spec.whatwg.org/#idl-DOMException).</summary>
/// <remarks>
/// The class is built the first time a script reads the global or the host throws one (Jint's
/// lazy globals), so an isolate that never sees a DOMException does not pay for it. It is built
/// from intrinsics only (<c>Error</c>, <c>Function.prototype</c>), which no script can replace.
/// </remarks>
internal static class DomModule
{
    private static readonly ConditionalWeakTable<Engine, Func<DomExceptionConstructor>> s_constructors = [];

    /// <summary>Defines the <c>DOMException</c> global on the isolate's engine.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var engine = isolate.Engine;
        DomExceptionConstructor? constructor = null;
        DomExceptionConstructor Constructor() => constructor ??= new DomExceptionConstructor(engine);
        s_constructors.AddOrUpdate(engine, Constructor);

        // As Web IDL installs interfaces: writable, configurable, not enumerable.
        engine.Advanced.AddLazyGlobal("DOMException", _ => Constructor(), PropertyFlag.Configurable | PropertyFlag.Writable);
    }

    /// <summary>
    /// The engine's own <c>DOMException</c> constructor, as installed (a script that replaces the
    /// global does not change it).
    /// </summary>
    public static DomExceptionConstructor Constructor(Engine engine)
        => s_constructors.TryGetValue(engine, out var constructor)
            ? constructor()
            : throw new InvalidOperationException("DomModule.Install has not run for this engine.");
}
