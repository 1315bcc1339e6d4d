using System.Text;
using Workers.Runtime.Hosting.Http;

namespace Workers.Runtime.Tests.Hosting.Http;

[TestFixture]
public sealed class RequestHeadParserTests
{
    private static readonly HttpServerOptions Limits = new();

    private static (HeadParseResult Result, RequestHead? Head, int Consumed, int Status) Parse(string text, HttpServerOptions? limits = null)
    {
        var scanned = 0;
        var result = RequestHeadParser.TryParse(Encoding.Latin1.GetBytes(text), ref scanned, limits ?? Limits, out var head, out var consumed, out var status);
        return (result, head, consumed, status);
    }

    private static int StatusOf(string text)
    {
        var (result, _, _, status) = Parse(text);
        Assert.That(result, Is.EqualTo(HeadParseResult.Invalid), text);
        return status;
    }

    [Test]
    public void TryParse_SimpleGet_ReadsLineHeadersAndLength()
    {
        const string Text = "GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\nNEXT";

        var (result, head, consumed, _) = Parse(Text);

        Assert.That(result, Is.EqualTo(HeadParseResult.Complete));
        Assert.That(consumed, Is.EqualTo(Text.Length - 4));
        Assert.That(head!.Method, Is.EqualTo("GET"));
        Assert.That(head.Target, Is.EqualTo("/a?b=1"));
        Assert.That(head.Form, Is.EqualTo(RequestTargetForm.Origin));
        Assert.That(head.MinorVersion, Is.EqualTo(1));
        Assert.That(head.Host, Is.EqualTo("example.com"));
        Assert.That(head.Headers, Is.EqualTo(new KeyValuePair<string, string>[] { new("Host", "example.com"), new("Accept", "*/*") }));
        Assert.That(head.KeepAlive, Is.True);
        Assert.That(head.HasBody, Is.False);
    }

    [Test]
    public void TryParse_HeadArrivingByteByByte_IsIncompleteUntilTheEmptyLine()
    {
        var bytes = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray();
        var scanned = 0;
        for (var length = 1; length < bytes.Length; length++)
        {
            Assert.That(RequestHeadParser.TryParse(bytes.AsSpan(0, length), ref scanned, Limits, out _, out _, out _), Is.EqualTo(HeadParseResult.Incomplete), $"{length} bytes");
            Assert.That(scanned, Is.EqualTo(length));
        }

        Assert.That(RequestHeadParser.TryParse(bytes, ref scanned, Limits, out var head, out var consumed, out _), Is.EqualTo(HeadParseResult.Complete));
        Assert.That(consumed, Is.EqualTo(bytes.Length));
        Assert.That(head!.Host, Is.EqualTo("a"));
    }

    [Test]
    public void TryParse_RepeatedFieldsAndCommas_KeepsOneEntryPerLineInOrder()
    {
        var (_, head, _, _) = Parse("GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\nX-Forwarded-For: 192.0.2.1, 192.0.2.2\r\nCookie: b=2\r\nX-Date: Tue, 01 Jan 2030\r\n\r\n");

        Assert.That(head!.Headers, Is.EqualTo(new KeyValuePair<string, string>[]
        {
            new("Host", "a"), new("Cookie", "a=1"), new("X-Forwarded-For", "192.0.2.1, 192.0.2.2"), new("Cookie", "b=2"), new("X-Date", "Tue, 01 Jan 2030"),
        }));
    }

    [Test]
    public void TryParse_ValueWithOwsAndHighBytes_TrimsOwsAndKeepsEachByteAsOneChar()
    {
        var (_, head, _, _) = Parse("GET / HTTP/1.1\r\nHost: a\r\nX-A: \t caf\u00e9 \u00ff\t \r\nX-Empty:\r\n\r\n");

        Assert.That(head!.Headers[1], Is.EqualTo(new KeyValuePair<string, string>("X-A", "caf\u00e9 \u00ff")));
        Assert.That(head.Headers[2], Is.EqualTo(new KeyValuePair<string, string>("X-Empty", "")));
    }

    [TestCase("GET / HTTP/1.1\nHost: a\r\n\r\n", TestName = "TryParse_BareLfEndingTheRequestLine_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\n\r\n", TestName = "TryParse_BareLfEndingAField_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", TestName = "TryParse_BareCrInAValue_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", TestName = "TryParse_ObsFold_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", TestName = "TryParse_WhitespaceBeforeColon_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nno colon\r\n\r\n", TestName = "TryParse_LineWithoutColon_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\n: empty name\r\n\r\n", TestName = "TryParse_EmptyFieldName_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n", TestName = "TryParse_FieldNameNotAToken_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\0c\r\n\r\n", TestName = "TryParse_NulInAValue_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u007fc\r\n\r\n", TestName = "TryParse_DelInAValue_Is400")]
    [TestCase("GET / HTTP/1.1\r\n\r\n", TestName = "TryParse_Http11WithoutHost_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", TestName = "TryParse_TwoHostLines_Is400")]
    [TestCase("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", TestName = "TryParse_TwoHostLinesOnHttp10_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", TestName = "TryParse_HostWithAPath_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", TestName = "TryParse_HostWithUserinfo_Is400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a:port\r\n\r\n", TestName = "TryParse_HostWithNonNumericPort_Is400")]
    [TestCase("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_SpaceInTarget_Is400")]
    [TestCase("GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_HighByteInTarget_Is400")]
    [TestCase("GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_FragmentInTarget_Is400")]
    [TestCase("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_DoubleSpaceInRequestLine_Is400")]
    [TestCase("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", TestName = "TryParse_SpaceAfterVersion_Is400")]
    [TestCase("GET / http/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_LowercaseVersion_Is400")]
    [TestCase("G@T / HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_MethodNotAToken_Is400")]
    [TestCase("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_RelativeTarget_Is400")]
    [TestCase("GET * HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_AsteriskFormForGet_Is400")]
    [TestCase("GET ftp://a/b HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_AbsoluteFormWithAnotherScheme_Is400")]
    [TestCase("GET http://user@a/b HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_AbsoluteFormWithUserinfo_Is400")]
    [TestCase("GET http:///b HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "TryParse_AbsoluteFormWithoutAuthority_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", TestName = "TryParse_ConflictingContentLengths_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\n", TestName = "TryParse_ConflictingContentLengthList_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", TestName = "TryParse_NegativeContentLength_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", TestName = "TryParse_SignedContentLength_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", TestName = "TryParse_HexContentLength_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", TestName = "TryParse_EmptyContentLength_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", TestName = "TryParse_OverflowingContentLength_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", TestName = "TryParse_ContentLengthAndTransferEncoding_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", TestName = "TryParse_ChunkedTwice_Is400")]
    [TestCase("POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", TestName = "TryParse_TransferEncodingOnHttp10_Is400")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n", TestName = "TryParse_EmptyTransferEncoding_Is400")]
    public void TryParse_Malformed_Is400(string text) => Assert.That(StatusOf(text), Is.EqualTo(400));

    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n")]
    public void TryParse_TransferCodingOtherThanChunked_Is501(string text) => Assert.That(StatusOf(text), Is.EqualTo(501));

    [Test]
    public void TryParse_Connect_Is501() => Assert.That(StatusOf("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"), Is.EqualTo(501));

    [Test]
    public void TryParse_OtherHttpVersion_Is505() => Assert.That(StatusOf("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), Is.EqualTo(505));

    [Test]
    public void TryParse_UnknownExpectation_Is417() => Assert.That(StatusOf("GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n"), Is.EqualTo(417));

    [Test]
    public void TryParse_RequestLineAtTheLimit_IsAcceptedAndOneByteMoreIs414()
    {
        // The limit counts the whole line with its CRLF.
        var fixedPart = "GET / HTTP/1.1\r\n".Length;
        var atLimit = "GET /" + new string('a', Limits.MaxRequestLineBytes - fixedPart) + " HTTP/1.1\r\nHost: a\r\n\r\n";
        var overLimit = "GET /" + new string('a', Limits.MaxRequestLineBytes - fixedPart + 1) + " HTTP/1.1\r\nHost: a\r\n\r\n";

        Assert.That(Parse(atLimit).Result, Is.EqualTo(HeadParseResult.Complete));
        Assert.That(StatusOf(overLimit), Is.EqualTo(414));
    }

    [Test]
    public void TryParse_LongRequestLineWithoutItsEnd_Is414BeforeTheHeadEnds()
    {
        var (result, _, _, status) = Parse("GET /" + new string('a', Limits.MaxRequestLineBytes));

        Assert.That(result, Is.EqualTo(HeadParseResult.Invalid));
        Assert.That(status, Is.EqualTo(414));
    }

    [Test]
    public void TryParse_HeaderBytesAtTheLimit_AreAcceptedAndOneByteMoreIs431()
    {
        // The limit counts every field line with its CRLF, and the empty line.
        var limits = new HttpServerOptions { MaxRequestHeadersTotalBytes = 1000 };
        string Head(int total) => "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + new string('p', total - "Host: a\r\n".Length - "X-Pad: \r\n".Length - 2) + "\r\n\r\n";

        Assert.That(Parse(Head(1000), limits).Result, Is.EqualTo(HeadParseResult.Complete));
        Assert.That(Parse(Head(1001), limits).Status, Is.EqualTo(431));
    }

    [Test]
    public void TryParse_HeadersOverTheLimitWithoutAnEnd_Is431()
    {
        var limits = new HttpServerOptions { MaxRequestHeadersTotalBytes = 1000 };
        var (result, _, _, status) = Parse("GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + new string('p', 2000), limits);

        Assert.That(result, Is.EqualTo(HeadParseResult.Invalid));
        Assert.That(status, Is.EqualTo(431));
    }

    [Test]
    public void TryParse_HundredFields_AreAcceptedAndOneMoreIs431()
    {
        static string Head(int count) => "GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(1, count - 1).Select(i => $"X-{i}: v\r\n")) + "\r\n";

        Assert.That(Parse(Head(100)).Head!.Headers, Has.Count.EqualTo(100));
        Assert.That(StatusOf(Head(101)), Is.EqualTo(431));
    }

    [Test]
    public void TryParse_LeadingEmptyLines_AreSkipped()
    {
        var (result, head, consumed, _) = Parse("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.That(result, Is.EqualTo(HeadParseResult.Complete));
        Assert.That(head!.Method, Is.EqualTo("GET"));
        Assert.That(consumed, Is.EqualTo(31));
    }

    [Test]
    public void TryParse_AbsoluteForm_ItsAuthorityReplacesTheHostHeader()
    {
        var (_, head, _, _) = Parse("GET http://Other.Example:8080/x?y HTTP/1.1\r\nHost: a.example\r\nAccept: */*\r\n\r\n");

        Assert.That(head!.Form, Is.EqualTo(RequestTargetForm.Absolute));
        Assert.That(head.Target, Is.EqualTo("http://Other.Example:8080/x?y"));
        Assert.That(head.Host, Is.EqualTo("Other.Example:8080"));
        Assert.That(head.Headers, Is.EqualTo(new KeyValuePair<string, string>[] { new("Host", "Other.Example:8080"), new("Accept", "*/*") }));
    }

    [Test]
    public void TryParse_AbsoluteFormOnHttp10WithoutHost_AddsTheHostEntry()
    {
        var (_, head, _, _) = Parse("GET https://b.example HTTP/1.0\r\n\r\n");

        Assert.That(head!.Host, Is.EqualTo("b.example"));
        Assert.That(head.Headers, Is.EqualTo(new KeyValuePair<string, string>[] { new("Host", "b.example") }));
    }

    [Test]
    public void TryParse_AsteriskFormForOptions_IsAccepted()
        => Assert.That(Parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").Head!.Form, Is.EqualTo(RequestTargetForm.Asterisk));

    [Test]
    public void TryParse_Http10WithoutHost_IsAcceptedWithAnEmptyHost()
    {
        var (_, head, _, _) = Parse("GET / HTTP/1.0\r\n\r\n");

        Assert.That(head!.Host, Is.Empty);
        Assert.That(head.KeepAlive, Is.False);
    }

    [TestCase("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true)]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n", false)]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, close\r\n\r\n", false)]
    [TestCase("GET / HTTP/1.0\r\n\r\n", false)]
    [TestCase("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true)]
    [TestCase("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", false)]
    public void TryParse_Connection_DecidesKeepAlive(string text, bool keepAlive)
        => Assert.That(Parse(text).Head!.KeepAlive, Is.EqualTo(keepAlive));

    [Test]
    public void TryParse_RepeatedEqualContentLengths_AreOneLength()
    {
        var (_, head, _, _) = Parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5, 5\r\n\r\n");

        Assert.That(head!.ContentLength, Is.EqualTo(5));
        Assert.That(head.HasBody, Is.True);
    }

    [Test]
    public void TryParse_ChunkedAnyCase_IsChunked()
    {
        var (_, head, _, _) = Parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n");

        Assert.That(head!.Chunked, Is.True);
        Assert.That(head.ContentLength, Is.EqualTo(-1));
    }

    [Test]
    public void TryParse_ExpectContinue_IsHonouredOnHttp11AndIgnoredOnHttp10()
    {
        Assert.That(Parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n").Head!.ExpectContinue, Is.True);
        Assert.That(Parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").Head!.ExpectContinue, Is.False);
    }
}
