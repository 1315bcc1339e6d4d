using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// A <c>URL</c> instance (https://url.spec.whatwg.org/#url-class): its URL record and its query
/// object, the <c>URLSearchParams</c> that <c>searchParams</c> always returns.
/// </summary>
internal sealed class JsUrl : ObjectInstance
{
    /// <summary>Creates an instance over <paramref name="record"/>; the caller sets <see cref="ObjectInstance.Prototype"/> and <see cref="SearchParams"/>.</summary>
    public JsUrl(Engine engine, UrlRecord record) : base(engine)
    {
        Record = record;
    }

    /// <summary>https://url.spec.whatwg.org/#concept-url-url</summary>
    public UrlRecord Record { get; set; }

    /// <summary>https://url.spec.whatwg.org/#concept-url-query-object</summary>
    public JsUrlSearchParams SearchParams { get; set; } = null!;
}
