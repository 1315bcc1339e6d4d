using System.Text;
using Workers.Runtime.WebApi.Url;

namespace Workers.Runtime.Tests.WebApi.Url;

[TestFixture]
public sealed class UrlParserTests
{
    private static UrlRecord Parse(string input, string? baseUrl = null)
    {
        var parsedBase = baseUrl is null ? null : UrlParser.Parse(baseUrl);
        var url = UrlParser.Parse(input, parsedBase);
        Assert.That(url, Is.Not.Null, input);
        return url!;
    }

    private static string Href(string input, string? baseUrl = null) => Parse(input, baseUrl).Serialize();

    // Special and non-special schemes.

    [TestCase("HTTPS://Example.COM/a", "https://example.com/a")]
    [TestCase("http://example.com", "http://example.com/")]
    [TestCase("http://example.com:80/x", "http://example.com/x")]
    [TestCase("https://example.com:443", "https://example.com/")]
    [TestCase("ws://example.com:80/", "ws://example.com/")]
    [TestCase("ftp://example.com:21/", "ftp://example.com/")]
    [TestCase("http://example.com:0080/", "http://example.com/")]
    [TestCase("http://example.com:8080", "http://example.com:8080/")]
    [TestCase("http:\\\\example.com\\x\\y", "http://example.com/x/y")]
    [TestCase("http:example.com/x", "http://example.com/x")]
    [TestCase("http:///example.com/", "http://example.com/")]
    [TestCase("  http://example.com/ \u0001", "http://example.com/")]
    [TestCase("ht\ttp://exa\nmple.com/a\rb", "http://example.com/ab")]
    [TestCase("http://user:pass@example.com/", "http://user:pass@example.com/")]
    [TestCase("http://:pass@example.com/", "http://:pass@example.com/")]
    [TestCase("http://user:@example.com/", "http://user@example.com/")]
    [TestCase("http://a@b@example.com/", "http://a%40b@example.com/")]
    public void Parse_SpecialUrl_SerializesAsExpected(string input, string expected)
        => Assert.That(Href(input), Is.EqualTo(expected));

    [TestCase("foo://Host.Example/p?q#f", "foo://Host.Example/p?q#f")]
    [TestCase("FOO+bar-1.x://h:80/", "foo+bar-1.x://h:80/")]
    [TestCase("foo:/a/b", "foo:/a/b")]
    [TestCase("foo://", "foo://")]
    [TestCase("foo:///p", "foo:///p")]
    [TestCase("foo:/h\\a/b", "foo:/h\\a/b")]
    [TestCase("foo:/.//p", "foo:/.//p")]
    [TestCase("foo:/..//p", "foo:/.//p")]
    [TestCase("foo://0x7f.1/", "foo://0x7f.1/")]
    [TestCase("foo://h\u00E9st/", "foo://h%C3%A9st/")]
    public void Parse_NonSpecialUrl_SerializesAsExpected(string input, string expected)
        => Assert.That(Href(input), Is.EqualTo(expected));

    [Test]
    public void Parse_SpecialUrl_ExposesEachComponent()
    {
        var url = Parse("https://us%20r:p%40ss@Sub.Example.com:8443/a/b.html?x=1&y#frag");
        Assert.Multiple(() =>
        {
            Assert.That(url.Scheme, Is.EqualTo("https"));
            Assert.That(url.Protocol, Is.EqualTo("https:"));
            Assert.That(url.Username, Is.EqualTo("us%20r"));
            Assert.That(url.Password, Is.EqualTo("p%40ss"));
            Assert.That(url.Host, Is.EqualTo("sub.example.com"));
            Assert.That(url.Hostname, Is.EqualTo("sub.example.com"));
            Assert.That(url.HostAndPort, Is.EqualTo("sub.example.com:8443"));
            Assert.That(url.Port, Is.EqualTo(8443));
            Assert.That(url.PortString, Is.EqualTo("8443"));
            Assert.That(url.Pathname, Is.EqualTo("/a/b.html"));
            Assert.That(url.Query, Is.EqualTo("x=1&y"));
            Assert.That(url.Search, Is.EqualTo("?x=1&y"));
            Assert.That(url.Fragment, Is.EqualTo("frag"));
            Assert.That(url.Hash, Is.EqualTo("#frag"));
            Assert.That(url.IsSpecial, Is.True);
            Assert.That(url.HasOpaquePath, Is.False);
            Assert.That(url.Serialize(excludeFragment: true), Is.EqualTo("https://us%20r:p%40ss@sub.example.com:8443/a/b.html?x=1&y"));
        });
    }

    [Test]
    public void Parse_NoHost_HostIsNullAndGettersAreEmpty()
    {
        var url = Parse("foo:/a");
        Assert.Multiple(() =>
        {
            Assert.That(url.Host, Is.Null);
            Assert.That(url.Hostname, Is.EqualTo(string.Empty));
            Assert.That(url.HostAndPort, Is.EqualTo(string.Empty));
            Assert.That(url.Port, Is.Null);
            Assert.That(url.PortString, Is.EqualTo(string.Empty));
            Assert.That(url.IsSpecial, Is.False);
        });
    }

    [Test]
    public void Parse_EmptyQueryAndFragment_AreKeptButGettersAreEmpty()
    {
        var url = Parse("http://example.com/?#");
        Assert.Multiple(() =>
        {
            Assert.That(url.Serialize(), Is.EqualTo("http://example.com/?#"));
            Assert.That(url.Query, Is.EqualTo(string.Empty));
            Assert.That(url.Fragment, Is.EqualTo(string.Empty));
            Assert.That(url.Search, Is.EqualTo(string.Empty));
            Assert.That(url.Hash, Is.EqualTo(string.Empty));
        });
    }

    // Relative resolution.

    [TestCase("../e", "http://example.com/b/e")]
    [TestCase("e", "http://example.com/b/c/e")]
    [TestCase("./", "http://example.com/b/c/")]
    [TestCase("/abs", "http://example.com/abs")]
    [TestCase("\\abs", "http://example.com/abs")]
    [TestCase("//other.org/p", "http://other.org/p")]
    [TestCase("\\\\other.org\\p", "http://other.org/p")]
    [TestCase("?x", "http://example.com/b/c/d?x")]
    [TestCase("#y", "http://example.com/b/c/d?q#y")]
    [TestCase("", "http://example.com/b/c/d?q")]
    [TestCase("http:e", "http://example.com/b/c/e")]
    [TestCase("https:e", "https://e/")]
    [TestCase("foo:e", "foo:e")]
    [TestCase("../../../../x", "http://example.com/x")]
    public void Parse_RelativeInput_ResolvesAgainstBase(string input, string expected)
        => Assert.That(Href(input, "http://example.com/b/c/d?q#f"), Is.EqualTo(expected));

    [TestCase("x", "foo://h/a/x")]
    [TestCase("/x", "foo://h/x")]
    [TestCase("//g/x", "foo://g/x")]
    [TestCase("\\x", "foo://h/a/\\x")]
    public void Parse_RelativeInput_ResolvesAgainstNonSpecialBase(string input, string expected)
        => Assert.That(Href(input, "foo://h/a/b"), Is.EqualTo(expected));

    [Test]
    public void Parse_RelativeInput_KeepsBaseCredentialsAndPort()
        => Assert.That(Href("x", "http://u:p@example.com:81/a/b"), Is.EqualTo("http://u:p@example.com:81/a/x"));

    // Dot segments.

    [TestCase("http://example.com/a/./b/../../c", "http://example.com/c")]
    [TestCase("http://example.com/a/%2e%2E/b", "http://example.com/b")]
    [TestCase("http://example.com/a/.%2e/b", "http://example.com/b")]
    [TestCase("http://example.com/a/%2e/b", "http://example.com/a/b")]
    [TestCase("http://example.com/a/..", "http://example.com/")]
    [TestCase("http://example.com/a/.", "http://example.com/a/")]
    [TestCase("http://example.com/..", "http://example.com/")]
    [TestCase("http://example.com/a/...", "http://example.com/a/...")]
    [TestCase("http://example.com/a/..?q", "http://example.com/?q")]
    [TestCase("http://example.com/a\\..\\b", "http://example.com/b")]
    [TestCase("foo://h/a/b/../c", "foo://h/a/c")]
    public void Parse_DotSegments_AreRemoved(string input, string expected)
        => Assert.That(Href(input), Is.EqualTo(expected));

    // Percent-encoding of each component.

    [TestCase("http://example.com/a b\"<>`{}^|", "http://example.com/a%20b%22%3C%3E%60%7B%7D%5E|")]
    [TestCase("http://example.com/\u00E9/\u20AC", "http://example.com/%C3%A9/%E2%82%AC")]
    [TestCase("http://example.com/%41%zz", "http://example.com/%41%zz")]
    [TestCase("http://example.com/\U0001F600", "http://example.com/%F0%9F%98%80")]
    [TestCase("http://example.com/?a b\"<>'`#f", "http://example.com/?a%20b%22%3C%3E%27`#f")]
    [TestCase("foo://h/?a b'", "foo://h/?a%20b'")]
    [TestCase("http://example.com/?\u00E9", "http://example.com/?%C3%A9")]
    [TestCase("http://example.com/#a b\"<>`'#", "http://example.com/#a%20b%22%3C%3E%60'#")]
    [TestCase("http://a b:c;d=e@example.com/", "http://a%20b:c%3Bd%3De@example.com/")]
    [TestCase("http://\u00E9:[]|;@example.com/", "http://%C3%A9:%5B%5D%7C%3B@example.com/")]
    public void Parse_Components_ArePercentEncodedWithTheirSets(string input, string expected)
        => Assert.That(Href(input), Is.EqualTo(expected));

    [TestCase("a b&c=d/\u00E9+", nameof(PercentEncodeSet.Component), false, "a%20b%26c%3Dd%2F%C3%A9%2B")]
    [TestCase("a b~!'()*-._", nameof(PercentEncodeSet.FormUrlencoded), true, "a+b%7E%21%27%28%29*-._")]
    [TestCase("a b", nameof(PercentEncodeSet.FormUrlencoded), false, "a%20b")]
    [TestCase("a b\"#<>?`{}", nameof(PercentEncodeSet.Path), false, "a%20b%22%23%3C%3E%3F%60%7B%7D")]
    [TestCase("a b\"#<>'", nameof(PercentEncodeSet.Query), false, "a%20b%22%23%3C%3E'")]
    [TestCase("a b\"#<>'", nameof(PercentEncodeSet.SpecialQuery), false, "a%20b%22%23%3C%3E%27")]
    [TestCase(" \"<>`#", nameof(PercentEncodeSet.Fragment), false, "%20%22%3C%3E%60#")]
    [TestCase("a/:;=@[\\]^|$", nameof(PercentEncodeSet.Userinfo), false, "a%2F%3A%3B%3D%40%5B%5C%5D%5E%7C$")]
    [TestCase("\u0000 a\u007F\u00FF", nameof(PercentEncodeSet.C0Control), false, "%00 a%7F%C3%BF")]
    [TestCase("plain", nameof(PercentEncodeSet.FormUrlencoded), true, "plain")]
    public void Encode_EachSet_EncodesExactlyItsCodePoints(string input, string set, bool spaceAsPlus, string expected)
        => Assert.That(PercentEncoding.Encode(input, Enum.Parse<PercentEncodeSet>(set), spaceAsPlus), Is.EqualTo(expected));

    [Test]
    public void Encode_LoneSurrogate_EncodesReplacementCharacter()
        => Assert.That(PercentEncoding.Encode("a\uDC00b\uD800", PercentEncodeSet.C0Control), Is.EqualTo("a%EF%BF%BDb%EF%BF%BD"));

    [Test]
    public void Parse_LoneSurrogate_IsEncodedAsReplacementCharacter()
        => Assert.That(Href("http://example.com/\uD800x?\uDFFF#\uD83D"), Is.EqualTo("http://example.com/%EF%BF%BDx?%EF%BF%BD#%EF%BF%BD"));

    [TestCase("%41%62c", "Abc")]
    [TestCase("%zz%4%", "%zz%4%")]
    [TestCase("%C3%A9+", "\u00E9+")]
    [TestCase("%2541", "%41")]
    public void Decode_PercentSequences_DecodesOnlyValidOnes(string input, string expected)
        => Assert.That(Encoding.UTF8.GetString(PercentEncoding.Decode(Encoding.UTF8.GetBytes(input))), Is.EqualTo(expected));

    // IPv4.

    [TestCase("http://0x7f.1/", "http://127.0.0.1/")]
    [TestCase("http://2130706433/", "http://127.0.0.1/")]
    [TestCase("http://127.1/", "http://127.0.0.1/")]
    [TestCase("http://127.0.1/", "http://127.0.0.1/")]
    [TestCase("http://0177.0.0.01/", "http://127.0.0.1/")]
    [TestCase("http://0x7F000001/", "http://127.0.0.1/")]
    [TestCase("http://0x/", "http://0.0.0.0/")]
    [TestCase("http://192.168.0.1./", "http://192.168.0.1/")]
    [TestCase("http://255.255.255.255/", "http://255.255.255.255/")]
    [TestCase("http://1.2.65535/", "http://1.2.255.255/")]
    [TestCase("http://%31%32%37.0.0.1/", "http://127.0.0.1/")]
    [TestCase("http://1.2.3.4x/", "http://1.2.3.4x/")]
    public void Parse_Ipv4Host_IsSerializedDotted(string input, string expected)
        => Assert.That(Href(input), Is.EqualTo(expected));

    [TestCase("http://256.0.0.1/")]
    [TestCase("http://4294967296/")]
    [TestCase("http://0x100000000/")]
    [TestCase("http://1.2.3.4.5/")]
    [TestCase("http://1.2.3.09/")]
    [TestCase("http://1.2.16777216/")]
    [TestCase("http://a.0x1g.1/")]
    [TestCase("http://example.0x/")]
    [TestCase("http://999999999999999999999999/")]
    public void Parse_InvalidIpv4Host_Fails(string input)
        => Assert.That(UrlParser.Parse(input), Is.Null);

    // IPv6.

    [TestCase("http://[0:0:0:0:0:0:0:1]/", "http://[::1]/")]
    [TestCase("http://[::]/", "http://[::]/")]
    [TestCase("http://[1:0:0:2:0:0:0:3]/", "http://[1:0:0:2::3]/")]
    [TestCase("http://[1:0:0:2:3:0:0:4]/", "http://[1::2:3:0:0:4]/")]
    [TestCase("http://[1:0:2:3:4:5:6:7]/", "http://[1:0:2:3:4:5:6:7]/")]
    [TestCase("http://[ABCD:EF01::0001]/", "http://[abcd:ef01::1]/")]
    [TestCase("http://[::ffff:192.168.0.1]/", "http://[::ffff:c0a8:1]/")]
    [TestCase("http://[1:2:3:4:5:6:1.2.3.4]/", "http://[1:2:3:4:5:6:102:304]/")]
    [TestCase("http://[::1]:8080/", "http://[::1]:8080/")]
    [TestCase("foo://[::1]/", "foo://[::1]/")]
    public void Parse_Ipv6Host_IsSerializedCompressed(string input, string expected)
        => Assert.That(Href(input), Is.EqualTo(expected));

    [TestCase("http://[::1")]
    [TestCase("http://[1::2::3]/")]
    [TestCase("http://[1:2:3:4:5:6:7:8:9]/")]
    [TestCase("http://[1:2:3:4:5:6:7]/")]
    [TestCase("http://[:1]/")]
    [TestCase("http://[1:]/")]
    [TestCase("http://[12345::]/")]
    [TestCase("http://[::1.2.3]/")]
    [TestCase("http://[::1.2.3.4.5]/")]
    [TestCase("http://[::01.2.3.4]/")]
    [TestCase("http://[::256.0.0.1]/")]
    [TestCase("http://[1:2:3:4:5:6:7:1.2.3.4]/")]
    [TestCase("http://[g::]/")]
    [TestCase("http://[]/")]
    public void Parse_InvalidIpv6Host_Fails(string input)
        => Assert.That(UrlParser.Parse(input), Is.Null);

    [Test]
    public void Parse_Ipv6HostWithPort_GettersKeepBrackets()
    {
        var url = Parse("http://[::1]:81/");
        Assert.Multiple(() =>
        {
            Assert.That(url.Host, Is.EqualTo("[::1]"));
            Assert.That(url.Hostname, Is.EqualTo("[::1]"));
            Assert.That(url.HostAndPort, Is.EqualTo("[::1]:81"));
        });
    }

    // Domains and IDNA.

    [TestCase("http://B\u00FCcher.DE/", "http://xn--bcher-kva.de/")]
    [TestCase("http://fa\u00DF.de/", "http://xn--fa-hia.de/")]
    [TestCase("http://\uFF25\uFF38\uFF21\uFF2D\uFF30\uFF2C\uFF25\u3002com/", "http://example.com/")]
    [TestCase("http://EXAMPLE.com./", "http://example.com./")]
    [TestCase("http://a..b/", "http://a..b/")]
    [TestCase("http://%65xample.com/", "http://example.com/")]
    [TestCase("http://XN--ZCA.com/", "http://xn--zca.com/")]
    [TestCase("http://-x.\u00DF/", "http://-x.xn--zca/")]
    [TestCase("http://x-.\u00DF/", "http://x-.xn--zca/")]
    [TestCase("http://x..\u00DF/", "http://x..xn--zca/")]
    [TestCase("http://a\u00ADb/", "http://ab/")]
    [TestCase("http://\u2260/", "http://xn--1ch/")]
    [TestCase("http://1.\u064A/", "http://1.xn--mhb/")]
    [TestCase("http://under_score.com/", "http://under_score.com/")]
    public void Parse_DomainHost_IsConvertedToAscii(string input, string expected)
        => Assert.That(Href(input), Is.EqualTo(expected));

    [TestCase("http://xn--a/")]
    [TestCase("http://xn--a.com/")]
    [TestCase("http://xn--te\u0161la/")]
    [TestCase("http://\u200D.example/")]
    [TestCase("http://\u064Aa/")]
    [TestCase("http://\uFFFD.com/")]
    [TestCase("http://ex%00ample.com/")]
    [TestCase("http://a%b/")]
    [TestCase("http://a<b/")]
    [TestCase("http://a b/")]
    [TestCase("http://a^b/")]
    [TestCase("http://\uFF05\uFF14\uFF11.com/")]
    [TestCase("http://%/")]
    [TestCase("http://\u00AD/")]
    public void Parse_InvalidDomainHost_Fails(string input)
        => Assert.That(UrlParser.Parse(input), Is.Null);

    // File URLs and Windows drive letters.

    [TestCase("file:///C:/x", "file:///C:/x")]
    [TestCase("file:///C|/x", "file:///C:/x")]
    [TestCase("file://C:/x", "file:///C:/x")]
    [TestCase("file:c:\\a\\b", "file:///c:/a/b")]
    [TestCase("file:/a", "file:///a")]
    [TestCase("file:a", "file:///a")]
    [TestCase("file://localhost/etc", "file:///etc")]
    [TestCase("file://LOCALHOST/etc", "file:///etc")]
    [TestCase("file://Host/share/x", "file://host/share/x")]
    [TestCase("file:///C:/../..", "file:///C:/")]
    [TestCase("file:///a/C:/..", "file:///a/")]
    [TestCase("file:///C%3A/x", "file:///C%3A/x")]
    [TestCase("file://", "file:///")]
    [TestCase("FILE:///x?q#f", "file:///x?q#f")]
    public void Parse_FileUrl_SerializesAsExpected(string input, string expected)
        => Assert.That(Href(input), Is.EqualTo(expected));

    [TestCase("/d", "file:///C:/a/b", "file:///C:/d")]
    [TestCase("..", "file:///C:/", "file:///C:/")]
    [TestCase("x", "file:///C:/a/b", "file:///C:/a/x")]
    [TestCase("D|/x", "file:///C:/a/b", "file:///D:/x")]
    [TestCase("/D:/x", "file:///C:/a/b", "file:///D:/x")]
    [TestCase("//h/x", "file:///C:/a", "file://h/x")]
    [TestCase("?q", "file://h/a/b?old", "file://h/a/b?q")]
    [TestCase("", "file://h/a/b?old#f", "file://h/a/b?old")]
    [TestCase("x", "file://h/a/b", "file://h/a/x")]
    public void Parse_RelativeFileUrl_KeepsDriveLetterAndHost(string input, string baseUrl, string expected)
        => Assert.That(Href(input, baseUrl), Is.EqualTo(expected));

    [Test]
    public void Parse_FileUrl_HasEmptyHostAndOpaqueOrigin()
    {
        var url = Parse("file:///tmp/x");
        Assert.Multiple(() =>
        {
            Assert.That(url.Host, Is.EqualTo(string.Empty));
            Assert.That(url.Origin, Is.EqualTo("null"));
            Assert.That(url.Pathname, Is.EqualTo("/tmp/x"));
        });
    }

    // Opaque paths.

    [TestCase("mailto:User@Example.com", "mailto:User@Example.com", "User@Example.com")]
    [TestCase("data:text/plain,a b", "data:text/plain,a b", "text/plain,a b")]
    [TestCase("data:a ?q", "data:a%20?q", "a%20")]
    [TestCase("data:a  #f", "data:a %20#f", "a %20")]
    [TestCase("javascript:alert(1)", "javascript:alert(1)", "alert(1)")]
    [TestCase("sc:\u00E9\u0001\"<>", "sc:%C3%A9%01\"<>", "%C3%A9%01\"<>")]
    [TestCase("urn:isbn:123?x#y", "urn:isbn:123?x#y", "isbn:123")]
    public void Parse_OpaquePath_IsKeptWithC0Encoding(string input, string expected, string pathname)
    {
        var url = Parse(input);
        Assert.Multiple(() =>
        {
            Assert.That(url.Serialize(), Is.EqualTo(expected));
            Assert.That(url.HasOpaquePath, Is.True);
            Assert.That(url.Host, Is.Null);
            Assert.That(url.Pathname, Is.EqualTo(pathname));
        });
    }

    [Test]
    public void Parse_FragmentOnlyAgainstOpaqueBase_KeepsBasePath()
        => Assert.That(Href("#frag", "mailto:a@b?x#old"), Is.EqualTo("mailto:a@b?x#frag"));

    [Test]
    public void Parse_RelativePathAgainstOpaqueBase_Fails()
        => Assert.That(UrlParser.Parse("x", UrlParser.Parse("mailto:a@b")), Is.Null);

    // Failures.

    [TestCase("")]
    [TestCase("/a")]
    [TestCase("example.com")]
    [TestCase("1http://example.com/")]
    [TestCase("http://")]
    [TestCase("http://user@/")]
    [TestCase("http://:80/")]
    [TestCase("http://[::1")]
    [TestCase("http://example.com:65536/")]
    [TestCase("http://example.com:99999999999/")]
    [TestCase("http://example.com:8a/")]
    [TestCase("http://example.com:-1/")]
    [TestCase("foo://a b/")]
    [TestCase("foo://a<b/")]
    [TestCase("foo://a|b/")]
    [TestCase("foo://h\\a/b")]
    [TestCase("file://a b/")]
    public void Parse_InvalidInput_ReturnsNull(string input)
        => Assert.That(UrlParser.Parse(input), Is.Null);

    [Test]
    public void Parse_HighestPort_IsAccepted()
        => Assert.That(Href("http://example.com:65535/"), Is.EqualTo("http://example.com:65535/"));

    // Origin.

    [TestCase("https://example.com:443/x", "https://example.com")]
    [TestCase("http://example.com:81/x", "http://example.com:81")]
    [TestCase("ws://[::1]/", "ws://[::1]")]
    [TestCase("ftp://u:p@example.com/", "ftp://example.com")]
    [TestCase("http://B\u00FCcher.de/", "http://xn--bcher-kva.de")]
    [TestCase("foo://example.com/", "null")]
    [TestCase("data:text/plain,x", "null")]
    [TestCase("file:///x", "null")]
    [TestCase("blob:https://example.com:8443/uuid", "https://example.com:8443")]
    [TestCase("blob:foo://example.com/uuid", "null")]
    [TestCase("blob:not a url", "null")]
    public void Origin_EachScheme_IsItsAsciiSerialization(string input, string expected)
        => Assert.That(Parse(input).Origin, Is.EqualTo(expected));

    // Protocol setter.

    [TestCase("http://example.com/", "https", "https://example.com/")]
    [TestCase("http://example.com/", "HTTPS:ignored", "https://example.com/")]
    [TestCase("http://example.com:443/", "https", "https://example.com/")]
    [TestCase("https://example.com:80/", "http", "http://example.com/")]
    [TestCase("http://example.com/", "foo", "http://example.com/")]
    [TestCase("foo://example.com/", "http", "foo://example.com/")]
    [TestCase("foo://example.com/", "bar", "bar://example.com/")]
    [TestCase("http://example.com/", "1http", "http://example.com/")]
    [TestCase("http://example.com/", "", "http://example.com/")]
    [TestCase("http://example.com/", "ht tp", "http://example.com/")]
    [TestCase("http://u@example.com/", "file", "http://u@example.com/")]
    [TestCase("http://example.com:81/", "file", "http://example.com:81/")]
    [TestCase("http://example.com/", "file", "file://example.com/")]
    [TestCase("file:///x", "http", "file:///x")]
    [TestCase("file://h/x", "https", "https://h/x")]
    [TestCase("mailto:a@b", "foo", "foo:a@b")]
    public void SetProtocol_Value_ChangesOnlyCompatibleSchemes(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetProtocol(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    // Username and password setters.

    [TestCase("http://example.com/", "us er@:", "http://us%20er%40%3A@example.com/")]
    [TestCase("http://u:p@example.com/", "", "http://:p@example.com/")]
    [TestCase("file:///x", "u", "file:///x")]
    [TestCase("mailto:a@b", "u", "mailto:a@b")]
    [TestCase("foo:///x", "u", "foo:///x")]
    public void SetUsername_Value_IsEncodedOrIgnored(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetUsername(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    [TestCase("http://example.com/", "p:w@/", "http://:p%3Aw%40%2F@example.com/")]
    [TestCase("http://u:p@example.com/", "", "http://u@example.com/")]
    [TestCase("file://h/x", "p", "file://h/x")]
    public void SetPassword_Value_IsEncodedOrIgnored(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetPassword(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    // Host and hostname setters.

    [TestCase("http://example.com:1/p", "other.org:2", "http://other.org:2/p")]
    [TestCase("http://example.com:1/p", "other.org", "http://other.org:1/p")]
    [TestCase("http://example.com:1/p", "other.org:80", "http://other.org/p")]
    [TestCase("http://example.com/p", "other.org/ignored?x#y", "http://other.org/p")]
    [TestCase("http://example.com/p", "", "http://example.com/p")]
    [TestCase("http://example.com/p", "a b", "http://example.com/p")]
    [TestCase("http://example.com/p", "other.org:99999", "http://other.org/p")]
    [TestCase("http://example.com/p", "other.org:12ab", "http://other.org:12/p")]
    [TestCase("http://example.com/p", "[::1]:3", "http://[::1]:3/p")]
    [TestCase("http://example.com/p", "B\u00DCCHER.de", "http://xn--bcher-kva.de/p")]
    [TestCase("foo://h/p", "", "foo:///p")]
    [TestCase("foo://u@h/p", "", "foo://u@h/p")]
    [TestCase("foo://h:1/p", "", "foo://h:1/p")]
    [TestCase("mailto:a@b", "example.com", "mailto:a@b")]
    [TestCase("file://h/p", "localhost", "file:///p")]
    [TestCase("file://h/p", "other:1", "file://h/p")]
    [TestCase("file://h/p", "", "file:///p")]
    public void SetHost_Value_ChangesHostAndPort(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetHost(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    [TestCase("http://example.com:1/p", "other.org", "http://other.org:1/p")]
    [TestCase("http://example.com:1/p", "other.org:2", "http://example.com:1/p")]
    [TestCase("http://example.com/p", "0x7f.1", "http://127.0.0.1/p")]
    [TestCase("http://example.com/p", "[::1]", "http://[::1]/p")]
    [TestCase("http://example.com/p", "", "http://example.com/p")]
    [TestCase("mailto:a@b", "example.com", "mailto:a@b")]
    [TestCase("data:,x", "example.com", "data:,x")]
    [TestCase("foo:/p", "h", "foo://h/p")]
    public void SetHostname_Value_ChangesHostOnly(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetHostname(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    // Port setter.

    [TestCase("http://example.com/", "8080", "http://example.com:8080/")]
    [TestCase("http://example.com:8080/", "", "http://example.com/")]
    [TestCase("http://example.com:8080/", "80", "http://example.com/")]
    [TestCase("http://example.com/", "12ab", "http://example.com:12/")]
    [TestCase("http://example.com:1/", "ab", "http://example.com:1/")]
    [TestCase("http://example.com:1/", "65536", "http://example.com:1/")]
    [TestCase("http://example.com/", "0008", "http://example.com:8/")]
    [TestCase("http://example.com/", "8/x", "http://example.com:8/")]
    [TestCase("file:///x", "8080", "file:///x")]
    [TestCase("foo:/x", "8080", "foo:/x")]
    [TestCase("foo://h/", "443", "foo://h:443/")]
    public void SetPort_Value_SetsClearsOrIgnores(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetPort(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    [Test]
    public void SetPort_EmptyString_ClearsPortGetters()
    {
        var url = Parse("http://example.com:8080/");
        url.SetPort(string.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(url.Port, Is.Null);
            Assert.That(url.PortString, Is.EqualTo(string.Empty));
            Assert.That(url.HostAndPort, Is.EqualTo("example.com"));
        });
    }

    // Pathname setter.

    [TestCase("http://example.com/old?q#f", "a b/../c", "http://example.com/c?q#f")]
    [TestCase("http://example.com/old", "x?y#z", "http://example.com/x%3Fy%23z")]
    [TestCase("http://example.com/old", "", "http://example.com/")]
    [TestCase("http://example.com/old", "\\a\\b", "http://example.com/a/b")]
    [TestCase("foo://h/old", "p", "foo://h/p")]
    [TestCase("foo://h/old", "", "foo://h")]
    [TestCase("foo:/old", "//p", "foo:/.//p")]
    [TestCase("foo:/old", "", "foo:/")]
    [TestCase("file:///old", "C|/x", "file:///C:/x")]
    [TestCase("mailto:a@b", "/x", "mailto:a@b")]
    public void SetPathname_Value_ReplacesPath(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetPathname(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    // Search and hash setters.

    [TestCase("http://example.com/p?old#f", "?a b", "http://example.com/p?a%20b#f")]
    [TestCase("http://example.com/p", "a=1", "http://example.com/p?a=1")]
    [TestCase("http://example.com/p", "??x", "http://example.com/p??x")]
    [TestCase("http://example.com/p", "#x", "http://example.com/p?%23x")]
    [TestCase("http://example.com/p", "'", "http://example.com/p?%27")]
    [TestCase("foo://h/p", "'", "foo://h/p?'")]
    [TestCase("http://example.com/p?old#f", "", "http://example.com/p#f")]
    [TestCase("http://example.com/p", "?", "http://example.com/p?")]
    [TestCase("data:a ?q#f", "", "data:a%20#f")]
    [TestCase("mailto:a@b", "x", "mailto:a@b?x")]
    public void SetSearch_Value_ReplacesQuery(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetSearch(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    [Test]
    public void SetSearch_QuestionMarkOnly_LeavesEmptyQueryAndEmptyGetter()
    {
        var url = Parse("http://example.com/p?old");
        url.SetSearch("?");
        Assert.Multiple(() =>
        {
            Assert.That(url.Query, Is.EqualTo(string.Empty));
            Assert.That(url.Search, Is.EqualTo(string.Empty));
        });
    }

    [TestCase("http://example.com/p#old", "#a b", "http://example.com/p#a%20b")]
    [TestCase("http://example.com/p?q", "x`", "http://example.com/p?q#x%60")]
    [TestCase("http://example.com/p", "##x", "http://example.com/p##x")]
    [TestCase("http://example.com/p#old", "", "http://example.com/p")]
    [TestCase("http://example.com/p", "#", "http://example.com/p#")]
    [TestCase("mailto:a@b", "x", "mailto:a@b#x")]
    [TestCase("data:a #f", "", "data:a%20")]
    public void SetHash_Value_ReplacesFragment(string href, string value, string expected)
    {
        var url = Parse(href);
        url.SetHash(value);
        Assert.That(url.Serialize(), Is.EqualTo(expected));
    }

    [Test]
    public void SetQuery_RawValue_IsStoredWithoutEncoding()
    {
        var url = Parse("http://example.com/p?old#f");
        url.SetQuery("a=b%20c&d='");
        Assert.That(url.Serialize(), Is.EqualTo("http://example.com/p?a=b%20c&d='#f"));
        url.SetQuery(null);
        Assert.That(url.Serialize(), Is.EqualTo("http://example.com/p#f"));
    }

    // Clone.

    [Test]
    public void Clone_Mutated_LeavesOriginalUnchanged()
    {
        var original = Parse("http://u:p@example.com:81/a/b?q#f");
        var copy = original.Clone();
        Assert.That(copy.Serialize(), Is.EqualTo("http://u:p@example.com:81/a/b?q#f"));

        copy.SetPathname("/x/y/z");
        copy.SetHost("other.org:82");
        copy.SetUsername("v");
        copy.SetSearch("r");
        copy.SetHash("g");
        copy.SetProtocol("https");

        Assert.Multiple(() =>
        {
            Assert.That(copy.Serialize(), Is.EqualTo("https://v:p@other.org:82/x/y/z?r#g"));
            Assert.That(original.Serialize(), Is.EqualTo("http://u:p@example.com:81/a/b?q#f"));
        });
    }

    [Test]
    public void Clone_OfUrlUsedAsBase_DoesNotShareThePath()
    {
        var baseUrl = Parse("http://example.com/a/b");
        var resolved = UrlParser.Parse("c", baseUrl)!;
        resolved.SetPathname("/z");
        Assert.That(baseUrl.Serialize(), Is.EqualTo("http://example.com/a/b"));
    }
}
