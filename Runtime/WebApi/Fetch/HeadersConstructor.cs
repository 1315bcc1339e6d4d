using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>The <c>Headers</c> constructor (https://fetch.spec.whatwg.org/#dom-headers).</summary>
internal sealed class HeadersConstructor : HostConstructor
{
    private readonly FetchRealm _realm;

    /// <summary>Creates the constructor and installs <c>Headers.prototype</c>'s members.</summary>
    public HeadersConstructor(FetchRealm realm) : base(realm.Engine, "Headers", 0)
    {
        _realm = realm;
        Members.DefineLazily(prototype => HeadersPrototype.Install(realm, prototype));
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers</summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        var headers = new JsHeaders(Engine, new HeaderList(), HeadersGuard.None) { Prototype = PrototypeFor(newTarget) };
        var init = arguments.At(0);
        if (!init.IsUndefined())
        {
            Fill(_realm, headers, init, "", "Headers");
        }

        return headers;
    }

    /// <summary>
    /// https://fetch.spec.whatwg.org/#concept-headers-fill: <paramref name="init"/> is another
    /// <c>Headers</c>, an iterable of name/value pairs, or a record of names to values
    /// (https://fetch.spec.whatwg.org/#typedefdef-headersinit). Errors name the
    /// <paramref name="operation"/> (empty for a constructor) of <paramref name="type"/>.
    /// </summary>
    public static void Fill(FetchRealm realm, JsHeaders headers, JsValue init, string operation, string type)
    {
        var engine = realm.Engine;
        JavaScriptExceptionFactory fail = reason => realm.Fail(operation, type, reason);
        // A Headers object is copied directly only while its iterator is the built-in one; a
        // script that replaced it is honoured, as Web IDL's sequence conversion requires.
        if (init is JsHeaders source && ReferenceEquals(WebIdl.GetIteratorMethod(engine, source), realm.HeadersEntries))
        {
            foreach (var (name, value) in source.List.SortAndCombine())
            {
                headers.Append(name, value, fail.Invoke);
            }

            return;
        }

        if (init is not ObjectInstance obj)
        {
            throw fail("The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
        }

        var method = WebIdl.GetIteratorMethod(engine, obj);
        if (!method.IsUndefined())
        {
            foreach (var item in WebIdl.IterateToList(engine, obj, method))
            {
                if (item is not ObjectInstance pairObject)
                {
                    throw fail("The provided value cannot be converted to a sequence.");
                }

                var pairMethod = WebIdl.GetIteratorMethod(engine, pairObject);
                if (pairMethod.IsUndefined())
                {
                    throw fail("The provided value cannot be converted to a sequence.");
                }

                var pair = WebIdl.IterateToList(engine, pairObject, pairMethod);
                if (pair.Count != 2)
                {
                    throw fail("Invalid value");
                }

                headers.Append(WebIdl.ToByteString(engine, pair[0], operation, type), WebIdl.ToByteString(engine, pair[1], operation, type), fail.Invoke);
            }

            return;
        }

        foreach (var key in obj.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = obj.GetOwnProperty(key);
            if (descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined || !descriptor.Enumerable)
            {
                continue;
            }

            var name = WebIdl.ToByteString(engine, key, operation, type);
            var value = WebIdl.ToByteString(engine, obj.Get(key), operation, type);
            headers.Append(name, value, fail.Invoke);
        }
    }

    private delegate Jint.Runtime.JavaScriptException JavaScriptExceptionFactory(string reason);
}
