namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// Maps encoding labels to encodings and encodings to their names
/// (https://encoding.spec.whatwg.org/#names-and-labels), for the encodings in <see cref="TextEncodingKind"/>.
/// </summary>
/// <remarks>
/// Only UTF-8, UTF-16LE, UTF-16BE and windows-1252 are implemented. Every other label, including
/// the labels of the Encoding Standard's other legacy encodings (such as "shift_jis" or
/// "iso-8859-2", which workerd supports), is rejected as unknown.
/// </remarks>
internal static class EncodingLabels
{
    private static readonly Dictionary<string, TextEncodingKind> s_labels = new(StringComparer.Ordinal)
    {
        ["unicode-1-1-utf-8"] = TextEncodingKind.Utf8,
        ["unicode11utf8"] = TextEncodingKind.Utf8,
        ["unicode20utf8"] = TextEncodingKind.Utf8,
        ["utf-8"] = TextEncodingKind.Utf8,
        ["utf8"] = TextEncodingKind.Utf8,
        ["x-unicode20utf8"] = TextEncodingKind.Utf8,
        ["unicodefffe"] = TextEncodingKind.Utf16BE,
        ["utf-16be"] = TextEncodingKind.Utf16BE,
        ["csunicode"] = TextEncodingKind.Utf16LE,
        ["iso-10646-ucs-2"] = TextEncodingKind.Utf16LE,
        ["ucs-2"] = TextEncodingKind.Utf16LE,
        ["unicode"] = TextEncodingKind.Utf16LE,
        ["unicodefeff"] = TextEncodingKind.Utf16LE,
        ["utf-16"] = TextEncodingKind.Utf16LE,
        ["utf-16le"] = TextEncodingKind.Utf16LE,
        ["ansi_x3.4-1968"] = TextEncodingKind.Windows1252,
        ["ascii"] = TextEncodingKind.Windows1252,
        ["cp1252"] = TextEncodingKind.Windows1252,
        ["cp819"] = TextEncodingKind.Windows1252,
        ["csisolatin1"] = TextEncodingKind.Windows1252,
        ["ibm819"] = TextEncodingKind.Windows1252,
        ["iso-8859-1"] = TextEncodingKind.Windows1252,
        ["iso-ir-100"] = TextEncodingKind.Windows1252,
        ["iso8859-1"] = TextEncodingKind.Windows1252,
        ["iso88591"] = TextEncodingKind.Windows1252,
        ["iso_8859-1"] = TextEncodingKind.Windows1252,
        ["iso_8859-1:1987"] = TextEncodingKind.Windows1252,
        ["l1"] = TextEncodingKind.Windows1252,
        ["latin1"] = TextEncodingKind.Windows1252,
        ["us-ascii"] = TextEncodingKind.Windows1252,
        ["windows-1252"] = TextEncodingKind.Windows1252,
        ["x-cp1252"] = TextEncodingKind.Windows1252,
    };

    /// <summary>
    /// https://encoding.spec.whatwg.org/#concept-encoding-get: strips leading and trailing ASCII
    /// whitespace, lowercases ASCII letters and looks the label up.
    /// </summary>
    public static bool TryGetEncoding(string label, out TextEncodingKind encoding)
    {
        ArgumentNullException.ThrowIfNull(label);
        var trimmed = label.AsSpan().Trim("\t\n\f\r ");
        Span<char> lower = stackalloc char[32];
        if (trimmed.Length > lower.Length)
        {
            encoding = default;
            return false;
        }

        // No label has a non-ASCII character, and ToLower stops at the first one.
        if (System.Text.Ascii.ToLower(trimmed, lower, out var written) != System.Buffers.OperationStatus.Done)
        {
            encoding = default;
            return false;
        }

        return s_labels.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(lower[..written], out encoding);
    }

    /// <summary>The encoding's name (https://encoding.spec.whatwg.org/#name), as <c>TextDecoder.encoding</c> reports it: lowercase.</summary>
    public static string NameOf(TextEncodingKind encoding) => encoding switch
    {
        TextEncodingKind.Utf8 => "utf-8",
        TextEncodingKind.Utf16LE => "utf-16le",
        TextEncodingKind.Utf16BE => "utf-16be",
        TextEncodingKind.Windows1252 => "windows-1252",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };
}
