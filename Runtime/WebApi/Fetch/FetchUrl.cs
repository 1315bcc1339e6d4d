using System.Diagnostics.CodeAnalysis;
using Workers.Runtime.Execution;
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
    /// The URL of an incoming request as a script sees it, written as <c>new URL(...)</c> would
    /// write it. As in workerd, it is the scheme, the <c>Host</c> header and the request target
    /// as the client sent them (<see cref="WorkerRequest.Target"/>), so escapes such as
    /// <c>%41</c> survive; a target in absolute form is taken whole. Without a target or a Host
    /// header, <see cref="WorkerRequest.Url"/> fills in; if the parser refuses the result, .NET's
    /// normalized form is used.
    /// </summary>
    public static string Serialize(WorkerRequest request)
    {
        var url = request.Url;
        var text = request.Target switch
        {
            null => url.AbsoluteUri,
            ['/', ..] target => $"{url.Scheme}://{HostHeader(request) ?? url.Authority}{target}",
            var target => target,
        };
        return UrlParser.Parse(text)?.Serialize() ?? url.AbsoluteUri;
    }

    private static string? HostHeader(WorkerRequest request)
    {
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                return value.Length == 0 ? null : value;
            }
        }

        return null;
    }

    /// <summary>https://url.spec.whatwg.org/#include-credentials</summary>
    public static bool HasCredentials(UrlRecord url) => url.Username.Length > 0 || url.Password.Length > 0;
}
