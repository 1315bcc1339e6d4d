namespace Workers.Runtime.Hosting.Routing;

/// <summary>How the host of a <see cref="RoutePattern"/> may start with a wildcard.</summary>
/// <remarks>
/// Cloudflare allows a single <c>*</c> only at the very start of the host, where it matches zero or
/// more of any character (https://developers.cloudflare.com/workers/configuration/routing/routes/#hostnames-may-optionally-begin-with-).
/// </remarks>
public enum RouteHostWildcard
{
    /// <summary>No wildcard: the request host must equal <see cref="RoutePattern.Host"/> (ignoring case).</summary>
    None,

    /// <summary>
    /// <c>*example.com</c>: the request host must end with <see cref="RoutePattern.Host"/>. This matches
    /// <c>example.com</c> and <c>www.example.com</c>, and also <c>myexample.com</c> and
    /// <c>not-example.com</c>, because the wildcard is not bound to a label (the routes page's table
    /// says <c>not-example.com</c> does not match; cloudflare-docs issue #30262 and PR #32732 correct it).
    /// The pattern <c>*</c> alone (empty host) matches every host.
    /// </summary>
    AnyPrefix,

    /// <summary>
    /// <c>*.example.com</c>: the request host must end with <c>.</c> followed by
    /// <see cref="RoutePattern.Host"/>. This matches <c>www.example.com</c> and <c>a.b.example.com</c>
    /// but not <c>example.com</c> itself.
    /// </summary>
    SubdomainsOnly,
}
