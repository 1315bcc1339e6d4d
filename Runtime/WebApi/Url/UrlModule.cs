using Acornima.Ast;
using Jint;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Url;

/// <summary>Installs <c>URL</c> and <c>URLSearchParams</c> (https://url.spec.whatwg.org/#api).</summary>
/// <remarks>
/// The two classes are built the first time a script reads either global (Jint's lazy globals):
/// they are about a quarter of an idle isolate's memory, and a worker that never touches them
/// should not pay for them. %IteratorPrototype% is captured now, before any script runs, so a
/// script that tampers with iterators first cannot change what the classes are built on.
/// </remarks>
internal static class UrlModule
{
    /// <summary>Parsed once per process: %IteratorPrototype%, which iterator prototypes inherit from.</summary>
    private static readonly Prepared<Script> s_iteratorPrototype = Engine.PrepareScript(
        "Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))", "url-intrinsics");

    /// <summary>Defines the URL globals on the isolate's engine.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var engine = isolate.Engine;
        var iteratorPrototype = (ObjectInstance)engine.Evaluate(s_iteratorPrototype);
        UrlRealm? realm = null;
        UrlRealm Realm() => realm ??= new UrlRealm(engine, iteratorPrototype);

        // As Web IDL installs interfaces: writable, configurable, not enumerable.
        const PropertyFlag flags = PropertyFlag.Configurable | PropertyFlag.Writable;
        engine.Advanced.AddLazyGlobal("URL", _ => Realm().Url, flags);
        engine.Advanced.AddLazyGlobal("URLSearchParams", _ => Realm().SearchParams, flags);
    }
}
