using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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
        string text;
        if (request.Target is ['/', ..] target)
        {
            // A Host header that is more than a host and port ("evil.example/admin?") would move
            // the path; such a header, or one the parser refuses, gives way to the listener's.
            var host = HostHeader(request) is { } header && IsHostAndPort(header) ? header : url.Authority;
            text = $"{url.Scheme}://{host}{target}";
            if (IsSerialized(url.Scheme, host, target))
            {
                return text;
            }

            return (UrlParser.Parse(text) ?? UrlParser.Parse($"{url.Scheme}://{url.Authority}{target}"))?.Serialize() ?? url.AbsoluteUri;
        }

        text = request.Target ?? url.AbsoluteUri;
        return UrlParser.Parse(text)?.Serialize() ?? url.AbsoluteUri;
    }

    /// <summary>
    /// Whether <c>scheme://host</c> + <paramref name="target"/> is already exactly what the parser
    /// would write, so that the usual request skips the parser (a microsecond and 2 kB of garbage).
    /// Conservative: a lowercase DNS name or dotted-quad address, a port that is not the default
    /// and has no leading zero, and a target of characters no percent-encode set touches, with no
    /// escapes and no dot segments. Anything else goes through the parser.
    /// </summary>
    private static bool IsSerialized(string scheme, string host, string target)
    {
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? host : host[..colon];
        if (colon >= 0)
        {
            var port = host.AsSpan(colon + 1);
            if (port.Length is 0 or > 5 || port[0] == '0' || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number > 65535 || number == (scheme == "https" ? 443 : 80))
            {
                return false;
            }
        }

        if (scheme is not ("http" or "https") || !IsLowercaseDnsName(name))
        {
            return false;
        }

        foreach (var c in target)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~' or '!' or '$' or '&' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/' or '?'))
            {
                return false;
            }
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return !(query < 0 ? target : target[..query]).Contains("/.", StringComparison.Ordinal);
    }

    /// <summary>
    /// Labels of lowercase letters, digits and hyphens, no <c>xn--</c> label (IDNA would check it),
    /// and a last label that is not a number unless the whole name is a canonical dotted quad
    /// (the parser rewrites <c>127.1</c> and <c>0x7f.0.0.1</c>).
    /// </summary>
    private static bool IsLowercaseDnsName(string name)
    {
        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0 || label.StartsWith("xn--", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        var last = labels[^1];
        if (!last.All(char.IsAsciiDigit) && !last.StartsWith("0x", StringComparison.Ordinal))
        {
            return true;
        }

        return labels.Length == 4 && labels.All(label => label.All(char.IsAsciiDigit) && label.Length <= 3
            && (label.Length == 1 || label[0] != '0') && int.Parse(label, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>Whether a Host header holds nothing but a host and a port: no path, query, fragment or userinfo delimiter, no space.</summary>
    private static bool IsHostAndPort(string header)
    {
        foreach (var c in header)
        {
            if (c <= ' ' || c is '/' or '?' or '#' or '@' or '\\')
            {
                return false;
            }
        }

        return true;
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
