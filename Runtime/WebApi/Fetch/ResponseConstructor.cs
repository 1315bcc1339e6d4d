using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// The <c>Response</c> constructor (https://fetch.spec.whatwg.org/#dom-response) and its static
/// methods <c>error</c>, <c>redirect</c> and <c>json</c>.
/// </summary>
internal sealed class ResponseConstructor : HostConstructor
{
    private const string Interface = "Response";
    private static readonly int[] s_nullBodyStatuses = [101, 103, 204, 205, 304];
    private static readonly int[] s_redirectStatuses = [301, 302, 303, 307, 308];
    private readonly FetchRealm _realm;

    /// <summary>Creates the constructor, its statics and <c>Response.prototype</c>'s members.</summary>
    public ResponseConstructor(FetchRealm realm) : base(realm.Engine, Interface, 0)
    {
        _realm = realm;
        Members.DefineLazily(prototype => ResponsePrototype.Install(realm, prototype));
        this.Method("error", 0, (_, _) => Error());
        this.Method("redirect", 1, Redirect);
        this.Method("json", 1, Json);
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-response</summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        var bodyInit = arguments.At(0);
        var init = WebIdl.ToDictionary(Engine, arguments.At(1), $"Failed to construct '{Interface}'");
        var response = new JsResponse(Engine, "default", _realm.CreateHeaders(new HeaderList(), HeadersGuard.Response))
        {
            Prototype = PrototypeFor(newTarget),
        };
        FetchBody? body = null;
        string? contentType = null;
        if (!bodyInit.IsUndefined() && !bodyInit.IsNull())
        {
            body = BodyMixin.Extract(_realm, bodyInit, out contentType);
        }

        Initialize(response, init, body, contentType, "");
        return response;
    }

    /// <summary>
    /// https://fetch.spec.whatwg.org/#initialize-a-response: reads <c>ResponseInit</c>
    /// (its members in Web IDL order: headers, status, statusText), validates and applies it.
    /// </summary>
    private void Initialize(JsResponse response, ObjectInstance? init, FetchBody? body, string? contentType, string operation)
    {
        var headersInit = init?.Get("headers") ?? JsValue.Undefined;
        var statusInit = init?.Get("status") ?? JsValue.Undefined;
        var statusTextInit = init?.Get("statusText") ?? JsValue.Undefined;
        var status = statusInit.IsUndefined() ? 200 : WebIdl.ToUnsignedShort(statusInit);
        var statusText = statusTextInit.IsUndefined() ? "" : WebIdl.ToByteString(Engine, statusTextInit, operation, Interface);
        if (status is < 200 or > 599)
        {
            var message = $"The status provided ({status}) is outside the range [200, 599].";
            throw JsErrors.RangeError(Engine, operation.Length == 0
                ? $"Failed to construct '{Interface}': {message}"
                : $"Failed to execute '{operation}' on '{Interface}': {message}");
        }

        if (!IsReasonPhrase(statusText))
        {
            throw _realm.Fail(operation, Interface, "Invalid statusText");
        }

        response.Status = status;
        response.StatusText = statusText;
        if (!headersInit.IsUndefined())
        {
            HeadersConstructor.Fill(_realm, response.Headers, headersInit, operation, Interface);
        }

        if (body is null)
        {
            return;
        }

        if (Array.IndexOf(s_nullBodyStatuses, status) >= 0)
        {
            throw _realm.Fail(operation, Interface, "Response with null body status cannot have body");
        }

        response.Body = body;
        if (contentType is not null && !response.Headers.List.Contains("content-type"))
        {
            response.Headers.List.Append("Content-Type", contentType);
        }
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-response-error</summary>
    private JsResponse Error()
        => new(Engine, "error", _realm.CreateHeaders(new HeaderList(), HeadersGuard.Immutable))
        {
            Prototype = PrototypeObject,
            Status = 0,
        };

    /// <summary>https://fetch.spec.whatwg.org/#dom-response-redirect</summary>
    private JsResponse Redirect(JsValue thisObject, JsValue[] arguments)
    {
        if (!FetchUrl.TryParse(WebIdl.ToUsvString(arguments.At(0)), out var url))
        {
            throw _realm.Fail("redirect", Interface, "Invalid URL");
        }

        var status = arguments.IsMissing(1) ? 302 : WebIdl.ToUnsignedShort(arguments[1]);
        if (Array.IndexOf(s_redirectStatuses, status) < 0)
        {
            throw JsErrors.RangeError(Engine, $"Failed to execute 'redirect' on '{Interface}': Invalid status code");
        }

        var list = new HeaderList();
        list.Append("Location", FetchUrl.Serialize(url));
        return new JsResponse(Engine, "default", _realm.CreateHeaders(list, HeadersGuard.Immutable))
        {
            Prototype = PrototypeObject,
            Status = status,
        };
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-response-json</summary>
    private JsResponse Json(JsValue thisObject, JsValue[] arguments)
    {
        var serialized = new JsonSerializer(Engine).Serialize(arguments.At(0));
        if (!serialized.IsString())
        {
            throw _realm.Fail("json", Interface, "The data is not JSON serializable");
        }

        var init = WebIdl.ToDictionary(Engine, arguments.At(1), $"Failed to execute 'json' on '{Interface}'");
        var body = new FetchBody(BodySource.FromBytes(System.Text.Encoding.UTF8.GetBytes(WebIdl.ToUsvString(serialized))));
        var response = new JsResponse(Engine, "default", _realm.CreateHeaders(new HeaderList(), HeadersGuard.Response))
        {
            Prototype = PrototypeObject,
        };
        Initialize(response, init, body, "application/json", "json");
        return response;
    }

    /// <summary>https://httpwg.org/specs/rfc9112.html#status.line: <c>reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )</c> (empty allowed by Fetch).</summary>
    private static bool IsReasonPhrase(string text)
    {
        foreach (var c in text)
        {
            if (c is not ('\t' or (>= ' ' and <= '~') or (>= '\u0080' and <= '\u00FF')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="status"/> is a null body status (https://fetch.spec.whatwg.org/#null-body-status).</summary>
    internal static bool IsNullBodyStatus(int status) => Array.IndexOf(s_nullBodyStatuses, status) >= 0;

}
