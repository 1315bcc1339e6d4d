using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>The <c>Request</c> constructor (https://fetch.spec.whatwg.org/#dom-request).</summary>
/// <remarks>
/// Of <c>RequestInit</c> only <c>body</c>, <c>headers</c>, <c>method</c> and <c>redirect</c> have
/// an effect. <c>signal</c> is accepted and ignored (this runtime has no <c>AbortSignal</c> yet), as are
/// <c>cf</c> (Cloudflare request metadata) and the members that only browsers use (mode, credentials, cache...).
/// </remarks>
internal sealed class RequestConstructor : HostConstructor
{
    private const string Interface = "Request";
    private static readonly string[] s_redirectModes = ["follow", "error", "manual"];
    private readonly FetchRealm _realm;

    /// <summary>Creates the constructor and installs <c>Request.prototype</c>'s members.</summary>
    public RequestConstructor(FetchRealm realm) : base(realm.Engine, Interface, 1)
    {
        _realm = realm;
        Members.DefineLazily(prototype => RequestPrototype.Install(realm, prototype));
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-request</summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        if (arguments.Length == 0)
        {
            throw Fail("1 argument required, but only 0 present.");
        }

        var input = arguments[0];
        var init = WebIdl.ToDictionary(Engine, arguments.At(1), $"Failed to construct '{Interface}'");
        string url;
        var method = "GET";
        var redirect = "follow";
        HeaderList headerList;
        FetchBody? inputBody = null;
        if (input is JsRequest inputRequest)
        {
            url = inputRequest.Url;
            method = inputRequest.Method;
            redirect = inputRequest.Redirect;
            headerList = inputRequest.Headers.List.Clone();
            inputBody = inputRequest.Body;
        }
        else
        {
            url = ParseUrl(WebIdl.ToUsvString(input));
            headerList = new HeaderList();
        }

        var bodyInit = init?.Get("body") ?? JsValue.Undefined;
        var headersInit = init?.Get("headers") ?? JsValue.Undefined;
        var methodInit = init?.Get("method") ?? JsValue.Undefined;
        var redirectInit = init?.Get("redirect") ?? JsValue.Undefined;

        if (!redirectInit.IsUndefined())
        {
            var mode = WebIdl.ToUsvString(redirectInit);
            redirect = Array.IndexOf(s_redirectModes, mode) >= 0
                ? mode
                : throw Fail($"The provided value '{mode}' is not a valid enum value of type RequestRedirect.");
        }

        if (!methodInit.IsUndefined())
        {
            var requested = WebIdl.ToByteString(Engine, methodInit, "", Interface);
            if (!FetchMethod.IsValid(requested))
            {
                throw Fail($"'{requested}' is not a valid HTTP method.");
            }

            if (FetchMethod.IsForbidden(requested))
            {
                throw Fail($"'{requested}' HTTP method is unsupported.");
            }

            method = FetchMethod.Normalize(requested);
        }

        var headers = _realm.CreateHeaders(headersInit.IsUndefined() ? headerList : new HeaderList(), HeadersGuard.Request);
        if (!headersInit.IsUndefined())
        {
            HeadersConstructor.Fill(_realm, headers, headersInit, "", Interface);
        }

        var hasInitBody = !bodyInit.IsUndefined() && !bodyInit.IsNull();
        if ((hasInitBody || inputBody is not null) && FetchMethod.ForbidsBody(method))
        {
            throw Fail("Request with GET/HEAD method cannot have body.");
        }

        FetchBody? body = null;
        if (hasInitBody)
        {
            body = BodyMixin.Extract(_realm, bodyInit, out var contentType);
            if (contentType is not null && !headers.List.Contains("content-type"))
            {
                headers.List.Append("Content-Type", contentType);
            }
        }
        else if (inputBody is not null)
        {
            if (inputBody.Disturbed)
            {
                throw Fail("Cannot construct a Request with a Request object that has already been used.");
            }

            body = inputBody.Clone();
            inputBody.Disturbed = true;
        }

        return new JsRequest(Engine, method, url, headers, body, redirect) { Prototype = PrototypeFor(newTarget) };
    }

    private string ParseUrl(string text)
    {
        if (!FetchUrl.TryParse(text, out var url))
        {
            throw Fail("Invalid URL");
        }

        return FetchUrl.HasCredentials(url)
            ? throw Fail("Request cannot be constructed from a URL that includes credentials.")
            : FetchUrl.Serialize(url);
    }

    private Jint.Runtime.JavaScriptException Fail(string reason) => _realm.Fail("", Interface, reason);
}
