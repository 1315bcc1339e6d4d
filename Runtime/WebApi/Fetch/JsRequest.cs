using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// A <c>Request</c> instance (https://fetch.spec.whatwg.org/#request-class): the parts of the
/// spec's request (https://fetch.spec.whatwg.org/#concept-request) that a worker can observe.
/// </summary>
internal sealed class JsRequest : ObjectInstance, IBodyOwner
{
    /// <summary>Creates an instance; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsRequest(Engine engine, string method, string url, JsHeaders headers, FetchBody? body, string redirect) : base(engine)
    {
        Method = method;
        Url = url;
        Headers = headers;
        Body = body;
        Redirect = redirect;
    }

    /// <summary>https://fetch.spec.whatwg.org/#concept-request-method</summary>
    public string Method { get; }

    /// <summary>The serialized URL (https://fetch.spec.whatwg.org/#concept-request-url).</summary>
    public string Url { get; }

    /// <summary>https://fetch.spec.whatwg.org/#request-headers</summary>
    public JsHeaders Headers { get; }

    /// <inheritdoc />
    public FetchBody? Body { get; }

    /// <summary>https://fetch.spec.whatwg.org/#concept-request-redirect-mode</summary>
    public string Redirect { get; }
}
