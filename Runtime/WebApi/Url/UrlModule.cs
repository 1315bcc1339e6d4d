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
    /// <summary>Defines the URL globals on the isolate's engine; runs before the worker's script.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var engine = isolate.Engine;
        var realm = new UrlRealm(engine, JsIntrinsics.IteratorPrototype(engine));
        JsMembers.DefineGlobal(engine, "URL", realm.Url);
        JsMembers.DefineGlobal(engine, "URLSearchParams", realm.SearchParams);
    }
}
