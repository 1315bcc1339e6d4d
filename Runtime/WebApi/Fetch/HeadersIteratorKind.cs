namespace Workers.Runtime.WebApi.Fetch;

/// <summary>What a Headers iterator yields (https://webidl.spec.whatwg.org/#es-iterable, "kind").</summary>
internal enum HeadersIteratorKind
{
    /// <summary><c>[name, value]</c> pairs.</summary>
    Entries,

    /// <summary>Names.</summary>
    Keys,

    /// <summary>Values.</summary>
    Values,
}
