namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// One route of a worker, as written in its configuration: <c>routes = ["example.com/api/*"]</c>,
/// <c>routes = [{ pattern = "example.com/*", zone_name = "example.com" }]</c> or
/// <c>route = { pattern = "shop.example.com", custom_domain = true }</c>.
/// </summary>
public sealed class RouteEntry
{
    /// <summary>The route pattern exactly as written, such as <c>example.com/api/*</c> or <c>*.example.com/*</c>.</summary>
    public required string Pattern { get; init; }

    /// <summary>
    /// Whether the entry is a Custom Domain (<c>custom_domain = true</c>): on Cloudflare the worker
    /// then is the origin for the whole hostname, and the pattern is a bare hostname with no path or wildcard.
    /// </summary>
    public bool CustomDomain { get; init; }

    /// <summary>The pattern.</summary>
    public override string ToString() => Pattern;
}
