using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Workers.Runtime.Hosting.Routing;

/// <summary>
/// A Cloudflare Workers route pattern such as <c>example.com/api/*</c>, <c>*.example.com/*</c>,
/// <c>*example.com/*</c> or <c>https://shop.example.com/cart</c>, or a custom domain (every path of
/// one host).
/// </summary>
/// <remarks>
/// <para>
/// The rules follow https://developers.cloudflare.com/workers/configuration/routing/routes/#matching-behavior
/// and #validity:
/// </para>
/// <list type="bullet">
/// <item>An optional <c>http://</c> or <c>https://</c> prefix restricts the pattern to that scheme;
/// without one, both match.</item>
/// <item>The host may begin with <c>*</c> (the host and anything ending with it) or <c>*.</c>
/// (subdomains only). <c>*</c> matches zero or more of any character. The host is compared
/// ignoring case, as for routes Cloudflare created from October 15th, 2023.</item>
/// <item>The path may end with <c>*</c>, which makes it a plain string prefix: <c>/path*</c>
/// matches <c>/path</c>, <c>/path2</c> and <c>/path/readme.txt</c>; <c>/images/*</c> does not
/// match <c>/images</c>. The path is compared case-sensitively, and nothing is normalized
/// (trailing slashes, percent-encoding).</item>
/// <item>A pattern without a path has the implied path <c>/</c>, matched exactly.</item>
/// <item>A wildcard anywhere else, a query string, a fragment, user information, a port or an
/// empty host make the pattern invalid.</item>
/// <item>Matching considers the whole path and query, as Cloudflare matches the whole URL: an
/// exact path never matches a request that has a query string (<c>/images/cat.png?foo=bar</c>
/// does not match <c>example.com/images/cat.png</c>), while a path ending with <c>*</c> matches
/// whatever query follows.</item>
/// </list>
/// <para>
/// The host <c>*</c> alone (<c>*/*</c>) matches every host: Cloudflare uses it for Cloudflare for
/// SaaS custom hostnames and Miniflare accepts it. Cloudflare also scopes every route to its zone,
/// so there <c>*example.com</c> only ever sees hosts of the zone; this type knows no zones, so it
/// matches <c>not-example.com</c> too, as the plain wildcard rule says. Additions for a local
/// server: an IPv6 literal host such as <c>[::1]</c> is accepted; a non-ASCII host is converted to
/// its ASCII (punycode) form, which is what a Host header carries.
/// </para>
/// </remarks>
public sealed class RoutePattern
{
    private RoutePattern(
        string pattern, string? scheme, string host, RouteHostWildcard hostWildcard, string path, bool pathIsPrefix, bool isCustomDomain)
    {
        Pattern = pattern;
        Scheme = scheme;
        Host = host;
        HostWildcard = hostWildcard;
        Path = path;
        PathIsPrefix = pathIsPrefix;
        IsCustomDomain = isCustomDomain;
        HostSuffix = hostWildcard == RouteHostWildcard.SubdomainsOnly ? "." + host : host;
    }

    /// <summary>The text the pattern was parsed from (for a custom domain, the host as given).</summary>
    public string Pattern { get; }

    /// <summary><c>http</c> or <c>https</c> when the pattern starts with that scheme; null when it matches both.</summary>
    public string? Scheme { get; }

    /// <summary>
    /// The host without its wildcard, lower-case and in ASCII (punycode) form: <c>example.com</c>
    /// for <c>*.example.com</c>, <c>*example.com</c> and <c>example.com</c>; empty for the host <c>*</c>.
    /// </summary>
    public string Host { get; }

    /// <summary>Whether and how the host starts with a wildcard.</summary>
    public RouteHostWildcard HostWildcard { get; }

    /// <summary>
    /// The path without its trailing wildcard: <c>/api/</c> for <c>example.com/api/*</c>, <c>/</c> for
    /// <c>example.com</c>, <c>example.com/*</c> and a custom domain.
    /// </summary>
    public string Path { get; }

    /// <summary>True when the path ended with <c>*</c>, so any path starting with <see cref="Path"/> matches.</summary>
    public bool PathIsPrefix { get; }

    /// <summary>
    /// True for a pattern made by <see cref="CustomDomain"/>: it matches every path and query of
    /// its host, and any route pattern that matches a request takes precedence over it.
    /// </summary>
    public bool IsCustomDomain { get; }

    /// <summary>What a matching host must end with when <see cref="HostWildcard"/> is not None.</summary>
    internal string HostSuffix { get; }

    /// <summary>Parses a route pattern.</summary>
    /// <param name="pattern">The pattern, for example <c>example.com/api/*</c>.</param>
    /// <exception cref="FormatException">The pattern is not valid; the message names the pattern and what is wrong.</exception>
    public static RoutePattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return TryParse(pattern, out var result, out var error)
            ? result
            : throw new FormatException($"Invalid route pattern '{pattern}': {error}.");
    }

    /// <summary>Parses a route pattern, reporting failure instead of throwing.</summary>
    /// <param name="pattern">The pattern, for example <c>example.com/api/*</c>.</param>
    /// <param name="result">The parsed pattern, or null when it is not valid.</param>
    /// <param name="error">What is wrong with the pattern, or null when it is valid.</param>
    /// <returns>True when the pattern is valid.</returns>
    public static bool TryParse(
        string pattern, [NotNullWhen(true)] out RoutePattern? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        result = null;
        if (pattern.Length == 0)
        {
            error = "it is empty";
            return false;
        }

        if (FindWhitespaceOrControl(pattern) is int bad)
        {
            error = $"it contains whitespace or a control character at position {bad}";
            return false;
        }

        var rest = pattern.AsSpan();
        string? scheme = null;
        var separator = rest.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0 && rest[..separator].IndexOf('/') < 0)
        {
            var given = rest[..separator];
            if (given.Equals("http", StringComparison.OrdinalIgnoreCase))
            {
                scheme = "http";
            }
            else if (given.Equals("https", StringComparison.OrdinalIgnoreCase))
            {
                scheme = "https";
            }
            else
            {
                error = $"the scheme '{given}' is not supported; a pattern may start with http:// or https:// or have no scheme";
                return false;
            }

            rest = rest[(separator + 3)..];
        }

        if (rest.IndexOf('?') is var query and >= 0)
        {
            error = $"it contains a query string ('{rest[query..]}'); route patterns cannot match on query parameters, end the path with '*' instead";
            return false;
        }

        if (rest.Contains('#'))
        {
            error = "it contains a fragment ('#')";
            return false;
        }

        var slash = rest.IndexOf('/');
        var hostPart = slash >= 0 ? rest[..slash] : rest;
        var pathPart = slash >= 0 ? rest[slash..] : "/";

        if (!TryParseHost(hostPart, allowWildcard: true, out var host, out var wildcard, out error))
        {
            return false;
        }

        var star = pathPart.IndexOf('*');
        if (star >= 0 && star != pathPart.Length - 1)
        {
            error = "it has a wildcard inside the path; '*' is allowed only at the end of the path";
            return false;
        }

        var isPrefix = star >= 0;
        var path = (isPrefix ? pathPart[..^1] : pathPart).ToString();
        result = new RoutePattern(pattern, scheme, host, wildcard, path, isPrefix, isCustomDomain: false);
        return true;
    }

    /// <summary>
    /// A custom domain: every path and query of exactly <paramref name="host"/>, with any scheme
    /// (https://developers.cloudflare.com/workers/configuration/routing/custom-domains/#request-matching-behaviour).
    /// </summary>
    /// <param name="host">The host, for example <c>shop.example.com</c>: no wildcard, scheme, port or path.</param>
    /// <remarks>
    /// Cloudflare treats a Worker on a Custom Domain as the origin, with routes on the same hostname
    /// running in front of it; <see cref="RouteTable{T}"/> therefore ranks a custom domain below every
    /// route pattern that matches the same request.
    /// </remarks>
    /// <exception cref="FormatException">The host is not valid; the message names it and what is wrong.</exception>
    public static RoutePattern CustomDomain(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        string? error;
        if (host.Length == 0)
        {
            error = "it is empty";
        }
        else if (FindWhitespaceOrControl(host) is int bad)
        {
            error = $"it contains whitespace or a control character at position {bad}";
        }
        else if (host.Contains("://", StringComparison.Ordinal))
        {
            error = "a custom domain is a host name alone, without a scheme";
        }
        else if (host.AsSpan().IndexOfAny('/', '?', '#') >= 0)
        {
            error = "a custom domain is a host name alone and matches every path; it cannot contain a path or query";
        }
        else if (TryParseHost(host, allowWildcard: false, out var parsed, out _, out error))
        {
            return new RoutePattern(host, null, parsed, RouteHostWildcard.None, "/", pathIsPrefix: true, isCustomDomain: true);
        }

        throw new FormatException($"Invalid custom domain '{host}': {error}.");
    }

    /// <summary>Whether a request matches this pattern, whatever its scheme.</summary>
    /// <param name="host">The request's host, or its whole Host header: a port is ignored.</param>
    /// <param name="pathAndQuery">The request target's path and query as sent, for example <c>/a/b?x=1</c>.</param>
    /// <returns>True when the host and path match; <see cref="Scheme"/> is not checked.</returns>
    public bool Matches(string host, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        return MatchesHost(RouteHost.FromHeader(host)) && MatchesPath(pathAndQuery);
    }

    /// <summary>Whether a request matches this pattern.</summary>
    /// <param name="scheme">The request's scheme, <c>http</c> or <c>https</c> (any case).</param>
    /// <param name="host">The request's host, or its whole Host header: a port is ignored.</param>
    /// <param name="pathAndQuery">The request target's path and query as sent, for example <c>/a/b?x=1</c>.</param>
    /// <returns>True when the scheme (if the pattern has one), host and path match.</returns>
    public bool Matches(string scheme, string host, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return MatchesScheme(scheme) && Matches(host, pathAndQuery);
    }

    /// <summary>The text the pattern was parsed from.</summary>
    public override string ToString() => Pattern;

    /// <summary>Whether a request with <paramref name="scheme"/> (null: unknown, so any) may match.</summary>
    internal bool MatchesScheme(string? scheme) =>
        Scheme is null || scheme is null || Scheme.Equals(scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a host already stripped of its port (<see cref="RouteHost.FromHeader"/>) matches.</summary>
    internal bool MatchesHost(ReadOnlySpan<char> host) => HostWildcard == RouteHostWildcard.None
        ? host.Equals(Host, StringComparison.OrdinalIgnoreCase)
        : host.EndsWith(HostSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a path and query matches (an empty one counts as <c>/</c>).</summary>
    internal bool MatchesPath(string pathAndQuery)
    {
        if (IsCustomDomain)
        {
            return true;
        }

        var value = pathAndQuery.Length == 0 ? "/" : pathAndQuery;
        return PathIsPrefix
            ? value.StartsWith(Path, StringComparison.Ordinal)
            : value.Equals(Path, StringComparison.Ordinal);
    }

    private static int? FindWhitespaceOrControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) || char.IsControl(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static bool TryParseHost(
        ReadOnlySpan<char> text, bool allowWildcard, out string host, out RouteHostWildcard wildcard, [NotNullWhen(false)] out string? error)
    {
        host = "";
        wildcard = RouteHostWildcard.None;
        if (text.IsEmpty)
        {
            error = "the host is empty";
            return false;
        }

        if (text.Contains('@'))
        {
            error = "it contains user information ('@'); give the host alone";
            return false;
        }

        if (text.Contains('*'))
        {
            if (!allowWildcard)
            {
                error = "a custom domain matches one host exactly and cannot contain a wildcard";
                return false;
            }

            if (text.StartsWith("*."))
            {
                wildcard = RouteHostWildcard.SubdomainsOnly;
                text = text[2..];
                if (text.IsEmpty)
                {
                    error = "the host is empty after '*.'";
                    return false;
                }
            }
            else if (text[0] == '*')
            {
                wildcard = RouteHostWildcard.AnyPrefix;
                text = text[1..];
            }

            if (text.Length > 0 && text[^1] == '*')
            {
                error = "it has a wildcard at the end of the host; to match every path of the host, put '/*' after it";
                return false;
            }

            if (text.Contains('*'))
            {
                error = "it has a wildcard inside the host; '*' is allowed only at the start of the host";
                return false;
            }
        }

        if (text.Length > 0 && text[0] == '[')
        {
            return TryParseIPv6(text, wildcard, out host, out error);
        }

        if (text.IndexOf(':') is var colon and >= 0)
        {
            error = $"it contains a port ('{text[colon..]}'); route patterns match any port";
            return false;
        }

        string ascii;
        if (Ascii.IsValid(text))
        {
            ascii = text.ToString().ToLowerInvariant();
        }
        else
        {
            try
            {
                ascii = new IdnMapping().GetAscii(text.ToString()).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                error = "the host is not a valid internationalized domain name";
                return false;
            }
        }

        foreach (var c in ascii)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                error = $"the host contains the character '{c}', which is not allowed in a host name";
                return false;
            }
        }

        if (ascii.Length > 0 && (ascii[0] == '.' || ascii[^1] == '.' || ascii.Contains("..", StringComparison.Ordinal)))
        {
            error = "the host has an empty label (a leading, trailing or doubled '.')";
            return false;
        }

        host = ascii;
        error = null;
        return true;
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, RouteHostWildcard wildcard, out string host, [NotNullWhen(false)] out string? error)
    {
        host = "";
        if (wildcard != RouteHostWildcard.None)
        {
            error = "a wildcard cannot precede an IPv6 address";
            return false;
        }

        var close = text.IndexOf(']');
        if (close < 0)
        {
            error = "the IPv6 address has no closing ']'";
            return false;
        }

        if (close != text.Length - 1)
        {
            error = text[close + 1] == ':'
                ? $"it contains a port ('{text[(close + 1)..]}'); route patterns match any port"
                : "unexpected text after the IPv6 address";
            return false;
        }

        if (RouteHost.CanonicalIPv6(text[1..close]) is not { } canonical)
        {
            error = $"'{text}' is not a valid IPv6 address";
            return false;
        }

        host = canonical;
        error = null;
        return true;
    }
}
