using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// A <c>Response</c> instance (https://fetch.spec.whatwg.org/#response-class): the parts of the
/// spec's response (https://fetch.spec.whatwg.org/#concept-response) a worker can observe.
/// </summary>
internal sealed class JsResponse : ObjectInstance, IBodyOwner
{
    /// <summary>Creates an instance; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsResponse(Engine engine, string type, JsHeaders headers) : base(engine)
    {
        ResponseType = type;
        Headers = headers;
    }

    /// <summary>https://fetch.spec.whatwg.org/#concept-response-type: "default" or "error".</summary>
    public string ResponseType { get; }

    /// <summary>https://fetch.spec.whatwg.org/#concept-response-status</summary>
    public int Status { get; set; } = 200;

    /// <summary>https://fetch.spec.whatwg.org/#concept-response-status-message</summary>
    public string StatusText { get; set; } = "";

    /// <summary>https://fetch.spec.whatwg.org/#response-headers</summary>
    public JsHeaders Headers { get; }

    /// <inheritdoc />
    public FetchBody? Body { get; set; }
}
