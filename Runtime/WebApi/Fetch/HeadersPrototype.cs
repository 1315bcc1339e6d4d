using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>The members of <c>Headers.prototype</c> (https://fetch.spec.whatwg.org/#headers-class).</summary>
internal sealed class HeadersPrototype
{
    private const string Interface = "Headers";
    private readonly FetchRealm _realm;
    private readonly Engine _engine;

    private HeadersPrototype(FetchRealm realm)
    {
        _realm = realm;
        _engine = realm.Engine;
    }

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(FetchRealm realm, ObjectInstance prototype)
    {
        var members = new HeadersPrototype(realm);
        prototype.Method("append", 2, members.Append);
        prototype.Method("delete", 1, members.Delete);
        prototype.Method("get", 1, members.Get);
        prototype.Method("getSetCookie", 0, members.GetSetCookie);
        prototype.Method("has", 1, members.Has);
        prototype.Method("set", 2, members.Set);
        prototype.Method("forEach", 1, members.ForEach);
        prototype.Method("entries", 0, (thisObject, _) => members.Iterate(thisObject, PairIteratorKind.Entries));
        prototype.Method("keys", 0, (thisObject, _) => members.Iterate(thisObject, PairIteratorKind.Keys));
        prototype.Method("values", 0, (thisObject, _) => members.Iterate(thisObject, PairIteratorKind.Values));
        realm.HeadersEntries = prototype.Get("entries");
        prototype.Method(GlobalSymbolRegistry.Iterator, realm.HeadersEntries);
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-append</summary>
    private JsValue Append(JsValue thisObject, JsValue[] arguments)
    {
        var headers = Brand.Check<JsHeaders>(_engine, thisObject);
        arguments.Require(_engine, 2, "append", Interface);
        headers.Append(Name(arguments, "append"), ByteString(arguments.At(1), "append"), reason => _realm.Fail("append", Interface, reason));
        return JsValue.Undefined;
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-delete</summary>
    private JsValue Delete(JsValue thisObject, JsValue[] arguments)
    {
        var headers = Brand.Check<JsHeaders>(_engine, thisObject);
        arguments.Require(_engine, 1, "delete", Interface);
        headers.Delete(Name(arguments, "delete"), reason => _realm.Fail("delete", Interface, reason));
        return JsValue.Undefined;
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-get</summary>
    private JsValue Get(JsValue thisObject, JsValue[] arguments)
    {
        var headers = Brand.Check<JsHeaders>(_engine, thisObject);
        arguments.Require(_engine, 1, "get", Interface);
        var name = CheckedName(arguments, "get");
        var value = headers.List.Get(name);
        return value is null ? JsValue.Null : value;
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-getsetcookie</summary>
    private JsValue GetSetCookie(JsValue thisObject, JsValue[] arguments)
    {
        var headers = Brand.Check<JsHeaders>(_engine, thisObject);
        var values = headers.List.GetSetCookie();
        var items = new JsValue[values.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = values[i];
        }

        return new JsArray(_engine, items);
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-has</summary>
    private JsValue Has(JsValue thisObject, JsValue[] arguments)
    {
        var headers = Brand.Check<JsHeaders>(_engine, thisObject);
        arguments.Require(_engine, 1, "has", Interface);
        return headers.List.Contains(CheckedName(arguments, "has"));
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-set</summary>
    private JsValue Set(JsValue thisObject, JsValue[] arguments)
    {
        var headers = Brand.Check<JsHeaders>(_engine, thisObject);
        arguments.Require(_engine, 2, "set", Interface);
        headers.Set(Name(arguments, "set"), ByteString(arguments.At(1), "set"), reason => _realm.Fail("set", Interface, reason));
        return JsValue.Undefined;
    }

    /// <summary>https://webidl.spec.whatwg.org/#es-forEach (Headers is a pair iterable).</summary>
    private JsValue ForEach(JsValue thisObject, JsValue[] arguments)
    {
        var headers = Brand.Check<JsHeaders>(_engine, thisObject);
        var callback = arguments.At(0);
        if (!callback.IsCallable())
        {
            throw _realm.Fail("forEach", Interface, "parameter 1 is not of type 'Function'.");
        }

        var thisArg = arguments.At(1);
        var pairs = headers.List.SortAndCombine();
        for (var i = 0; i < pairs.Count; i++)
        {
            // The callback may append a header each time: check the limits, as between statements.
            HostWork.Check(_engine);
            var (name, value) = pairs[i];
            _engine.Call(callback, thisArg, [value, name, headers]);
            pairs = headers.List.SortAndCombine();
        }

        return JsValue.Undefined;
    }

    /// <summary>https://webidl.spec.whatwg.org/#es-iterable-entries (and <c>keys</c>, <c>values</c>).</summary>
    private JsHeadersIterator Iterate(JsValue thisObject, PairIteratorKind kind)
        => _realm.HeadersIteratorPrototype.Create(Brand.Check<JsHeaders>(_engine, thisObject), kind);

    private string Name(JsValue[] arguments, string operation) => ByteString(arguments.At(0), operation);

    private string CheckedName(JsValue[] arguments, string operation)
    {
        var name = Name(arguments, operation);
        return HeaderList.IsValidName(name) ? name : throw _realm.Fail(operation, Interface, "Invalid name");
    }

    private string ByteString(JsValue value, string operation) => WebIdl.ToByteString(_engine, value, operation, Interface);
}
