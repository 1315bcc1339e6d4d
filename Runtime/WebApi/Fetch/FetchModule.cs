using System.Globalization;
using System.Runtime.CompilerServices;
using Jint.Native;
using Workers.Runtime.Execution;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>Installs Headers, Request and Response, and converts requests and responses at the host edge.</summary>
internal static class FetchModule
{
    private static readonly ConditionalWeakTable<Isolate, FetchRealm> s_realms = [];

    /// <summary>Defines the Fetch globals on the isolate's engine.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var realm = new FetchRealm(isolate);
        s_realms.AddOrUpdate(isolate, realm);
        JsMembers.DefineGlobal(isolate.Engine, "Headers", realm.Headers);
        JsMembers.DefineGlobal(isolate.Engine, "Request", realm.Request);
        JsMembers.DefineGlobal(isolate.Engine, "Response", realm.Response);
    }

    /// <summary>Builds the JS <c>Request</c> for an incoming request; its body is read lazily.</summary>
    /// <remarks>
    /// As in Workers, the incoming request's headers are immutable (scripts copy them with
    /// <c>new Request(request)</c> or <c>new Headers(request.headers)</c>). A GET or HEAD request
    /// is given no body, so that it can be copied with <c>new Request(request, init)</c>.
    /// The stream is disposed once the script has read it to the end; an unread stream is left
    /// open, because the host may still forward it to the origin (<c>passThroughOnException</c>).
    /// </remarks>
    public static JsValue CreateRequest(Isolate isolate, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        ArgumentNullException.ThrowIfNull(context);
        var realm = Realm(isolate);
        var incoming = context.Request;
        var list = new HeaderList();
        foreach (var (name, value) in incoming.Headers)
        {
            var normalized = HeaderList.NormalizeValue(value);
            if (HeaderList.IsValidName(name) && HeaderList.IsValidValue(normalized))
            {
                list.Append(name, normalized);
            }
        }

        FetchBody? body = null;
        if (incoming.Body is { } stream && !FetchMethod.ForbidsBody(incoming.Method))
        {
            var declared = long.TryParse(list.Get("content-length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : -1;
            body = new FetchBody(BodySource.FromStream(stream, declared));
        }

        var headers = realm.CreateHeaders(list, HeadersGuard.Immutable);
        return new JsRequest(isolate.Engine, incoming.Method, FetchUrl.Serialize(incoming), headers, body, "follow")
        {
            Prototype = realm.Request.PrototypeObject,
        };
    }

    /// <summary>Converts the value a handler produced into a response, or returns false if it is not a <c>Response</c>.</summary>
    /// <remarks>
    /// Throws a JS TypeError for a <c>Response</c> that cannot be sent: <c>Response.error()</c>, a
    /// response whose body was already read, or one whose body is still an unread network stream
    /// (streaming bodies are not supported yet, and this runs on the loop, where it must not block).
    /// </remarks>
    public static bool TryConvertResponse(Isolate isolate, JsValue value, out WorkerResponse? response)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        response = null;
        if (value is not JsResponse js)
        {
            return false;
        }

        var engine = isolate.Engine;
        if (js.ResponseType == "error")
        {
            throw JsErrors.TypeError(engine, "Return value from serve handler must not be an error response (like Response.error()).");
        }

        var bytes = ReadOnlyMemory<byte>.Empty;
        if (js.Body is { } body)
        {
            if (body.Disturbed)
            {
                throw JsErrors.TypeError(engine, "The response body has already been used and cannot be sent.");
            }

            if (!body.Source.TryGetBytes(out bytes))
            {
                throw JsErrors.TypeError(engine, "Streaming response bodies are not supported yet: read the body first (for example with await request.arrayBuffer()).");
            }

            body.Disturbed = true;
        }

        response = new WorkerResponse(js.Status, js.StatusText, js.Headers.List.ToWireFields(), bytes);
        return true;
    }

    private static FetchRealm Realm(Isolate isolate)
        => s_realms.TryGetValue(isolate, out var realm)
            ? realm
            : throw new InvalidOperationException("FetchModule.Install has not run for this isolate.");
}
