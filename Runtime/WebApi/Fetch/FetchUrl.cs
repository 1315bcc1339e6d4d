namespace Workers.Runtime.WebApi.Fetch;

/// <summary>URL parsing and serialization for the Fetch classes, over <see cref="Uri"/>.</summary>
/// <remarks>
/// This is not the WHATWG URL parser (https://url.spec.whatwg.org/#concept-url-parser): it
/// accepts absolute URLs only, because a worker has no base URL (Workers throws on a relative
/// URL too), and serializes with <see cref="Uri.AbsoluteUri"/>, which adds the "/" path of
/// <c>http://a.com</c> and percent-encodes as the URL standard does in common cases.
/// </remarks>
internal static class FetchUrl
{
    /// <summary>Parses an absolute URL; returns false if <paramref name="text"/> is not one.</summary>
    public static bool TryParse(string text, out Uri url)
    {
        url = null!;
        text = text.Trim(s_c0ControlOrSpace);
        if (!HasScheme(text) || !Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>https://url.spec.whatwg.org/#concept-url-serializer</summary>
    public static string Serialize(Uri url) => url.AbsoluteUri;

    /// <summary>https://url.spec.whatwg.org/#include-credentials</summary>
    public static bool HasCredentials(Uri url) => url.UserInfo.Length > 0;

    private static readonly char[] s_c0ControlOrSpace = [.. Enumerable.Range(0, 0x21).Select(c => (char)c)];

    /// <summary>https://url.spec.whatwg.org/#scheme-state: an ASCII letter, then letters, digits, "+", "-" or ".", then ":".</summary>
    private static bool HasScheme(string text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ':')
            {
                return true;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return false;
    }
}
