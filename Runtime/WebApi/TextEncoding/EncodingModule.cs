using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// Installs <c>TextEncoder</c> and <c>TextDecoder</c> (https://encoding.spec.whatwg.org/#api)
/// and <c>atob</c>/<c>btoa</c> (https://html.spec.whatwg.org/multipage/webappapis.html#atob).
/// </summary>
/// <remarks>
/// <c>atob</c> and <c>btoa</c> throw DOMExceptions: install <c>Dom.DomModule</c> first. Installed
/// eagerly: see <see cref="Url.UrlModule"/> for why not as lazy globals.
/// </remarks>
internal static class EncodingModule
{
    /// <summary>Defines the encoding globals on the isolate's engine; runs before the worker's script.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var engine = isolate.Engine;
        var realm = new EncodingRealm(engine, BufferSources.For(engine));
        JsMembers.DefineGlobal(engine, "TextEncoder", realm.TextEncoder);
        JsMembers.DefineGlobal(engine, "TextDecoder", realm.TextDecoder);
        Base64Globals.Install(engine);
    }
}
