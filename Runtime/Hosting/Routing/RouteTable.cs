using System.Diagnostics.CodeAnalysis;

namespace Workers.Runtime.Hosting.Routing;

/// <summary>
/// Route patterns and what each points at (a worker, say), picking the most specific pattern that
/// matches a request's scheme, Host header and path.
/// </summary>
/// <typeparam name="T">What routes point at. A null target is allowed and is returned like any other.</typeparam>
/// <remarks>
/// <para>
/// Cloudflare's rule is that "the most specific route pattern wins", with two documented examples
/// (<c>www.example.com/*</c> over <c>*.example.com/*</c>; <c>example.com/hello/*</c> over
/// <c>example.com/*</c>; https://developers.cloudflare.com/workers/configuration/routing/routes/#matching-behavior),
/// and its known-issues page shows the host decides before the path (<c>a.example.com/*</c> over
/// <c>*.example.com/a</c>; https://developers.cloudflare.com/workers/platform/known-issues/#route-specificity).
/// This table applies these keys in order; the first that differs decides:
/// </para>
/// <list type="number">
/// <item>A route pattern beats a custom domain (<see cref="RoutePattern.CustomDomain"/>): Cloudflare
/// treats a Worker on a Custom Domain as the origin and runs routes on that hostname in front of it.</item>
/// <item>Host: an exact host beats every wildcard host; among wildcard hosts the longer literal
/// suffix wins, so for <c>www.shop.example.com</c>: <c>*.shop.example.com</c>, then
/// <c>*shop.example.com</c>, then <c>*.example.com</c> (suffix <c>.example.com</c>), then
/// <c>*example.com</c>, then <c>*</c>.</item>
/// <item>Path: an exact path beats any path ending with <c>*</c>; among those, the longer prefix
/// wins (<c>/images/*</c> over <c>/images*</c> over <c>/*</c>).</item>
/// <item>A pattern with a scheme (<c>https://...</c>) beats one without.</item>
/// <item>Declaration order: the earlier route wins.</item>
/// </list>
/// <para>
/// Where this differs from Cloudflare in practice: the known-issues page reports that
/// <c>example.com/images*</c> wins over <c>example.com/images/*</c> for <c>/images/hello</c>, and
/// calls it unexpected; this table picks <c>/images/*</c>, the longer prefix. Miniflare ranks
/// routes by a score of host labels and path segments (ported, it says, from Cloudflare's routing
/// table), under which <c>*example.com</c> ties with <c>example.com</c> and beats
/// <c>*.example.com</c>, and an exact <c>/a</c> ties with <c>/a*</c>, ties going to the longer
/// pattern text; this table instead prefers the exact host, the longer suffix and the exact path.
/// </para>
/// <para>
/// Lookups cost about the routes of the matching host, not all routes: exact hosts are a
/// dictionary (ignoring case), wildcard hosts are a dictionary from suffix to routes probed once
/// per distinct suffix length, and each host's exact paths are a dictionary. The table is
/// immutable and safe to read from many threads.
/// </para>
/// </remarks>
public sealed class RouteTable<T>
{
    private readonly Dictionary<string, HostRoutes>.AlternateLookup<ReadOnlySpan<char>> _exactHosts;
    private readonly Dictionary<string, HostRoutes>.AlternateLookup<ReadOnlySpan<char>> _wildcardHosts;
    private readonly int[] _suffixLengths;

    /// <summary>Builds the table.</summary>
    /// <param name="routes">Patterns and their targets, in declaration order (the last tie-breaker).</param>
    /// <exception cref="ArgumentException">A route has no pattern.</exception>
    public RouteTable(IEnumerable<(RoutePattern Pattern, T Target)> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var exact = new Dictionary<string, List<Entry>>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, List<Entry>>(StringComparer.OrdinalIgnoreCase);
        var order = 0;
        foreach (var (pattern, target) in routes)
        {
            if (pattern is null)
            {
                throw new ArgumentException($"Route {order} has no pattern.", nameof(routes));
            }

            var (group, key) = pattern.HostWildcard == RouteHostWildcard.None
                ? (exact, pattern.Host)
                : (wildcard, pattern.HostSuffix);
            if (!group.TryGetValue(key, out var list))
            {
                group[key] = list = [];
            }

            list.Add(new Entry(pattern, target, order++));
        }

        Count = order;
        _exactHosts = Freeze(exact).GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcardHosts = Freeze(wildcard).GetAlternateLookup<ReadOnlySpan<char>>();
        _suffixLengths = [.. wildcard.Keys.Select(k => k.Length).Distinct().OrderDescending()];
    }

    /// <summary>The number of routes, custom domains included.</summary>
    public int Count { get; }

    /// <summary>Finds the target of the most specific route matching a request, whatever its scheme.</summary>
    /// <param name="hostHeader">The Host header; a port (<c>example.com:8787</c>, <c>[::1]:8787</c>) is ignored.</param>
    /// <param name="pathAndQuery">The request target's path and query as sent, for example <c>/a/b?x=1</c>.</param>
    /// <param name="target">The matched route's target.</param>
    /// <returns>True when a route matched. Patterns with a scheme match either scheme here.</returns>
    public bool TryMatch(string hostHeader, string pathAndQuery, [MaybeNullWhen(false)] out T target)
    {
        var found = Find(null, hostHeader, pathAndQuery);
        target = found is null ? default : found.Target;
        return found is not null;
    }

    /// <summary>Finds the target of the most specific route matching a request.</summary>
    /// <param name="scheme">The request's scheme, <c>http</c> or <c>https</c> (any case).</param>
    /// <param name="hostHeader">The Host header; a port (<c>example.com:8787</c>, <c>[::1]:8787</c>) is ignored.</param>
    /// <param name="pathAndQuery">The request target's path and query as sent, for example <c>/a/b?x=1</c>.</param>
    /// <param name="target">The matched route's target.</param>
    /// <returns>True when a route matched.</returns>
    public bool TryMatch(string scheme, string hostHeader, string pathAndQuery, [MaybeNullWhen(false)] out T target)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var found = Find(scheme, hostHeader, pathAndQuery);
        target = found is null ? default : found.Target;
        return found is not null;
    }

    /// <summary>Finds the most specific route matching a request, whatever its scheme.</summary>
    /// <param name="hostHeader">The Host header; a port is ignored.</param>
    /// <param name="pathAndQuery">The request target's path and query as sent.</param>
    /// <param name="match">The matched pattern and its target.</param>
    /// <returns>True when a route matched. Patterns with a scheme match either scheme here.</returns>
    public bool TryMatchRoute(string hostHeader, string pathAndQuery, out RouteMatch<T> match)
    {
        var found = Find(null, hostHeader, pathAndQuery);
        match = found is null ? default : new RouteMatch<T>(found.Pattern, found.Target);
        return found is not null;
    }

    /// <summary>Finds the most specific route matching a request.</summary>
    /// <param name="scheme">The request's scheme, <c>http</c> or <c>https</c> (any case).</param>
    /// <param name="hostHeader">The Host header; a port is ignored.</param>
    /// <param name="pathAndQuery">The request target's path and query as sent.</param>
    /// <param name="match">The matched pattern and its target.</param>
    /// <returns>True when a route matched.</returns>
    public bool TryMatchRoute(string scheme, string hostHeader, string pathAndQuery, out RouteMatch<T> match)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var found = Find(scheme, hostHeader, pathAndQuery);
        match = found is null ? default : new RouteMatch<T>(found.Pattern, found.Target);
        return found is not null;
    }

    private static Dictionary<string, HostRoutes> Freeze(Dictionary<string, List<Entry>> groups) =>
        groups.ToDictionary(g => g.Key, g => new HostRoutes(g.Value), StringComparer.OrdinalIgnoreCase);

    private Entry? Find(string? scheme, string hostHeader, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(hostHeader);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var host = RouteHost.FromHeader(hostHeader);
        var path = pathAndQuery.Length == 0 ? "/" : pathAndQuery;

        _exactHosts.TryGetValue(host, out var exactHost);
        if (exactHost?.Find(scheme, path) is { } exactHit)
        {
            return exactHit;
        }

        foreach (var length in _suffixLengths)
        {
            if (length <= host.Length
                && _wildcardHosts.TryGetValue(host[^length..], out var suffixRoutes)
                && suffixRoutes.Find(scheme, path) is { } wildcardHit)
            {
                return wildcardHit;
            }
        }

        return exactHost?.CustomDomain;
    }

    /// <summary>One declared route.</summary>
    private sealed record Entry(RoutePattern Pattern, T Target, int Order);

    /// <summary>The routes of one exact host or one wildcard suffix, in precedence order.</summary>
    private sealed class HostRoutes
    {
        private readonly Dictionary<string, Entry[]> _exactPaths;
        private readonly Entry[] _prefixes;

        internal HostRoutes(List<Entry> entries)
        {
            var routes = entries.Where(e => !e.Pattern.IsCustomDomain).ToList();
            _exactPaths = routes
                .Where(e => !e.Pattern.PathIsPrefix)
                .GroupBy(e => e.Pattern.Path, StringComparer.Ordinal)
                .ToDictionary(
                    g => g.Key,
                    g => g.OrderBy(e => e.Pattern.Scheme is null).ThenBy(e => e.Order).ToArray(),
                    StringComparer.Ordinal);
            _prefixes = [.. routes
                .Where(e => e.Pattern.PathIsPrefix)
                .OrderByDescending(e => e.Pattern.Path.Length)
                .ThenBy(e => e.Pattern.Scheme is null)
                .ThenBy(e => e.Order)];
            CustomDomain = entries.Where(e => e.Pattern.IsCustomDomain).MinBy(e => e.Order);
        }

        /// <summary>The first custom domain declared for this host, if any.</summary>
        internal Entry? CustomDomain { get; }

        internal Entry? Find(string? scheme, string path)
        {
            // An exact path never matches a request with a query: patterns cannot contain '?'.
            if (_exactPaths.Count > 0 && _exactPaths.TryGetValue(path, out var exact))
            {
                foreach (var entry in exact)
                {
                    if (entry.Pattern.MatchesScheme(scheme))
                    {
                        return entry;
                    }
                }
            }

            foreach (var entry in _prefixes)
            {
                if (path.StartsWith(entry.Pattern.Path, StringComparison.Ordinal) && entry.Pattern.MatchesScheme(scheme))
                {
                    return entry;
                }
            }

            return null;
        }
    }
}
