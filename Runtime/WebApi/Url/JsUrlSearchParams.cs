using Jint;
using Jint.Native.Object;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// A <c>URLSearchParams</c> instance (https://url.spec.whatwg.org/#interface-urlsearchparams):
/// its list, and the <c>URL</c> whose query it mirrors, if any.
/// </summary>
internal sealed class JsUrlSearchParams : ObjectInstance
{
    /// <summary>Creates an instance; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsUrlSearchParams(Engine engine, UrlSearchParamsList list, JsUrl? url) : base(engine)
    {
        List = list;
        Url = url;
    }

    /// <summary>https://url.spec.whatwg.org/#concept-urlsearchparams-list</summary>
    public UrlSearchParamsList List { get; }

    /// <summary>The URL object this belongs to (https://url.spec.whatwg.org/#concept-urlsearchparams-url), or null.</summary>
    public JsUrl? Url { get; }

    /// <summary>
    /// https://url.spec.whatwg.org/#concept-urlsearchparams-update: writes the list back into the
    /// URL's query; an empty list removes the query.
    /// </summary>
    public void Update()
    {
        if (Url is null)
        {
            return;
        }

        var query = List.Serialize();
        Url.Record.SetQuery(query.Length == 0 ? null : query);
    }
}
