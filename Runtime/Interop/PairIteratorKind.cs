namespace Workers.Runtime.Interop;

/// <summary>
/// What the iterator of a pair iterable (<c>Headers</c>, <c>URLSearchParams</c>) yields
/// (https://webidl.spec.whatwg.org/#es-iterable, "kind").
/// </summary>
internal enum PairIteratorKind
{
    /// <summary><c>[name, value]</c> pairs (<c>entries()</c> and <c>@@iterator</c>).</summary>
    Entries,

    /// <summary>Names (<c>keys()</c>).</summary>
    Keys,

    /// <summary>Values (<c>values()</c>).</summary>
    Values,
}
