using Acornima.Ast;
using Jint;
using Jint.Native.Object;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Url;

/// <summary>Installs <c>URL</c> and <c>URLSearchParams</c> (https://url.spec.whatwg.org/#api).</summary>
/// <remarks>
/// Installed eagerly, like the other globals: an engine with a Jint lazy global resolves every
/// global name more slowly (the hello benchmark lost about 15% of its requests per second). What
/// costs memory, the prototypes' members, is deferred to first use instead (<see cref="HostPrototype"/>).
/// </remarks>
internal static class UrlModule
{
    /// <summary>Parsed once per process: %IteratorPrototype%, which iterator prototypes inherit from.</summary>
    private static readonly Prepared<Script> s_iteratorPrototype = Engine.PrepareScript(
        "Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))", "url-intrinsics");

    /// <summary>Defines the URL globals on the isolate's engine; runs before the worker's script.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var engine = isolate.Engine;
        var realm = new UrlRealm(engine, (ObjectInstance)engine.Evaluate(s_iteratorPrototype));
        JsMembers.DefineGlobal(engine, "URL", realm.Url);
        JsMembers.DefineGlobal(engine, "URLSearchParams", realm.SearchParams);
    }
}
