using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// The Headers iterator prototype object (https://webidl.spec.whatwg.org/#es-iterator-prototype-object):
/// inherits from %IteratorPrototype%, has <c>next</c> and the class string "Headers Iterator".
/// </summary>
internal sealed class HeadersIteratorPrototype : ObjectInstance
{
    /// <summary>Creates the prototype.</summary>
    public HeadersIteratorPrototype(FetchRealm realm, ObjectInstance iteratorPrototype) : base(realm.Engine)
    {
        Prototype = iteratorPrototype;
        this.Method("next", 0, Next);
        this.ToStringTag("Headers Iterator");
    }

    /// <summary>A new iterator over <paramref name="target"/>.</summary>
    public JsHeadersIterator Create(JsHeaders target, PairIteratorKind kind)
        => new(Engine, target, kind) { Prototype = this };

    /// <summary>https://webidl.spec.whatwg.org/#es-iterator-prototype-object (<c>%HeadersIteratorPrototype%.next</c>)</summary>
    private JsValue Next(JsValue thisObject, JsValue[] arguments)
    {
        var iterator = Brand.Check<JsHeadersIterator>(Engine, thisObject);
        var pairs = iterator.Target.List.SortAndCombine();
        if (iterator.Index >= pairs.Count)
        {
            return JsMembers.IteratorResult(Engine, Undefined, done: true);
        }

        var (name, value) = pairs[iterator.Index++];
        JsValue item = iterator.Kind switch
        {
            PairIteratorKind.Keys => name,
            PairIteratorKind.Values => value,
            _ => new JsArray(Engine, [name, value]),
        };
        return JsMembers.IteratorResult(Engine, item, done: false);
    }
}
