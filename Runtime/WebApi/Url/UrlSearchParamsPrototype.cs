using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Url;

/// <summary>The members of <c>URLSearchParams.prototype</c> (https://url.spec.whatwg.org/#interface-urlsearchparams).</summary>
internal sealed class UrlSearchParamsPrototype
{
    private const string Interface = "URLSearchParams";
    private readonly UrlRealm _realm;
    private readonly Engine _engine;

    private UrlSearchParamsPrototype(UrlRealm realm)
    {
        _realm = realm;
        _engine = realm.Engine;
    }

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(UrlRealm realm, ObjectInstance prototype)
    {
        var members = new UrlSearchParamsPrototype(realm);
        prototype.Getter("size", thisObject => members.Self(thisObject).List.Count);
        prototype.Method("append", 2, members.Append);
        prototype.Method("delete", 1, members.Delete);
        prototype.Method("get", 1, members.Get);
        prototype.Method("getAll", 1, members.GetAll);
        prototype.Method("has", 1, members.Has);
        prototype.Method("set", 2, members.Set);
        prototype.Method("sort", 0, members.Sort);
        prototype.Method("forEach", 1, members.ForEach);
        prototype.Method("entries", 0, (thisObject, _) => members.Iterate(thisObject, PairIteratorKind.Entries));
        prototype.Method("keys", 0, (thisObject, _) => members.Iterate(thisObject, PairIteratorKind.Keys));
        prototype.Method("values", 0, (thisObject, _) => members.Iterate(thisObject, PairIteratorKind.Values));
        realm.SearchParamsEntries = prototype.Get("entries");
        prototype.Method(GlobalSymbolRegistry.Iterator, realm.SearchParamsEntries);
        prototype.Method("toString", 0, (thisObject, _) => members.Self(thisObject).List.Serialize());
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-append</summary>
    private JsValue Append(JsValue thisObject, JsValue[] arguments)
    {
        var self = Self(thisObject);
        arguments.Require(_engine, 2, "append", Interface);
        self.List.Append(WebIdl.ToUsvString(arguments[0]), WebIdl.ToUsvString(arguments[1]));
        self.Update();
        return JsValue.Undefined;
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-delete</summary>
    private JsValue Delete(JsValue thisObject, JsValue[] arguments)
    {
        var self = Self(thisObject);
        arguments.Require(_engine, 1, "delete", Interface);
        self.List.Delete(WebIdl.ToUsvString(arguments[0]), OptionalValue(arguments));
        self.Update();
        return JsValue.Undefined;
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-get</summary>
    private JsValue Get(JsValue thisObject, JsValue[] arguments)
    {
        var self = Self(thisObject);
        arguments.Require(_engine, 1, "get", Interface);
        var value = self.List.Get(WebIdl.ToUsvString(arguments[0]));
        return value is null ? JsValue.Null : value;
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-getall</summary>
    private JsValue GetAll(JsValue thisObject, JsValue[] arguments)
    {
        var self = Self(thisObject);
        arguments.Require(_engine, 1, "getAll", Interface);
        var values = self.List.GetAll(WebIdl.ToUsvString(arguments[0]));
        var items = new JsValue[values.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = values[i];
        }

        return new JsArray(_engine, items);
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-has</summary>
    private JsValue Has(JsValue thisObject, JsValue[] arguments)
    {
        var self = Self(thisObject);
        arguments.Require(_engine, 1, "has", Interface);
        return self.List.Has(WebIdl.ToUsvString(arguments[0]), OptionalValue(arguments));
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-set</summary>
    private JsValue Set(JsValue thisObject, JsValue[] arguments)
    {
        var self = Self(thisObject);
        arguments.Require(_engine, 2, "set", Interface);
        self.List.Set(WebIdl.ToUsvString(arguments[0]), WebIdl.ToUsvString(arguments[1]));
        self.Update();
        return JsValue.Undefined;
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-sort</summary>
    private JsValue Sort(JsValue thisObject, JsValue[] arguments)
    {
        var self = Self(thisObject);
        self.List.Sort();
        self.Update();
        return JsValue.Undefined;
    }

    /// <summary>
    /// https://webidl.spec.whatwg.org/#es-forEach: over the live list, so pairs appended by the
    /// callback are visited and removed ones are not.
    /// </summary>
    private JsValue ForEach(JsValue thisObject, JsValue[] arguments)
    {
        var self = Self(thisObject);
        var callback = arguments.At(0);
        if (!callback.IsCallable())
        {
            throw _realm.Fail("forEach", Interface, "parameter 1 is not of type 'Function'.");
        }

        var thisArg = arguments.At(1);
        for (var i = 0; i < self.List.Count; i++)
        {
            // The callback may append a pair each time: the limits are checked between
            // statements only, and this loop has none of its own.
            HostWork.Check(_engine);
            var pair = self.List[i];
            _engine.Call(callback, thisArg, [pair.Value, pair.Key, self]);
        }

        return JsValue.Undefined;
    }

    /// <summary>https://webidl.spec.whatwg.org/#es-iterable-entries (and <c>keys</c>, <c>values</c>).</summary>
    private JsUrlSearchParamsIterator Iterate(JsValue thisObject, PairIteratorKind kind)
        => _realm.SearchParamsIteratorPrototype.Create(Self(thisObject), kind);

    private JsUrlSearchParams Self(JsValue thisObject) => Brand.Check<JsUrlSearchParams>(_engine, thisObject);

    /// <summary>The optional <c>value</c> argument of <c>delete</c> and <c>has</c>: absent when undefined.</summary>
    private static string? OptionalValue(JsValue[] arguments)
        => arguments.IsMissing(1) ? null : WebIdl.ToUsvString(arguments[1]);
}
