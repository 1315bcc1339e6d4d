using System.Diagnostics.CodeAnalysis;
using Workers.Runtime.WebApi.Url;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>URL parsing and serialization for the Fetch classes, with the WHATWG URL parser.</summary>
/// <remarks>
/// URLs must be absolute: a worker has no base URL, and Workers throws on a relative one too.
/// </remarks>
internal static class FetchUrl
{
    /// <summary>https://url.spec.whatwg.org/#concept-url-parser without a base; false if <paramref name="text"/> is not an absolute URL.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out UrlRecord? url)
    {
        url = UrlParser.Parse(text);
        return url is not null;
    }

    /// <summary>https://url.spec.whatwg.org/#concept-url-serializer</summary>
    public static string Serialize(UrlRecord url) => url.Serialize();

    /// <summary>
    /// The URL of an incoming request as a script sees it: .NET's absolute form of it, put
    /// through the WHATWG parser so it reads exactly as <c>new URL(...)</c> would write it.
    /// </summary>
    public static string Serialize(Uri url) => UrlParser.Parse(url.AbsoluteUri)?.Serialize() ?? url.AbsoluteUri;

    /// <summary>https://url.spec.whatwg.org/#include-credentials</summary>
    public static bool HasCredentials(UrlRecord url) => url.Username.Length > 0 || url.Password.Length > 0;
}
