using Jint;
using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>The members of <c>Request.prototype</c> (https://fetch.spec.whatwg.org/#request-class).</summary>
/// <remarks>
/// <c>signal</c> is always null until the runtime has <c>AbortSignal</c>. Attributes that only
/// matter in browsers (<c>cache</c>, <c>mode</c>, <c>credentials</c>, ...) are left out, as in workerd.
/// </remarks>
internal static class RequestPrototype
{
    private const string Interface = "Request";

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(FetchRealm realm, ObjectInstance prototype)
    {
        var engine = realm.Engine;
        JsRequest Check(JsValue thisObject) => Brand.Check<JsRequest>(engine, thisObject);

        // https://fetch.spec.whatwg.org/#dom-request-method
        prototype.Getter("method", thisObject => Check(thisObject).Method);

        // https://fetch.spec.whatwg.org/#dom-request-url
        prototype.Getter("url", thisObject => Check(thisObject).Url);

        // https://fetch.spec.whatwg.org/#dom-request-headers
        prototype.Getter("headers", thisObject => Check(thisObject).Headers);

        // https://fetch.spec.whatwg.org/#dom-request-redirect
        prototype.Getter("redirect", thisObject => Check(thisObject).Redirect);

        // https://fetch.spec.whatwg.org/#dom-request-signal
        prototype.Getter("signal", thisObject =>
        {
            Check(thisObject);
            return JsValue.Null;
        });

        prototype.Method("clone", 0, (thisObject, _) => Clone(realm, Check(thisObject)));
        BodyMixin.Install(realm, prototype, Interface, Check);
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-request-clone</summary>
    private static JsRequest Clone(FetchRealm realm, JsRequest request)
    {
        if (request.Body is { Disturbed: true })
        {
            throw realm.Fail("clone", Interface, "Request body is already used");
        }

        var headers = realm.CreateHeaders(request.Headers.List.Clone(), request.Headers.Guard);
        return new JsRequest(realm.Engine, request.Method, request.Url, headers, request.Body?.Clone(), request.Redirect)
        {
            Prototype = realm.Request.PrototypeObject,
        };
    }
}
