using Jint;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// A default iterator object for <c>Headers</c> (https://webidl.spec.whatwg.org/#dfn-default-iterator-object):
/// its target, kind and index. The pairs are recomputed at each step, as the spec says, so that
/// changes made while iterating are seen.
/// </summary>
internal sealed class JsHeadersIterator : ObjectInstance
{
    /// <summary>Creates an iterator at index 0.</summary>
    public JsHeadersIterator(Engine engine, JsHeaders target, PairIteratorKind kind) : base(engine)
    {
        Target = target;
        Kind = kind;
    }

    /// <summary>The Headers being iterated.</summary>
    public JsHeaders Target { get; }

    /// <summary>What each step yields.</summary>
    public PairIteratorKind Kind { get; }

    /// <summary>The position of the next pair.</summary>
    public int Index { get; set; }
}
