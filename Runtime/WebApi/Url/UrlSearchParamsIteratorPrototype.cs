using Jint;
using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// The URLSearchParams iterator prototype object (https://webidl.spec.whatwg.org/#es-iterator-prototype-object):
/// inherits from %IteratorPrototype%, has <c>next</c> and the class string "URLSearchParams Iterator".
/// </summary>
internal sealed class UrlSearchParamsIteratorPrototype : ObjectInstance
{
    /// <summary>Creates the prototype.</summary>
    public UrlSearchParamsIteratorPrototype(Engine engine, ObjectInstance iteratorPrototype) : base(engine)
    {
        Prototype = iteratorPrototype;
        this.Method("next", 0, Next);
        this.ToStringTag("URLSearchParams Iterator");
    }

    /// <summary>A new iterator over <paramref name="target"/>.</summary>
    public JsUrlSearchParamsIterator Create(JsUrlSearchParams target, PairIteratorKind kind)
        => new(Engine, target, kind) { Prototype = this };

    /// <summary>https://webidl.spec.whatwg.org/#es-iterator-prototype-object (<c>%URLSearchParamsIteratorPrototype%.next</c>)</summary>
    private JsValue Next(JsValue thisObject, JsValue[] arguments)
    {
        var iterator = Brand.Check<JsUrlSearchParamsIterator>(Engine, thisObject);
        var list = iterator.Target.List;
        if (iterator.Index >= list.Count)
        {
            return JsMembers.IteratorResult(Engine, Undefined, done: true);
        }

        var pair = list[iterator.Index++];
        JsValue value = iterator.Kind switch
        {
            PairIteratorKind.Keys => pair.Key,
            PairIteratorKind.Values => pair.Value,
            _ => new JsArray(Engine, [pair.Key, pair.Value]),
        };
        return JsMembers.IteratorResult(Engine, value, done: false);
    }
}
