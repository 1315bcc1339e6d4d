using Jint.Runtime.Descriptors;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// Installs <c>TextEncoder</c> and <c>TextDecoder</c> (https://encoding.spec.whatwg.org/#api)
/// and <c>atob</c>/<c>btoa</c> (https://html.spec.whatwg.org/multipage/webappapis.html#atob).
/// </summary>
/// <remarks>
/// <c>atob</c> and <c>btoa</c> throw DOMExceptions: install <c>Dom.DomModule</c> first. The two
/// classes are built the first time a script reads either global (Jint's lazy globals), so a
/// worker that never uses them does not pay for them; the buffer accessors they read through are
/// captured now, before any script can replace them.
/// </remarks>
internal static class EncodingModule
{
    /// <summary>Defines the encoding globals on the isolate's engine.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var engine = isolate.Engine;
        var buffers = new BufferSources(engine);
        EncodingRealm? realm = null;
        EncodingRealm Realm() => realm ??= new EncodingRealm(engine, buffers);

        // As Web IDL installs interfaces: writable, configurable, not enumerable.
        const PropertyFlag flags = PropertyFlag.Configurable | PropertyFlag.Writable;
        engine.Advanced.AddLazyGlobal("TextEncoder", _ => Realm().TextEncoder, flags);
        engine.Advanced.AddLazyGlobal("TextDecoder", _ => Realm().TextDecoder, flags);
        Base64Globals.Install(engine);
    }
}
