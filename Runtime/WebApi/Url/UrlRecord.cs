using System.Globalization;
using System.Text;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// A URL record (https://url.spec.whatwg.org/#concept-url) with its serializers. It has no JS
/// dependency; <see cref="UrlParser"/> produces it and the JS <c>URL</c> class wraps it.
/// </summary>
/// <remarks>
/// The host is kept in its serialized form (https://url.spec.whatwg.org/#concept-host-serializer),
/// which is all the serializers and setters need: a domain or opaque host as is, an IPv4 address
/// in dotted decimal, an IPv6 address in brackets, and the empty host as the empty string.
/// A URL has either a list of path segments or an opaque path (a single string), never both.
/// </remarks>
internal sealed partial class UrlRecord
{
    /// <summary>https://url.spec.whatwg.org/#concept-url-scheme, without the colon (for example <c>https</c>).</summary>
    public string Scheme { get; internal set; } = string.Empty;

    /// <summary>https://url.spec.whatwg.org/#concept-url-username, percent-encoded.</summary>
    public string Username { get; internal set; } = string.Empty;

    /// <summary>https://url.spec.whatwg.org/#concept-url-password, percent-encoded.</summary>
    public string Password { get; internal set; } = string.Empty;

    /// <summary>
    /// https://url.spec.whatwg.org/#concept-url-host, serialized (an IPv6 address in brackets); null when
    /// the URL has no host, the empty string for the empty host.
    /// </summary>
    public string? Host { get; internal set; }

    /// <summary>https://url.spec.whatwg.org/#concept-url-port: null when absent or the scheme's default port.</summary>
    public int? Port { get; internal set; }

    /// <summary>https://url.spec.whatwg.org/#url-opaque-path: whether the path is a single opaque string, as in <c>mailto:a@b</c>.</summary>
    public bool HasOpaquePath => OpaquePath is not null;

    /// <summary>https://url.spec.whatwg.org/#concept-url-query, without the <c>?</c>; null when absent.</summary>
    public string? Query { get; internal set; }

    /// <summary>https://url.spec.whatwg.org/#concept-url-fragment, without the <c>#</c>; null when absent.</summary>
    public string? Fragment { get; internal set; }

    /// <summary>https://url.spec.whatwg.org/#is-special: whether the scheme is a special scheme.</summary>
    public bool IsSpecial => SpecialSchemes.IsSpecial(Scheme);

    /// <summary>The path segments (https://url.spec.whatwg.org/#concept-url-path) when the path is not opaque.</summary>
    internal List<string> PathSegments { get; } = [];

    /// <summary>The opaque path, or null when the path is a list of segments.</summary>
    internal string? OpaquePath { get; set; }

    /// <summary>https://url.spec.whatwg.org/#include-credentials: whether the username or password is non-empty.</summary>
    internal bool IncludesCredentials => Username.Length > 0 || Password.Length > 0;

    /// <summary>https://url.spec.whatwg.org/#cannot-have-a-username-password-port</summary>
    internal bool CannotHaveUsernamePasswordPort => string.IsNullOrEmpty(Host) || Scheme == "file";

    /// <summary>https://url.spec.whatwg.org/#url-path-serializer</summary>
    public string Pathname
    {
        get
        {
            if (OpaquePath is not null)
            {
                return OpaquePath;
            }

            var builder = new StringBuilder();
            AppendPath(builder);
            return builder.ToString();
        }
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#ascii-serialization-of-an-origin of the URL's origin
    /// (https://url.spec.whatwg.org/#concept-url-origin); <c>null</c> for an opaque origin.
    /// </summary>
    /// <remarks>
    /// A blob URL takes the origin of the http(s) URL in its path; there is no blob URL store, so a
    /// blob URL entry is never found.
    /// </remarks>
    public string Origin
    {
        get
        {
            switch (Scheme)
            {
                case "ftp" or "http" or "https" or "ws" or "wss":
                    return Port is null
                        ? Scheme + "://" + Host
                        : Scheme + "://" + Host + ":" + Port.Value.ToString(CultureInfo.InvariantCulture);
                case "blob":
                    var pathUrl = UrlParser.Parse(Pathname);
                    return pathUrl is not null && pathUrl.Scheme is "http" or "https" ? pathUrl.Origin : "null";
                default:
                    return "null";
            }
        }
    }

    /// <summary>https://url.spec.whatwg.org/#concept-url-serializer</summary>
    /// <param name="excludeFragment">Whether to leave the fragment out.</param>
    public string Serialize(bool excludeFragment = false)
    {
        var builder = new StringBuilder(Scheme.Length + (Host?.Length ?? 0) + 32);
        builder.Append(Scheme).Append(':');
        if (Host is not null)
        {
            builder.Append("//");
            if (IncludesCredentials)
            {
                builder.Append(Username);
                if (Password.Length > 0)
                {
                    builder.Append(':').Append(Password);
                }

                builder.Append('@');
            }

            builder.Append(Host);
            if (Port is not null)
            {
                builder.Append(':').Append(Port.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (OpaquePath is not null)
        {
            builder.Append(OpaquePath);
        }
        else
        {
            if (Host is null && PathSegments.Count > 1 && PathSegments[0].Length == 0)
            {
                builder.Append("/.");
            }

            AppendPath(builder);
        }

        if (Query is not null)
        {
            builder.Append('?').Append(Query);
        }

        if (!excludeFragment && Fragment is not null)
        {
            builder.Append('#').Append(Fragment);
        }

        return builder.ToString();
    }

    /// <summary>A deep copy of this URL, which changes independently of it.</summary>
    public UrlRecord Clone()
    {
        var copy = new UrlRecord
        {
            Scheme = Scheme,
            Username = Username,
            Password = Password,
            Host = Host,
            Port = Port,
            OpaquePath = OpaquePath,
            Query = Query,
            Fragment = Fragment,
        };
        copy.PathSegments.AddRange(PathSegments);
        return copy;
    }

    /// <summary>The serialized URL (https://url.spec.whatwg.org/#concept-url-serializer).</summary>
    public override string ToString() => Serialize();

    private void AppendPath(StringBuilder builder)
    {
        foreach (var segment in PathSegments)
        {
            builder.Append('/').Append(segment);
        }
    }
}
