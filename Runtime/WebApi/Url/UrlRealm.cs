using Jint;
using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// The URL classes of one isolate: the <c>URL</c> and <c>URLSearchParams</c> constructors and
/// the iterator prototype they share, created before any script runs.
/// </summary>
internal sealed class UrlRealm
{
    private JsValue _searchParamsEntries = JsValue.Undefined;

    /// <summary>Creates the classes on <paramref name="engine"/>; iterators inherit from <paramref name="iteratorPrototype"/> (%IteratorPrototype%).</summary>
    public UrlRealm(Engine engine, ObjectInstance iteratorPrototype)
    {
        Engine = engine;
        SearchParamsIteratorPrototype = new UrlSearchParamsIteratorPrototype(engine, iteratorPrototype);
        SearchParams = new UrlSearchParamsConstructor(this);
        Url = new UrlConstructor(this);
    }

    /// <summary>The isolate's engine.</summary>
    public Engine Engine { get; }

    /// <summary>The <c>URL</c> constructor.</summary>
    public UrlConstructor Url { get; }

    /// <summary>The <c>URLSearchParams</c> constructor.</summary>
    public UrlSearchParamsConstructor SearchParams { get; }

    /// <summary>The built-in <c>URLSearchParams.prototype.entries</c>, which is also its <c>@@iterator</c>.</summary>
    public JsValue SearchParamsEntries
    {
        get
        {
            SearchParams.EnsureMembers();
            return _searchParamsEntries;
        }

        internal set => _searchParamsEntries = value;
    }

    /// <summary>The prototype of URLSearchParams iterators.</summary>
    public UrlSearchParamsIteratorPrototype SearchParamsIteratorPrototype { get; }

    /// <summary>A new <c>URL</c> object (not a subclass) over <paramref name="record"/>.</summary>
    public JsUrl CreateUrl(UrlRecord record, ObjectInstance? prototype = null)
    {
        var url = new JsUrl(Engine, record) { Prototype = prototype ?? Url.PrototypeObject };
        url.SearchParams = new JsUrlSearchParams(Engine, UrlSearchParamsList.Parse(record.Query ?? ""), url)
        {
            Prototype = SearchParams.PrototypeObject,
        };
        return url;
    }

    /// <summary>A TypeError worded for a constructor (empty <paramref name="operation"/>) or an operation of <paramref name="type"/>.</summary>
    public Jint.Runtime.JavaScriptException Fail(string operation, string type, string reason)
        => JsErrors.Failed(Engine, operation, type, reason);
}
