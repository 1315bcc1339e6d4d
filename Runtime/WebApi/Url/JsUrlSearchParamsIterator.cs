using Jint;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// A default iterator object for <c>URLSearchParams</c> (https://webidl.spec.whatwg.org/#dfn-default-iterator-object):
/// its target, kind and index into the live list, so pairs added while iterating are seen.
/// </summary>
internal sealed class JsUrlSearchParamsIterator : ObjectInstance
{
    /// <summary>Creates an iterator at index 0.</summary>
    public JsUrlSearchParamsIterator(Engine engine, JsUrlSearchParams target, PairIteratorKind kind) : base(engine)
    {
        Target = target;
        Kind = kind;
    }

    /// <summary>The object being iterated.</summary>
    public JsUrlSearchParams Target { get; }

    /// <summary>What each step yields.</summary>
    public PairIteratorKind Kind { get; }

    /// <summary>The position of the next pair.</summary>
    public int Index { get; set; }
}
