using System.Globalization;

namespace Workers.Runtime.WebApi.Url;

/// <content>
/// The getters and setters of the JS <c>URL</c> class (https://url.spec.whatwg.org/#urlutils-members)
/// over the record. The <c>href</c> setter and the <c>searchParams</c> object belong to the JS class.
/// </content>
internal sealed partial class UrlRecord
{
    /// <summary>https://url.spec.whatwg.org/#dom-url-protocol: the scheme followed by <c>:</c>.</summary>
    public string Protocol => Scheme + ":";

    /// <summary>https://url.spec.whatwg.org/#dom-url-host: the host and, if there is one, <c>:</c> and the port; empty without a host.</summary>
    public string HostAndPort => Host is null
        ? string.Empty
        : Port is null ? Host : Host + ":" + Port.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>https://url.spec.whatwg.org/#dom-url-hostname: the serialized host, or empty without a host.</summary>
    public string Hostname => Host ?? string.Empty;

    /// <summary>https://url.spec.whatwg.org/#dom-url-port: the port in decimal, or empty without one.</summary>
    public string PortString => Port?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>https://url.spec.whatwg.org/#dom-url-search: <c>?</c> and the query, or empty when the query is null or empty.</summary>
    public string Search => string.IsNullOrEmpty(Query) ? string.Empty : "?" + Query;

    /// <summary>https://url.spec.whatwg.org/#dom-url-hash: <c>#</c> and the fragment, or empty when the fragment is null or empty.</summary>
    public string Hash => string.IsNullOrEmpty(Fragment) ? string.Empty : "#" + Fragment;

    /// <summary>
    /// https://url.spec.whatwg.org/#dom-url-protocol: parses <paramref name="value"/> and <c>:</c> from the
    /// scheme start state. A change between a special and a non-special scheme is ignored, as is a change
    /// to <c>file</c> while there are credentials or a port, and a change from <c>file</c> with an empty host.
    /// </summary>
    public void SetProtocol(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        UrlParser.BasicParse(value + ":", this, UrlParserState.SchemeStart);
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-username: ignored when the URL cannot have a username.</summary>
    public void SetUsername(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!CannotHaveUsernamePasswordPort)
        {
            Username = PercentEncoding.Encode(value, PercentEncodeSet.Userinfo);
        }
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-password: ignored when the URL cannot have a password.</summary>
    public void SetPassword(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!CannotHaveUsernamePasswordPort)
        {
            Password = PercentEncoding.Encode(value, PercentEncodeSet.Userinfo);
        }
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-host: parses a host and optional port; ignored for an opaque path.</summary>
    public void SetHost(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!HasOpaquePath)
        {
            UrlParser.BasicParse(value, this, UrlParserState.Host);
        }
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-hostname: parses a host without a port; ignored for an opaque path.</summary>
    public void SetHostname(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!HasOpaquePath)
        {
            UrlParser.BasicParse(value, this, UrlParserState.Hostname);
        }
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#dom-url-port: the empty string removes the port; otherwise the leading
    /// digits are the port. Ignored when the URL cannot have a port.
    /// </summary>
    public void SetPort(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (CannotHaveUsernamePasswordPort)
        {
            return;
        }

        if (value.Length == 0)
        {
            Port = null;
        }
        else
        {
            UrlParser.BasicParse(value, this, UrlParserState.Port);
        }
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-pathname: replaces the path; ignored for an opaque path.</summary>
    public void SetPathname(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (HasOpaquePath)
        {
            return;
        }

        PathSegments.Clear();
        UrlParser.BasicParse(value, this, UrlParserState.PathStart);
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#dom-url-search: the empty string removes the query; otherwise
    /// <paramref name="value"/>, without one leading <c>?</c>, is percent-encoded into the query.
    /// </summary>
    /// <remarks>This sets the query only; the caller updates its <c>URLSearchParams</c> object.</remarks>
    public void SetSearch(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            Query = null;
            return;
        }

        Query = string.Empty;
        UrlParser.BasicParse(value.StartsWith('?') ? value[1..] : value, this, UrlParserState.Query);
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#dom-url-hash: the empty string removes the fragment; otherwise
    /// <paramref name="value"/>, without one leading <c>#</c>, is percent-encoded into the fragment.
    /// </summary>
    public void SetHash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            Fragment = null;
            return;
        }

        Fragment = string.Empty;
        UrlParser.BasicParse(value.StartsWith('#') ? value[1..] : value, this, UrlParserState.Fragment);
    }

    /// <summary>
    /// Sets the query as given, already encoded, or removes it when <paramref name="query"/> is null: the
    /// URL side of the <c>URLSearchParams</c> update steps (https://url.spec.whatwg.org/#concept-urlsearchparams-update).
    /// </summary>
    public void SetQuery(string? query) => Query = query;
}
