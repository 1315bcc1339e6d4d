using Workers.Runtime.Hosting.Routing;

namespace Workers.Runtime.Tests.Hosting.Routing;

[TestFixture]
public sealed class RoutePatternTests
{
    [TestCase("example.com/api/*", null, "example.com", RouteHostWildcard.None, "/api/", true)]
    [TestCase("*.example.com/*", null, "example.com", RouteHostWildcard.SubdomainsOnly, "/", true)]
    [TestCase("*example.com/*", null, "example.com", RouteHostWildcard.AnyPrefix, "/", true)]
    [TestCase("https://shop.example.com/cart", "https", "shop.example.com", RouteHostWildcard.None, "/cart", false)]
    [TestCase("http://*.example.com/images/*", "http", "example.com", RouteHostWildcard.SubdomainsOnly, "/images/", true)]
    [TestCase("HTTPS://Example.COM/Path", "https", "example.com", RouteHostWildcard.None, "/Path", false)]
    [TestCase("example.com", null, "example.com", RouteHostWildcard.None, "/", false)]
    [TestCase("example.com/", null, "example.com", RouteHostWildcard.None, "/", false)]
    [TestCase("example.com/path*", null, "example.com", RouteHostWildcard.None, "/path", true)]
    [TestCase("*/*", null, "", RouteHostWildcard.AnyPrefix, "/", true)]
    [TestCase("localhost/*", null, "localhost", RouteHostWildcard.None, "/", true)]
    [TestCase("127.0.0.1/api", null, "127.0.0.1", RouteHostWildcard.None, "/api", false)]
    [TestCase("[::1]/*", null, "[::1]", RouteHostWildcard.None, "/", true)]
    [TestCase("[0:0:0:0:0:0:0:1]/x", null, "[::1]", RouteHostWildcard.None, "/x", false)]
    [TestCase("bücher.example/*", null, "xn--bcher-kva.example", RouteHostWildcard.None, "/", true)]
    [TestCase("my_host.example.com/a/b/", null, "my_host.example.com", RouteHostWildcard.None, "/a/b/", false)]
    public void Parse_ValidPattern_ExposesItsParts(
        string pattern, string? scheme, string host, RouteHostWildcard wildcard, string path, bool isPrefix)
    {
        var parsed = RoutePattern.Parse(pattern);

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Pattern, Is.EqualTo(pattern));
            Assert.That(parsed.ToString(), Is.EqualTo(pattern));
            Assert.That(parsed.Scheme, Is.EqualTo(scheme));
            Assert.That(parsed.Host, Is.EqualTo(host));
            Assert.That(parsed.HostWildcard, Is.EqualTo(wildcard));
            Assert.That(parsed.Path, Is.EqualTo(path));
            Assert.That(parsed.PathIsPrefix, Is.EqualTo(isPrefix));
            Assert.That(parsed.IsCustomDomain, Is.False);
        });
    }

    [TestCase("", "it is empty")]
    [TestCase("example.com/*.jpg", "wildcard inside the path")]
    [TestCase("example.com/**", "wildcard inside the path")]
    [TestCase("example.com/?foo=*", "query string ('?foo=*')")]
    [TestCase("example.com/a?b=1", "query string")]
    [TestCase("example.com/a#top", "fragment")]
    [TestCase("www.*.example.com/*", "wildcard inside the host")]
    [TestCase("**.example.com/*", "wildcard inside the host")]
    [TestCase("example.com*", "wildcard at the end of the host")]
    [TestCase("/*", "the host is empty")]
    [TestCase("https:///x", "the host is empty")]
    [TestCase("*./*", "the host is empty after '*.'")]
    [TestCase("example.com:8787/*", "port (':8787')")]
    [TestCase("https://example.com:443", "port (':443')")]
    [TestCase("[::1]:8787/*", "port (':8787')")]
    [TestCase("ftp://example.com/*", "scheme 'ftp' is not supported")]
    [TestCase("*://example.com/*", "scheme '*' is not supported")]
    [TestCase("example .com/*", "whitespace")]
    [TestCase(" example.com/*", "whitespace or a control character at position 0")]
    [TestCase("user@example.com/*", "user information")]
    [TestCase("example..com/*", "empty label")]
    [TestCase("example.com./*", "empty label")]
    [TestCase("exa$mple.com/*", "the character '$'")]
    [TestCase("*[::1]/*", "wildcard cannot precede an IPv6 address")]
    [TestCase("[zz]/x", "not a valid IPv6 address")]
    [TestCase("[::1/x", "no closing ']'")]
    public void Parse_InvalidPattern_ThrowsFormatExceptionNamingPatternAndProblem(string pattern, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => RoutePattern.Parse(pattern));

        Assert.That(ex.Message, Does.StartWith($"Invalid route pattern '{pattern}': "));
        Assert.That(ex.Message, Does.Contain(problem));
    }

    [Test]
    public void TryParse_InvalidPattern_ReturnsFalseWithReason()
    {
        var ok = RoutePattern.TryParse("example.com/a*b", out var result, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(result, Is.Null);
            Assert.That(error, Does.Contain("wildcard inside the path"));
        });
    }

    [Test]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => RoutePattern.Parse(null!));
    }

    [Test]
    public void CustomDomain_ValidHost_MatchesEveryPathAndQueryOfThatHostOnly()
    {
        var domain = RoutePattern.CustomDomain("Shop.Example.com");

        Assert.Multiple(() =>
        {
            Assert.That(domain.Pattern, Is.EqualTo("Shop.Example.com"));
            Assert.That(domain.Host, Is.EqualTo("shop.example.com"));
            Assert.That(domain.HostWildcard, Is.EqualTo(RouteHostWildcard.None));
            Assert.That(domain.IsCustomDomain, Is.True);
            Assert.That(domain.PathIsPrefix, Is.True);
            Assert.That(domain.Path, Is.EqualTo("/"));
            Assert.That(domain.Scheme, Is.Null);
            Assert.That(domain.Matches("shop.example.com", "/"), Is.True);
            Assert.That(domain.Matches("shop.example.com:8787", "/login"), Is.True);
            Assert.That(domain.Matches("https", "SHOP.example.com", "/user?id=1"), Is.True);
            Assert.That(domain.Matches("http", "shop.example.com", "/a/b/c"), Is.True);
            Assert.That(domain.Matches("www.shop.example.com", "/"), Is.False);
            Assert.That(domain.Matches("example.com", "/"), Is.False);
        });
    }

    [TestCase("*.example.com", "cannot contain a wildcard")]
    [TestCase("example.com/*", "cannot contain a path")]
    [TestCase("https://example.com", "without a scheme")]
    [TestCase("example.com:8787", "port")]
    [TestCase("", "it is empty")]
    public void CustomDomain_InvalidHost_ThrowsFormatExceptionNamingHost(string host, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => RoutePattern.CustomDomain(host));

        Assert.That(ex.Message, Does.StartWith($"Invalid custom domain '{host}': "));
        Assert.That(ex.Message, Does.Contain(problem));
    }

    [TestCase("example.com", true)]
    [TestCase("example.com:8787", true)]
    [TestCase("EXAMPLE.Com:443", true)]
    [TestCase("www.example.com", false)]
    [TestCase("example.com.evil.test", false)]
    [TestCase("notexample.com", false)]
    public void Matches_ExactHost_IgnoresPortAndCase(string hostHeader, bool expected)
    {
        Assert.That(RoutePattern.Parse("example.com/*").Matches(hostHeader, "/x"), Is.EqualTo(expected));
    }

    [TestCase("[::1]:8787", true)]
    [TestCase("[::1]", true)]
    [TestCase("[0:0:0:0:0:0:0:1]:80", true)]
    [TestCase("[::2]:8787", false)]
    [TestCase("127.0.0.1:8787", false)]
    public void Matches_IPv6HostHeader_StripsPortAndComparesAddress(string hostHeader, bool expected)
    {
        Assert.That(RoutePattern.Parse("[::1]/*").Matches(hostHeader, "/"), Is.EqualTo(expected));
    }

    // The table from https://developers.cloudflare.com/workers/configuration/routing/routes/#hostnames-may-optionally-begin-with-
    // except not-example.com, which the page says does not match *example.com; cloudflare-docs issues
    // #30262 and #30885 and PR #32732 correct that row, as '*' matches any characters.
    [TestCase("example.com", true, false)]
    [TestCase("www.example.com", true, true)]
    [TestCase("a.b.example.com", true, true)]
    [TestCase("myexample.com", true, false)]
    [TestCase("not-example.com", true, false)]
    [TestCase("example.org", false, false)]
    public void Matches_HostWildcards_FollowCloudflareTable(string host, bool star, bool starDot)
    {
        Assert.Multiple(() =>
        {
            Assert.That(RoutePattern.Parse("*example.com/*").Matches(host, "/path"), Is.EqualTo(star));
            Assert.That(RoutePattern.Parse("*.example.com/*").Matches(host, "/path"), Is.EqualTo(starDot));
        });
    }

    [Test]
    public void Matches_HostStarAlone_MatchesAnyHost()
    {
        var any = RoutePattern.Parse("*/*");

        Assert.Multiple(() =>
        {
            Assert.That(any.Matches("example.com", "/"), Is.True);
            Assert.That(any.Matches("localhost:8787", "/a?b"), Is.True);
            Assert.That(any.Matches("[::1]:8787", "/x"), Is.True);
        });
    }

    // https://developers.cloudflare.com/workers/configuration/routing/routes/#paths-may-optionally-end-with-
    [TestCase("/path", true)]
    [TestCase("/path2", true)]
    [TestCase("/path/readme.txt", true)]
    [TestCase("/path?x=1", true)]
    [TestCase("/pat", false)]
    [TestCase("/Path", false)]
    [TestCase("/other/path", false)]
    public void Matches_PathEndingWithStar_IsAStringPrefix(string path, bool expected)
    {
        Assert.That(RoutePattern.Parse("https://example.com/path*").Matches("example.com", path), Is.EqualTo(expected));
    }

    [TestCase("/images/", true)]
    [TestCase("/images/cat.png", true)]
    [TestCase("/images", false)]
    [TestCase("/images2/x", false)]
    public void Matches_SlashStar_NeedsTheSlash(string path, bool expected)
    {
        Assert.That(RoutePattern.Parse("example.com/images/*").Matches("example.com", path), Is.EqualTo(expected));
    }

    [TestCase("/images/cat.png", true)]
    [TestCase("/images/cat.png?foo=bar", false)]
    [TestCase("/images/cat.png?", false)]
    [TestCase("/images/cat.png/", false)]
    [TestCase("/images/Cat.png", false)]
    [TestCase("/images/cat.png2", false)]
    public void Matches_ExactPath_WholePathAndQueryMustBeEqual(string path, bool expected)
    {
        Assert.That(RoutePattern.Parse("*example.com/images/cat.png").Matches("www.example.com", path), Is.EqualTo(expected));
    }

    [TestCase("/", true)]
    [TestCase("", true)]
    [TestCase("/?a=1", false)]
    [TestCase("/index.html", false)]
    public void Matches_PatternWithoutPath_MatchesOnlyRoot(string path, bool expected)
    {
        Assert.That(RoutePattern.Parse("example.com").Matches("example.com", path), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_TrailingSlash_IsSignificant()
    {
        var withSlash = RoutePattern.Parse("example.com/docs/");
        var without = RoutePattern.Parse("example.com/docs");

        Assert.Multiple(() =>
        {
            Assert.That(withSlash.Matches("example.com", "/docs/"), Is.True);
            Assert.That(withSlash.Matches("example.com", "/docs"), Is.False);
            Assert.That(without.Matches("example.com", "/docs"), Is.True);
            Assert.That(without.Matches("example.com", "/docs/"), Is.False);
        });
    }

    [Test]
    public void Matches_PathCase_IsSignificant()
    {
        var pattern = RoutePattern.Parse("example.com/Images/*");

        Assert.Multiple(() =>
        {
            Assert.That(pattern.Matches("example.com", "/Images/a.png"), Is.True);
            Assert.That(pattern.Matches("example.com", "/images/a.png"), Is.False);
        });
    }

    [Test]
    public void Matches_SchemePrefixedPattern_MatchesOnlyThatScheme()
    {
        var https = RoutePattern.Parse("https://*.example.com/");
        var any = RoutePattern.Parse("*.example.com/");

        Assert.Multiple(() =>
        {
            Assert.That(https.Matches("https", "www.example.com", "/"), Is.True);
            Assert.That(https.Matches("HTTPS", "www.example.com", "/"), Is.True);
            Assert.That(https.Matches("http", "www.example.com", "/"), Is.False);
            Assert.That(https.Matches("www.example.com", "/"), Is.True, "without a scheme the restriction is not checked");
            Assert.That(any.Matches("https", "www.example.com", "/"), Is.True);
            Assert.That(any.Matches("http", "www.example.com", "/"), Is.True);
        });
    }

    [Test]
    public void Matches_InternationalizedPattern_MatchesPunycodeHostHeader()
    {
        Assert.That(RoutePattern.Parse("*.bücher.example/*").Matches("shop.xn--bcher-kva.example", "/"), Is.True);
    }
}
