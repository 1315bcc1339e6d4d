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

    /// <summary>IBM866 (https://encoding.spec.whatwg.org/#ibm866), DOS Cyrillic.</summary>
    Ibm866,

    /// <summary>ISO-8859-2 (https://encoding.spec.whatwg.org/#iso-8859-2), Latin-2.</summary>
    Iso8859Part2,

    /// <summary>ISO-8859-3 (https://encoding.spec.whatwg.org/#iso-8859-3), Latin-3.</summary>
    Iso8859Part3,

    /// <summary>ISO-8859-4 (https://encoding.spec.whatwg.org/#iso-8859-4), Latin-4.</summary>
    Iso8859Part4,

    /// <summary>ISO-8859-5 (https://encoding.spec.whatwg.org/#iso-8859-5), Cyrillic.</summary>
    Iso8859Part5,

    /// <summary>ISO-8859-6 (https://encoding.spec.whatwg.org/#iso-8859-6), Arabic.</summary>
    Iso8859Part6,

    /// <summary>ISO-8859-7 (https://encoding.spec.whatwg.org/#iso-8859-7), Greek.</summary>
    Iso8859Part7,

    /// <summary>ISO-8859-8 (https://encoding.spec.whatwg.org/#iso-8859-8), visual Hebrew.</summary>
    Iso8859Part8,

    /// <summary>ISO-8859-8-I (https://encoding.spec.whatwg.org/#iso-8859-8-i), logical Hebrew; decodes as ISO-8859-8.</summary>
    Iso8859Part8I,

    /// <summary>ISO-8859-10 (https://encoding.spec.whatwg.org/#iso-8859-10), Latin-6.</summary>
    Iso8859Part10,

    /// <summary>ISO-8859-13 (https://encoding.spec.whatwg.org/#iso-8859-13), Latin-7.</summary>
    Iso8859Part13,

    /// <summary>ISO-8859-14 (https://encoding.spec.whatwg.org/#iso-8859-14), Latin-8.</summary>
    Iso8859Part14,

    /// <summary>ISO-8859-15 (https://encoding.spec.whatwg.org/#iso-8859-15), Latin-9.</summary>
    Iso8859Part15,

    /// <summary>ISO-8859-16 (https://encoding.spec.whatwg.org/#iso-8859-16), Latin-10.</summary>
    Iso8859Part16,

    /// <summary>KOI8-R (https://encoding.spec.whatwg.org/#koi8-r), Russian.</summary>
    Koi8R,

    /// <summary>KOI8-U (https://encoding.spec.whatwg.org/#koi8-u), Ukrainian.</summary>
    Koi8U,

    /// <summary>macintosh (https://encoding.spec.whatwg.org/#macintosh), Mac OS Roman.</summary>
    Macintosh,

    /// <summary>windows-874 (https://encoding.spec.whatwg.org/#windows-874), Thai.</summary>
    Windows874,

    /// <summary>windows-1250 (https://encoding.spec.whatwg.org/#windows-1250), Central European.</summary>
    Windows1250,

    /// <summary>windows-1251 (https://encoding.spec.whatwg.org/#windows-1251), Cyrillic.</summary>
    Windows1251,

    /// <summary>windows-1253 (https://encoding.spec.whatwg.org/#windows-1253), Greek.</summary>
    Windows1253,

    /// <summary>windows-1254 (https://encoding.spec.whatwg.org/#windows-1254), Turkish; also what "iso-8859-9" means.</summary>
    Windows1254,

    /// <summary>windows-1255 (https://encoding.spec.whatwg.org/#windows-1255), Hebrew.</summary>
    Windows1255,

    /// <summary>windows-1256 (https://encoding.spec.whatwg.org/#windows-1256), Arabic.</summary>
    Windows1256,

    /// <summary>windows-1257 (https://encoding.spec.whatwg.org/#windows-1257), Baltic.</summary>
    Windows1257,

    /// <summary>windows-1258 (https://encoding.spec.whatwg.org/#windows-1258), Vietnamese.</summary>
    Windows1258,

    /// <summary>x-mac-cyrillic (https://encoding.spec.whatwg.org/#x-mac-cyrillic), Mac OS Ukrainian.</summary>
    XMacCyrillic,

    /// <summary>x-user-defined (https://encoding.spec.whatwg.org/#x-user-defined), bytes 0x80-0xFF to U+F780-U+F7FF.</summary>
    XUserDefined,
}
