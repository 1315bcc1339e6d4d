using Workers.Runtime.Hosting.Routing;

namespace Workers.Runtime.Tests.Hosting.Routing;

[TestFixture]
public sealed class RouteTableTests
{
    private static RouteTable<string> Table(params string[] patterns) =>
        new(patterns.Select(p => (RoutePattern.Parse(p), p)));

    private static string? Winner(RouteTable<string> table, string host, string path) =>
        table.TryMatch(host, path, out var target) ? target : null;

    // Each case: the routes (declared in this order), the request, and the pattern expected to win.
    private static IEnumerable<TestCaseData> PrecedenceCases()
    {
        // Cloudflare's documented examples (routes page, "Matching behavior").
        yield return Case(["*.example.com/*", "www.example.com/*"], "www.example.com", "/", "www.example.com/*")
            .SetArgDisplayNames("ExactHostBeatsSubdomainWildcard");
        yield return Case(["example.com/*", "example.com/hello/*"], "example.com", "/hello/world", "example.com/hello/*")
            .SetArgDisplayNames("LongerPathPrefixBeatsShorter");
        // Cloudflare known issues: the host decides before the path.
        yield return Case(["*.example.com/a", "a.example.com/*"], "a.example.com", "/a", "a.example.com/*")
            .SetArgDisplayNames("ExactHostWithPrefixBeatsWildcardHostWithExactPath");
        // Cloudflare reports /images* winning here and calls it unexpected; this table picks the longer prefix.
        yield return Case(["example.com/images*", "example.com/images/*"], "example.com", "/images/hello", "example.com/images/*")
            .SetArgDisplayNames("SlashStarBeatsShorterStarOnLongerPath");
        yield return Case(["example.com/images*", "example.com/images/*"], "example.com", "/images123", "example.com/images*")
            .SetArgDisplayNames("StarWithoutSlashStillMatchesWhereSlashStarDoesNot");
        yield return Case(["example.com/images/*", "example.com/images*"], "example.com", "/images", "example.com/images*")
            .SetArgDisplayNames("SlashStarDoesNotMatchBarePath");
        yield return Case(["*example.com/*", "*.example.com/*"], "www.example.com", "/", "*.example.com/*")
            .SetArgDisplayNames("SubdomainWildcardBeatsAnyPrefixWildcard");
        yield return Case(["*.example.com/*", "*example.com/*"], "example.com", "/", "*example.com/*")
            .SetArgDisplayNames("AnyPrefixWildcardCoversApexWhereSubdomainWildcardDoesNot");
        yield return Case(["*example.com/*", "example.com/*"], "example.com", "/", "example.com/*")
            .SetArgDisplayNames("ExactHostBeatsAnyPrefixWildcardOfSameName");
        yield return Case(["*/*", "*.example.com/*", "*.shop.example.com/*", "*shop.example.com/*"], "www.shop.example.com", "/", "*.shop.example.com/*")
            .SetArgDisplayNames("LongestWildcardSuffixWins");
        yield return Case(["*/*", "*.example.com/*", "*shop.example.com/*"], "www.shop.example.com", "/", "*shop.example.com/*")
            .SetArgDisplayNames("AnyPrefixWithLongerSuffixBeatsSubdomainWildcardWithShorter");
        yield return Case(["*/*", "*.example.com/*"], "other.test", "/", "*/*")
            .SetArgDisplayNames("StarHostIsTheLastResort");
        yield return Case(["*.example.com/*", "*.example.com/api/*"], "a.example.com", "/api/x", "*.example.com/api/*")
            .SetArgDisplayNames("WithinOneWildcardHostLongerPrefixWins");
        yield return Case(["*.example.com/api/*", "*example.com/api/v1/*"], "a.example.com", "/api/v1/x", "*.example.com/api/*")
            .SetArgDisplayNames("LongerHostSuffixBeatsLongerPath");
        yield return Case(["example.com/a*", "example.com/a"], "example.com", "/a", "example.com/a")
            .SetArgDisplayNames("ExactPathBeatsPrefixOfSameText");
        yield return Case(["example.com/*", "example.com/a/b/*", "example.com/a/b/c"], "example.com", "/a/b/c", "example.com/a/b/c")
            .SetArgDisplayNames("ExactPathBeatsAnyPrefix");
        yield return Case(["example.com/a/b/*", "example.com/a/b/c"], "example.com", "/a/b/c?x=1", "example.com/a/b/*")
            .SetArgDisplayNames("QueryStringSkipsExactPath");
        yield return Case(["example.com/*", "https://example.com/*"], "example.com", "/", "https://example.com/*")
            .SetArgDisplayNames("SchemePatternBeatsSchemelessOfSamePath");
        yield return Case(["https://example.com/*", "example.com/x/*"], "example.com", "/x/y", "example.com/x/*")
            .SetArgDisplayNames("LongerPathBeatsScheme");
        yield return Case(["example.com/*", "EXAMPLE.com/*"], "example.com", "/", "example.com/*")
            .SetArgDisplayNames("TiesKeepDeclarationOrder");
        yield return Case(["EXAMPLE.com/*", "example.com/*"], "example.com", "/", "EXAMPLE.com/*")
            .SetArgDisplayNames("TiesKeepDeclarationOrderReversed");
        yield return Case(["*.a.test/*", "*.b.test/*"], "x.c.test", "/", null)
            .SetArgDisplayNames("NoMatchingRoute_ReturnsFalse");
    }

    private static TestCaseData Case(string[] routes, string host, string path, string? expected) =>
        new(routes, host, path, expected);

    [TestCaseSource(nameof(PrecedenceCases))]
    public void TryMatch_SeveralRoutesMatch_MostSpecificWins(string[] routes, string host, string path, string? expected)
    {
        Assert.That(Winner(Table(routes), host, path), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(PrecedenceCases))]
    public void TryMatch_RoutesDeclaredInReverse_SameWinnerUnlessTie(string[] routes, string host, string path, string? expected)
    {
        var reversed = routes.Reverse().ToArray();
        var winner = Winner(Table(reversed), host, path);
        var tie = expected is not null && routes.Count(r => r.Equals(expected, StringComparison.OrdinalIgnoreCase)) > 1;

        Assert.That(winner, tie ? Is.EqualTo(reversed.First(r => r.Equals(expected, StringComparison.OrdinalIgnoreCase))) : Is.EqualTo(expected));
    }

    [Test]
    public void TryMatch_RouteWithoutWorker_ExemptsItsRequestsFromLessSpecificRoutes()
    {
        // https://developers.cloudflare.com/workers/configuration/routing/routes/#matching-behavior
        var table = new RouteTable<string?>(
        [
            (RoutePattern.Parse("*example.com/images/cat.png"), null),
            (RoutePattern.Parse("*example.com/images/*"), "worker-script"),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(table.TryMatch("example.com", "/images/cat.png", out var none), Is.True);
            Assert.That(none, Is.Null);
            Assert.That(table.TryMatch("example.com", "/images/dog.png", out var dog), Is.True);
            Assert.That(dog, Is.EqualTo("worker-script"));
            Assert.That(table.TryMatch("example.com", "/images/cat.png?foo=bar", out var withQuery), Is.True);
            Assert.That(withQuery, Is.EqualTo("worker-script"));
        });
    }

    [TestCase("example.com:8787")]
    [TestCase("EXAMPLE.COM")]
    [TestCase("Example.Com:80")]
    public void TryMatch_HostHeaderWithPortOrCase_MatchesExactHost(string hostHeader)
    {
        var table = Table("*.example.com/*", "example.com/*");

        Assert.That(Winner(table, hostHeader, "/"), Is.EqualTo("example.com/*"));
    }

    [TestCase("www.EXAMPLE.com:8787")]
    [TestCase("WWW.example.COM")]
    public void TryMatch_HostHeaderWithPortOrCase_MatchesWildcardHost(string hostHeader)
    {
        var table = Table("*.example.com/*", "other.com/*");

        Assert.That(Winner(table, hostHeader, "/"), Is.EqualTo("*.example.com/*"));
    }

    [TestCase("[::1]:8787", "[::1]/*")]
    [TestCase("[::1]", "[::1]/*")]
    [TestCase("[0::1]:8787", "[::1]/*")]
    [TestCase("127.0.0.1:8787", "127.0.0.1/*")]
    [TestCase("localhost:8787", "localhost/*")]
    [TestCase("[::2]:8787", "*/*")]
    public void TryMatch_LoopbackHostHeaders_MatchTheirRoutes(string hostHeader, string expected)
    {
        var table = Table("*/*", "[::1]/*", "127.0.0.1/*", "localhost/*");

        Assert.That(Winner(table, hostHeader, "/x"), Is.EqualTo(expected));
    }

    [Test]
    public void TryMatch_SchemeGiven_SkipsPatternsOfTheOtherScheme()
    {
        var table = Table("https://example.com/*", "http://example.com/*", "example.com/admin/*");

        Assert.Multiple(() =>
        {
            Assert.That(table.TryMatch("https", "example.com", "/", out var secure) ? secure : null, Is.EqualTo("https://example.com/*"));
            Assert.That(table.TryMatch("http", "example.com", "/", out var plain) ? plain : null, Is.EqualTo("http://example.com/*"));
            Assert.That(table.TryMatch("HTTP", "example.com", "/", out var upper) ? upper : null, Is.EqualTo("http://example.com/*"));
            Assert.That(table.TryMatch("http", "example.com", "/admin/x", out var admin) ? admin : null, Is.EqualTo("example.com/admin/*"));
            Assert.That(Winner(table, "example.com", "/"), Is.EqualTo("https://example.com/*"), "without a scheme, the first declared wins the tie");
        });
    }

    [Test]
    public void TryMatch_OnlyOtherSchemeRoutes_NoMatch()
    {
        var table = Table("https://example.com/*");

        Assert.That(table.TryMatch("http", "example.com", "/", out _), Is.False);
    }

    [Test]
    public void TryMatch_CustomDomain_MatchesAllPathsButRanksBelowRoutes()
    {
        var table = new RouteTable<string>(
        [
            (RoutePattern.CustomDomain("api.example.com"), "api-worker"),
            (RoutePattern.Parse("api.example.com/auth"), "auth-worker"),
            (RoutePattern.Parse("*.example.com/logs/*"), "log-worker"),
            (RoutePattern.CustomDomain("shop.example.com"), "shop-worker"),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(Winner(table, "api.example.com", "/auth"), Is.EqualTo("auth-worker"));
            Assert.That(Winner(table, "api.example.com", "/auth?x=1"), Is.EqualTo("api-worker"));
            Assert.That(Winner(table, "api.example.com:8787", "/login"), Is.EqualTo("api-worker"));
            Assert.That(Winner(table, "api.example.com", "/logs/today"), Is.EqualTo("log-worker"));
            Assert.That(Winner(table, "shop.example.com", "/cart?id=3"), Is.EqualTo("shop-worker"));
            Assert.That(Winner(table, "www.shop.example.com", "/cart"), Is.Null);
            Assert.That(Winner(table, "example.com", "/"), Is.Null);
        });
    }

    [Test]
    public void TryMatchRoute_Match_ReturnsPatternAndTarget()
    {
        var specific = RoutePattern.Parse("example.com/api/*");
        var table = new RouteTable<int>([(RoutePattern.Parse("example.com/*"), 1), (specific, 2)]);

        Assert.Multiple(() =>
        {
            Assert.That(table.TryMatchRoute("example.com", "/api/users", out var match), Is.True);
            Assert.That(match.Pattern, Is.SameAs(specific));
            Assert.That(match.Target, Is.EqualTo(2));
            Assert.That(table.TryMatchRoute("https", "example.com", "/api/users", out var withScheme), Is.True);
            Assert.That(withScheme, Is.EqualTo(match));
            Assert.That(table.TryMatchRoute("other.com", "/", out var none), Is.False);
            Assert.That(none, Is.EqualTo(default(RouteMatch<int>)));
            Assert.That(table.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void Constructor_NullPattern_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RouteTable<string>([(RoutePattern.Parse("a.com/*"), "a"), (null!, "b")]));

        Assert.That(ex.Message, Does.Contain("Route 1 has no pattern"));
    }

    [Test]
    public void TryMatch_EmptyTable_NoMatch()
    {
        var table = new RouteTable<string>([]);

        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.Zero);
            Assert.That(table.TryMatch("example.com", "/", out _), Is.False);
        });
    }

    [Test]
    public void TryMatch_TenThousandRoutes_AgreesWithLinearScanOfThePrecedenceRules()
    {
        var random = new Random(20260822);
        var zones = Enumerable.Range(0, 100).Select(i => $"zone{i}.test").ToArray();
        var hosts = zones.SelectMany(z => Enumerable.Range(0, 40).Select(i => $"h{i}.{z}")).Concat(zones).ToArray();
        var soloHosts = Enumerable.Range(0, 400).Select(i => $"c{i}.solo.test").ToArray();
        string[] paths = ["/", "/a", "/a/", "/a/b", "/a/b/c", "/api/", "/api/v1/users", "/images/cat.png", "/x", "/x/y"];

        string RandomPath() => paths[random.Next(paths.Length)];
        string Trim(string path) => path.Length > 1 && random.Next(2) == 0 ? path[..random.Next(1, path.Length)] : path;

        var routes = new List<(RoutePattern Pattern, int Target)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (routes.Count < 10_000)
        {
            var scheme = random.Next(10) switch { 0 => "https://", 1 => "http://", _ => "" };
            var path = random.Next(3) == 0 ? RandomPath() : Trim(RandomPath()) + "*";
            var text = random.Next(100) switch
            {
                < 55 => scheme + hosts[random.Next(hosts.Length)] + path,
                < 75 => scheme + "*." + zones[random.Next(zones.Length)] + path,
                < 85 => scheme + "*" + zones[random.Next(zones.Length)] + path,
                < 90 => scheme + "*" + zones[random.Next(zones.Length)][2..] + path,
                < 91 => scheme + "*" + RandomPath(),
                < 95 => "custom:" + hosts[random.Next(hosts.Length)],
                _ => "custom:" + soloHosts[random.Next(soloHosts.Length)],
            };

            // Duplicates are allowed, but keep them rare so most routes are distinct.
            if (!seen.Add(text) && random.Next(10) != 0)
            {
                continue;
            }

            var pattern = text.StartsWith("custom:", StringComparison.Ordinal)
                ? RoutePattern.CustomDomain(text["custom:".Length..])
                : RoutePattern.Parse(text);
            routes.Add((pattern, routes.Count));
        }

        var table = new RouteTable<int>(routes);
        var requestHosts = hosts.Concat(soloHosts).Concat(["unknown.test", "zone1.test.evil", "a.b.h1.zone2.test"]).ToArray();
        int matched = 0, custom = 0, wildcard = 0;
        for (var i = 0; i < 1500; i++)
        {
            var host = requestHosts[random.Next(requestHosts.Length)];
            var hostHeader = random.Next(3) switch { 0 => host + ":8787", 1 => host.ToUpperInvariant(), _ => host };
            var path = RandomPath() + (random.Next(4) == 0 ? "z" : "") + (random.Next(5) == 0 ? "?q=1" : "");
            string? scheme = random.Next(3) switch { 0 => "http", 1 => "https", _ => null };

            var expected = LinearScan(routes, scheme, host, path);
            var found = scheme is null
                ? table.TryMatchRoute(hostHeader, path, out var match)
                : table.TryMatchRoute(scheme, hostHeader, path, out match);

            Assert.That(found ? match.Target : -1, Is.EqualTo(expected), $"{scheme} {hostHeader} {path}");
            if (found)
            {
                matched++;
                custom += match.Pattern.IsCustomDomain ? 1 : 0;
                wildcard += match.Pattern.HostWildcard != RouteHostWildcard.None ? 1 : 0;
            }
        }

        TestContext.Out.WriteLine($"{matched} of 1500 requests matched: {wildcard} by a wildcard host, {custom} by a custom domain");
        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.EqualTo(10_000));
            Assert.That(matched, Is.GreaterThan(1000), "most requests should find a route");
            Assert.That(custom, Is.GreaterThan(0), "some requests should fall through to a custom domain");
            Assert.That(wildcard, Is.GreaterThan(50), "some requests should be won by a wildcard host");
        });
    }

    /// <summary>
    /// The documented precedence, written as one sort key over every route that matches: a
    /// specification to check the indexed table against, with no index.
    /// </summary>
    private static int LinearScan(List<(RoutePattern Pattern, int Target)> routes, string? scheme, string host, string path)
    {
        var best = -1;
        (int, int, int, int, int, int, int) bestKey = default;
        foreach (var (pattern, target) in routes)
        {
            var matches = scheme is null ? pattern.Matches(host, path) : pattern.Matches(scheme, host, path);
            if (!matches)
            {
                continue;
            }

            var suffix = pattern.HostWildcard switch
            {
                RouteHostWildcard.None => int.MaxValue,
                RouteHostWildcard.SubdomainsOnly => pattern.Host.Length + 1,
                _ => pattern.Host.Length,
            };
            var key = (
                pattern.IsCustomDomain ? 1 : 0,
                -suffix,
                pattern.PathIsPrefix ? 1 : 0,
                -pattern.Path.Length,
                pattern.Scheme is null ? 1 : 0,
                target,
                0);
            if (best < 0 || key.CompareTo(bestKey) < 0)
            {
                best = target;
                bestKey = key;
            }
        }

        return best;
    }
}
