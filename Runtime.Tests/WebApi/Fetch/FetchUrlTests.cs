using Workers.Runtime.Execution;
using Workers.Runtime.WebApi.Fetch;
using Workers.Runtime.WebApi.Url;

namespace Workers.Runtime.Tests.WebApi.Fetch;

[TestFixture]
public sealed class FetchUrlTests
{
    private static string Serialize(string scheme, string host, string target)
    {
        var request = new WorkerRequest("GET", new Uri($"{scheme}://127.0.0.1:8787/")) { Target = target };
        request.Headers.Add(new("Host", host));
        return FetchUrl.Serialize(request);
    }

    // Each case is written exactly as the WHATWG parser writes it, whether or not the shortcut
    // that skips the parser for already-serialized URLs takes it.
    [TestCase("http", "example.com", "/", "http://example.com/")]
    [TestCase("http", "example.com:8080", "/a/b?x=1&y=a+b", "http://example.com:8080/a/b?x=1&y=a+b")]
    [TestCase("http", "example.com:80", "/", "http://example.com/")]
    [TestCase("https", "example.com:443", "/", "https://example.com/")]
    [TestCase("https", "example.com:80", "/", "https://example.com:80/")]
    [TestCase("http", "example.com:080", "/", "http://example.com/")]
    [TestCase("http", "Example.COM", "/", "http://example.com/")]
    [TestCase("http", "127.1", "/", "http://127.0.0.1/")]
    [TestCase("http", "0x7f.0.0.1", "/", "http://127.0.0.1/")]
    [TestCase("http", "127.000.0.1", "/", "http://127.0.0.1/")]
    [TestCase("http", "10.0.0.1", "/", "http://10.0.0.1/")]
    [TestCase("http", "xn--bcher-kva.example", "/", "http://xn--bcher-kva.example/")]
    [TestCase("http", "h", "/a/./b/../c", "http://h/a/c")]
    [TestCase("http", "h", "/.hidden", "http://h/.hidden")]
    [TestCase("http", "h", "/a?x=/../y", "http://h/a?x=/../y")]
    [TestCase("http", "h", "/%41%7e?q=%ZZ", "http://h/%41%7e?q=%ZZ")]
    [TestCase("http", "h", "/a'b?c'd", "http://h/a'b?c%27d")]
    [TestCase("http", "h", "/a^b`c{d}?e^f", "http://h/a%5Eb%60c%7Bd%7D?e^f")]
    [TestCase("http", "h", "/a\\b", "http://h/a/b")]
    [TestCase("http", "h", "/caf\u00e9", "http://h/caf%C3%A9")]
    public void Serialize_IncomingRequest_IsWhatTheParserWrites(string scheme, string host, string target, string expected)
    {
        Assert.That(Serialize(scheme, host, target), Is.EqualTo(expected));
        Assert.That(UrlParser.Parse($"{scheme}://{host}{target}")!.Serialize(), Is.EqualTo(expected));
    }

    [TestCase("exa mple.com")]
    [TestCase("evil.example/admin?")]
    [TestCase("user@evil.example")]
    [TestCase("xn--a.com")]
    public void Serialize_HostHeaderThatIsNotJustAValidHost_GivesWayToTheListenersAuthority(string host)
        => Assert.That(Serialize("http", host, "/p?q"), Is.EqualTo("http://127.0.0.1:8787/p?q"));
}
