using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>The members of <c>Response.prototype</c> (https://fetch.spec.whatwg.org/#response-class).</summary>
internal static class ResponsePrototype
{
    private const string Interface = "Response";

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(FetchRealm realm, ObjectInstance prototype)
    {
        var engine = realm.Engine;
        JsResponse Check(JsValue thisObject) => Brand.Check<JsResponse>(engine, thisObject);

        // https://fetch.spec.whatwg.org/#dom-response-type
        prototype.Getter("type", thisObject => Check(thisObject).ResponseType);

        // https://fetch.spec.whatwg.org/#dom-response-url: always empty for a response made by script.
        prototype.Getter("url", thisObject =>
        {
            Check(thisObject);
            return "";
        });

        // https://fetch.spec.whatwg.org/#dom-response-redirected
        prototype.Getter("redirected", thisObject =>
        {
            Check(thisObject);
            return false;
        });

        // https://fetch.spec.whatwg.org/#dom-response-status
        prototype.Getter("status", thisObject => Check(thisObject).Status);

        // https://fetch.spec.whatwg.org/#dom-response-ok
        prototype.Getter("ok", thisObject => Check(thisObject).Status is >= 200 and <= 299);

        // https://fetch.spec.whatwg.org/#dom-response-statustext
        prototype.Getter("statusText", thisObject => Check(thisObject).StatusText);

        // https://fetch.spec.whatwg.org/#dom-response-headers
        prototype.Getter("headers", thisObject => Check(thisObject).Headers);

        prototype.Method("clone", 0, (thisObject, _) => Clone(realm, Check(thisObject)));
        BodyMixin.Install(realm, prototype, Interface, Check);
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-response-clone</summary>
    private static JsResponse Clone(FetchRealm realm, JsResponse response)
    {
        if (response.Body is { Disturbed: true })
        {
            throw realm.Fail("clone", Interface, "Response body is already used");
        }

        var headers = realm.CreateHeaders(response.Headers.List.Clone(), response.Headers.Guard);
        return new JsResponse(realm.Engine, response.ResponseType, headers)
        {
            Prototype = realm.Response.PrototypeObject,
            Status = response.Status,
            StatusText = response.StatusText,
            Body = response.Body?.Clone(),
        };
    }
}
