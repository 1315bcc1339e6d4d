namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>The encodings this runtime's <c>TextDecoder</c> supports (https://encoding.spec.whatwg.org/#names-and-labels).</summary>
internal enum TextEncodingKind
{
    /// <summary>https://encoding.spec.whatwg.org/#utf-8</summary>
    Utf8,

    /// <summary>https://encoding.spec.whatwg.org/#utf-16le</summary>
    Utf16LE,

    /// <summary>https://encoding.spec.whatwg.org/#utf-16be</summary>
    Utf16BE,

    /// <summary>windows-1252, one of the single-byte encodings (https://encoding.spec.whatwg.org/#legacy-single-byte-encodings).</summary>
    Windows1252,
}
