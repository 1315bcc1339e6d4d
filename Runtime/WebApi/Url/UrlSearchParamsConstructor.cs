using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Url;

/// <summary>The <c>URLSearchParams</c> constructor (https://url.spec.whatwg.org/#dom-urlsearchparams-urlsearchparams).</summary>
internal sealed class UrlSearchParamsConstructor : HostConstructor
{
    private const string Interface = "URLSearchParams";
    private readonly UrlRealm _realm;

    /// <summary>Creates the constructor and installs <c>URLSearchParams.prototype</c>'s members.</summary>
    public UrlSearchParamsConstructor(UrlRealm realm) : base(realm.Engine, Interface, 0)
    {
        _realm = realm;
        Members.DefineLazily(prototype => UrlSearchParamsPrototype.Install(realm, prototype));
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#dom-urlsearchparams-urlsearchparams: <c>init</c> is a
    /// sequence of name-value pairs, a record of names to values, or a query string (a leading
    /// "?" is ignored).
    /// </summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        var list = new UrlSearchParamsList();
        var init = arguments.At(0);
        if (init is ObjectInstance obj)
        {
            Fill(list, obj);
        }
        else if (!init.IsUndefined())
        {
            var text = WebIdl.ToUsvString(init);
            list.Reset(text.StartsWith('?') ? text[1..] : text);
        }

        return new JsUrlSearchParams(Engine, list, null) { Prototype = PrototypeFor(newTarget) };
    }

    private void Fill(UrlSearchParamsList list, ObjectInstance init)
    {
        // Another URLSearchParams whose iterator is still the built-in one is copied directly;
        // one whose iterator a script replaced is iterated like any sequence, as Web IDL says.
        if (init is JsUrlSearchParams source && ReferenceEquals(WebIdl.GetIteratorMethod(Engine, source), _realm.SearchParamsEntries))
        {
            for (var i = 0; i < source.List.Count; i++)
            {
                list.Append(source.List[i].Key, source.List[i].Value);
            }

            return;
        }

        var method = WebIdl.GetIteratorMethod(Engine, init);
        if (!method.IsUndefined())
        {
            foreach (var item in WebIdl.IterateToList(Engine, init, method))
            {
                if (item is not ObjectInstance pairObject || WebIdl.GetIteratorMethod(Engine, pairObject) is var pairMethod && pairMethod.IsUndefined())
                {
                    throw _realm.Fail("", Interface, "The provided value cannot be converted to a sequence.");
                }

                var pair = WebIdl.IterateToList(Engine, pairObject, pairMethod);
                if (pair.Count != 2)
                {
                    throw _realm.Fail("", Interface, "Sequence initializer must only contain pair elements");
                }

                list.Append(WebIdl.ToUsvString(pair[0]), WebIdl.ToUsvString(pair[1]));
            }

            return;
        }

        // A record (https://webidl.spec.whatwg.org/#es-record) is an ordered map: two keys that
        // convert to the same USVString (lone surrogates become U+FFFD) make one entry, in the
        // first one's place with the last one's value.
        var record = new List<KeyValuePair<string, string>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in init.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = init.GetOwnProperty(key);
            if (descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined || !descriptor.Enumerable)
            {
                continue;
            }

            var name = WebIdl.ToUsvString(key);
            var value = WebIdl.ToUsvString(init.Get(key));
            if (positions.TryGetValue(name, out var position))
            {
                record[position] = new(name, value);
            }
            else
            {
                positions.Add(name, record.Count);
                record.Add(new(name, value));
            }
        }

        foreach (var pair in record)
        {
            list.Append(pair.Key, pair.Value);
        }
    }
}
