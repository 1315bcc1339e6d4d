using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Hosting.Http;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>
/// The HTTP front end over raw sockets: each test sends hand-written bytes and checks the bytes
/// that come back (issue 9: HTTP/1.1 semantics, limits, pipelining, disconnects, shutdown).
/// </summary>
[TestFixture]
public sealed class HttpFrontEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static KeyValuePair<string, string> H(string name, string value) => new(name, value);

    private static WorkerResponse Text(string text, int status = 200, params KeyValuePair<string, string>[] headers)
        => new(status, "", headers, Encoding.UTF8.GetBytes(text));

    private static Task<HttpServer> StartAsync(Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> handler, HttpServerOptions? options = null)
        => HttpServer.StartAsync("127.0.0.1", 0, handler, NullLogger.Instance, options ?? new HttpServerOptions());

    private static Task<HttpServer> StartEchoAsync(HttpServerOptions? options = null)
        => StartAsync(async (request, _) =>
        {
            var body = request.Body is null ? "" : await new StreamReader(request.Body, Encoding.Latin1).ReadToEndAsync(CancellationToken.None);
            return Text($"{request.Method} {request.Target} {body}");
        }, options);

    /// <summary>Waits (bounded) for a condition only the server's state shows.</summary>
    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(until), what);
            await Task.Delay(20);
        }
    }

    [Test]
    public async Task Serve_ObsFold_GetsOurOwn400PageAndTheConnectionCloses()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.That(response.Status, Is.EqualTo(400));
        Assert.That(response.Reason, Is.EqualTo("Bad Request"));
        Assert.That(response.Header("connection"), Is.EqualTo("close"));
        Assert.That(response.Header("server"), Is.EqualTo("workers"));
        Assert.That(response.Header("content-type"), Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(response.BodyText, Is.EqualTo("400 Bad Request\n"));
        Assert.That(Encoding.Latin1.GetString(response.RawHead), Does.Not.Contain("Microsoft").And.Not.Contain("System."));
        Assert.That(await client.ClosesWithoutDataAsync(), Is.True);
    }

    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501)]
    [TestCase("CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n", 501)]
    [TestCase("GET / HTTP/1.1\r\n\r\n", 400)]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)]
    [TestCase("GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505)]
    public async Task Serve_RefusedHead_GetsItsStatusWithoutReachingTheHandler(string head, int status)
    {
        var calls = 0;
        await using var server = await StartAsync((_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(Text("ran"));
        });
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync(head);
        var response = await client.ReadResponseAsync();

        Assert.That(response.Status, Is.EqualTo(status));
        Assert.That(response.Header("connection"), Is.EqualTo("close"));
        Assert.That(calls, Is.Zero);
    }

    [Test]
    public async Task Serve_ChunkedBodyWithExtensionsAndTrailers_ReachesTheHandlerAndTheConnectionStaysUsable()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\nA \r\n, chunked!\r\n0\r\nX-Trailer: dropped\r\n\r\n");
        var first = await client.ReadResponseAsync();
        await client.SendAsync("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
        var second = await client.ReadResponseAsync();

        Assert.That(first.BodyText, Is.EqualTo("POST /c hello, chunked!"));
        Assert.That(first.Header("connection"), Is.Null);
        Assert.That(second.BodyText, Is.EqualTo("GET /after "));
    }

    [Test]
    public async Task Serve_MalformedChunk_FailsTheScriptsReadAndClosesAfterTheResponse()
    {
        await using var server = await StartAsync(async (request, _) =>
        {
            try
            {
                await new StreamReader(request.Body!).ReadToEndAsync(CancellationToken.None);
                return Text("read");
            }
            catch (IOException)
            {
                return Text("read failed");
            }
        });
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.That(response.BodyText, Is.EqualTo("read failed"));
        Assert.That(response.Header("connection"), Is.EqualTo("close"));
    }

    [Test]
    public async Task Serve_ExpectContinue_100ContinueIsSentWhenTheBodyIsFirstRead()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("PUT /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        var interim = await client.ReadResponseAsync();
        await client.SendAsync("data");
        var final = await client.ReadResponseAsync();

        Assert.That(Encoding.Latin1.GetString(interim.RawHead), Is.EqualTo("HTTP/1.1 100 Continue\r\n\r\n"));
        Assert.That(final.Status, Is.EqualTo(200));
        Assert.That(final.BodyText, Is.EqualTo("PUT /up data"));
    }

    [Test]
    public async Task Serve_ExpectContinueBodyNeverRead_AnswersWithout100AndCloses()
    {
        await using var server = await StartAsync((_, _) => Task.FromResult(Text("no thanks", 403)));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.That(response.Status, Is.EqualTo(403));
        Assert.That(response.Header("connection"), Is.EqualTo("close"));
    }

    [Test]
    public async Task Serve_Http10WithoutHost_IsServedWithTheListeningAddressAndClosed()
    {
        await using var server = await StartAsync((request, _) => Task.FromResult(Text(request.Url.AbsoluteUri)));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET /old HTTP/1.0\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.That(response.BodyText, Is.EqualTo($"{server.Url}old"));
        Assert.That(response.Header("connection"), Is.EqualTo("close"));
        Assert.That(await client.ClosesWithoutDataAsync(), Is.True);
    }

    [Test]
    public async Task Serve_Http10KeepAlive_StaysOpenAndSaysSo()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var first = await client.ReadResponseAsync();
        await client.SendAsync("GET /2 HTTP/1.0\r\n\r\n");
        var second = await client.ReadResponseAsync();

        Assert.That(first.Header("connection"), Is.EqualTo("keep-alive"));
        Assert.That(second.BodyText, Is.EqualTo("GET /2 "));
        Assert.That(second.Header("connection"), Is.EqualTo("close"));
    }

    [Test]
    public async Task Serve_ConnectionClose_IsHonouredAndSentBack()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.That(response.Header("connection"), Is.EqualTo("close"));
        Assert.That(await client.ClosesWithoutDataAsync(), Is.True);
    }

    [Test]
    public async Task Serve_OptionsAsterisk_ReachesTheHandler()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.That((await client.ReadResponseAsync()).BodyText, Is.EqualTo("OPTIONS * "));
    }

    [Test]
    public async Task Serve_RepeatedHeaderLines_ReachTheHandlerOnePerLineInOrder()
    {
        IList<KeyValuePair<string, string>>? seen = null;
        await using var server = await StartAsync((request, _) =>
        {
            seen = request.Headers;
            return Task.FromResult(Text("ok"));
        });
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\nAuthorization: one\r\nX-Forwarded-For: 192.0.2.1\r\nCookie: b=2, c=3\r\nX-Forwarded-For: 192.0.2.2\r\nAccept: text/html,text/plain\r\nX-Date: Tue, 01 Jan 2030 00:00:00 GMT\r\n\r\n");
        await client.ReadResponseAsync();

        Assert.That(seen, Is.EqualTo(new KeyValuePair<string, string>[]
        {
            new("Host", "a"), new("Cookie", "a=1"), new("Authorization", "one"), new("X-Forwarded-For", "192.0.2.1"), new("Cookie", "b=2, c=3"),
            new("X-Forwarded-For", "192.0.2.2"), new("Accept", "text/html,text/plain"), new("X-Date", "Tue, 01 Jan 2030 00:00:00 GMT"),
        }));
    }

    [Test]
    public async Task Serve_RepeatedHeaderLines_TheScriptSeesThemCombinedAsFetchSays()
    {
        await using var server = await TestServer.StartAsync("""
            export default { fetch(request) {
              return new Response([request.headers.get('x-forwarded-for'), request.headers.get('x-date'), request.headers.get('accept')].join('|'));
            } };
            """);
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 192.0.2.1\r\nX-Date: Tue, 01 Jan 2030\r\nX-Forwarded-For: 192.0.2.2\r\nAccept: a,b\r\n\r\n");

        Assert.That((await client.ReadResponseAsync()).BodyText, Is.EqualTo("192.0.2.1, 192.0.2.2|Tue, 01 Jan 2030|a,b"));
    }

    [Test]
    public async Task Serve_AbsoluteFormTarget_RequestUrlAndChosenWorkerAgree()
    {
        WorkerHostOptions Echo(string name, string route) => new()
        {
            Name = name,
            Script = WorkerScript.Parse($"export default {{ fetch(request) {{ return new Response('{name} ' + request.url + ' ' + request.headers.get('host')); }} }};", name + ".js"),
            Routes = [route],
        };
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions { Workers = [Echo("a", "a.example/*"), Echo("b", "b.example/*")] });
        using var client = await RawHttpClient.ConnectAsync(server.Server.Url);

        await client.SendAsync("GET http://b.example/x?y=1 HTTP/1.1\r\nHost: a.example\r\n\r\n");
        var absolute = await client.ReadResponseAsync();
        await client.SendAsync("GET /x HTTP/1.1\r\nHost: a.example\r\n\r\n");
        var origin = await client.ReadResponseAsync();

        Assert.That(absolute.BodyText, Is.EqualTo("b http://b.example/x?y=1 b.example"));
        Assert.That(origin.BodyText, Is.EqualTo("a http://a.example/x a.example"));
    }

    [Test]
    public async Task Serve_HundredKibTarget_Gets414()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync($"GET /{new string('a', 100 * 1024)} HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.That(response.Status, Is.EqualTo(414));
        Assert.That(response.Header("connection"), Is.EqualTo("close"));
    }

    [Test]
    public async Task Serve_HeadersOverTheTotalLimit_Get431()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync($"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {new string('b', 16 * 1024)}\r\nX-Big2: {new string('b', 16 * 1024)}\r\n\r\n");

        Assert.That((await client.ReadResponseAsync()).Status, Is.EqualTo(431));
    }

    [Test]
    public async Task Serve_MoreThanHundredHeaderFields_Get431()
    {
        await using var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"X-{i}: v\r\n")) + "\r\n");

        Assert.That((await client.ReadResponseAsync()).Status, Is.EqualTo(431));
    }

    [Test]
    public async Task Serve_HeadNotFinishedInTime_Gets408AndTheConnectionCloses()
    {
        await using var server = await StartEchoAsync(new HttpServerOptions { RequestHeadersTimeout = TimeSpan.FromSeconds(1) });
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n");
        var response = await client.ReadResponseAsync();

        Assert.That(response.Status, Is.EqualTo(408));
        Assert.That(response.Header("connection"), Is.EqualTo("close"));
        Assert.That(await client.ClosesWithoutDataAsync(), Is.True);
        await EventuallyAsync(() => server.OpenConnections == 0, "the timed-out connection is released");
    }

    [Test]
    public async Task Serve_IdleKeepAliveConnection_IsClosedQuietlyAfterTheTimeout()
    {
        await using var server = await StartEchoAsync(new HttpServerOptions { KeepAliveTimeout = TimeSpan.FromSeconds(1) });
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await client.ReadResponseAsync();

        Assert.That(await client.ClosesWithoutDataAsync(), Is.True);
        await EventuallyAsync(() => server.OpenConnections == 0, "the idle connection is released");
    }

    [Test]
    public async Task Serve_BodyArrivingTooSlowly_FailsTheReadAndGets408()
    {
        var readFailed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (request, _) =>
        {
            try
            {
                await new StreamReader(request.Body!).ReadToEndAsync(CancellationToken.None);
                readFailed.TrySetResult(false);
            }
            catch (IOException)
            {
                readFailed.TrySetResult(true);
            }

            return Text("script answer");
        }, new HttpServerOptions { MinDataRateGracePeriod = TimeSpan.FromSeconds(1) });
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nonly a few bytes");
        var response = await client.ReadResponseAsync();

        Assert.That(await readFailed.Task.WaitAsync(Bound), Is.True, "the script's read fails");
        Assert.That(response.Status, Is.EqualTo(408));
        Assert.That(response.Header("connection"), Is.EqualTo("close"));
    }

    [Test]
    public async Task Serve_ConnectionCapReached_LaterClientIsServedOnceOneCloses()
    {
        await using var server = await StartEchoAsync(new HttpServerOptions { MaxConnections = 4 });
        var idle = new List<RawHttpClient>();
        for (var i = 0; i < 4; i++)
        {
            idle.Add(await RawHttpClient.ConnectAsync(server.Url));
        }

        await EventuallyAsync(() => server.OpenConnections == 4, "four connections accepted");
        using var late = await RawHttpClient.ConnectAsync(server.Url);
        await late.SendAsync("GET /late HTTP/1.1\r\nHost: a\r\n\r\n");
        var answer = late.ReadResponseAsync();
        var early = await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(1)));

        Assert.That(early, Is.Not.SameAs(answer), "the fifth client waits in the backlog while the cap is reached");
        Assert.That(server.OpenConnections, Is.EqualTo(4));
        idle[0].Dispose();
        Assert.That((await answer).BodyText, Is.EqualTo("GET /late "));
        foreach (var client in idle)
        {
            client.Dispose();
        }

        using var after = await RawHttpClient.ConnectAsync(server.Url);
        await after.SendAsync("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.That((await after.ReadResponseAsync()).BodyText, Is.EqualTo("GET /after "));
    }

    [Test]
    public async Task Serve_ResponseHeaderBytes80ToFF_GoOutAsSingleBytes()
    {
        await using var server = await StartAsync((_, _) => Task.FromResult(Text("ok", 200, H("X-Latin1", "caf\u00e9 \u0080\u00ff"))));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();

        var expected = new byte[] { 0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0xff, 0x0d, 0x0a };
        Assert.That(response.RawHead.AsSpan().IndexOf(expected), Is.GreaterThan(0), Encoding.Latin1.GetString(response.RawHead));
    }

    [Test]
    public async Task Serve_ScriptsFramingHeaders_AreReplacedByTheServers()
    {
        await using var server = await StartAsync((_, _) => Task.FromResult(Text("12345", 200,
            H("Content-Length", "999"), H("Transfer-Encoding", "chunked"), H("Connection", "close"), H("Keep-Alive", "timeout=1"))));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var first = await client.ReadResponseAsync();
        var second = await client.ReadResponseAsync();

        Assert.That(first.Header("content-length"), Is.EqualTo("5"));
        Assert.That(first.Count("content-length"), Is.EqualTo(1));
        Assert.That(first.Header("transfer-encoding"), Is.Null);
        Assert.That(first.Header("connection"), Is.Null);
        Assert.That(first.Header("keep-alive"), Is.Null);
        Assert.That(second.BodyText, Is.EqualTo("12345"), "the connection stayed open");
    }

    [Test]
    public async Task Serve_DateAndServer_AreWrittenUnlessTheScriptSetsThem()
    {
        var calls = 0;
        await using var server = await StartAsync((_, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? Text("plain")
            : Text("own", 200, H("Server", "mine"), H("Date", "Thu, 01 Jan 1970 00:00:00 GMT"))));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var plain = await client.ReadResponseAsync();
        var own = await client.ReadResponseAsync();

        Assert.That(plain.Header("server"), Is.EqualTo("workers"));
        Assert.That(DateTimeOffset.ParseExact(plain.Header("date")!, "r", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(own.Count("server"), Is.EqualTo(1));
        Assert.That(own.Header("server"), Is.EqualTo("mine"));
        Assert.That(own.Header("date"), Is.EqualTo("Thu, 01 Jan 1970 00:00:00 GMT"));
    }

    [Test]
    public async Task Serve_Head_SameHeadersAsGetAndNoBodyBytes()
    {
        await using var server = await StartAsync((_, _) => Task.FromResult(Text("body!", 200, H("X-A", "1"))));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        // Pipelined: were body bytes sent after the HEAD answer, they would be read as the GET's status line.
        await client.SendAsync("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var head = await client.ReadResponseAsync(noBody: true);
        var get = await client.ReadResponseAsync();

        Assert.That(head.Status, Is.EqualTo(200));
        Assert.That(head.Header("content-length"), Is.EqualTo("5"));
        Assert.That(head.Header("x-a"), Is.EqualTo("1"));
        Assert.That(get.Status, Is.EqualTo(200));
        Assert.That(get.BodyText, Is.EqualTo("body!"));
    }

    [Test]
    public async Task Serve_HeadRelayedWithoutBody_KeepsTheDeclaredLength()
    {
        await using var server = await StartAsync((_, _) => Task.FromResult(new WorkerResponse(200, "", [new("content-length", "1234")], ReadOnlyMemory<byte>.Empty)));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.That((await client.ReadResponseAsync(noBody: true)).Header("content-length"), Is.EqualTo("1234"));
    }

    [TestCase(204)]
    [TestCase(304)]
    public async Task Serve_NoContentAndNotModified_HaveNoBodyAndNoContentLength(int status)
    {
        await using var server = await StartAsync((request, _) => Task.FromResult(request.Target == "/next" ? Text("next") : Text("ignored body", status)));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");
        var empty = await client.ReadResponseAsync();
        var next = await client.ReadResponseAsync();

        Assert.That(empty.Status, Is.EqualTo(status));
        Assert.That(empty.Header("content-length"), Is.Null);
        Assert.That(next.BodyText, Is.EqualTo("next"), "no body bytes came between the two");
    }

    [Test]
    public async Task Serve_StatusText_IsTheScriptsElseTheStandardPhrase()
    {
        await using var server = await StartAsync((request, _) => Task.FromResult(request.Target == "/own"
            ? new WorkerResponse(299, "Mine", [], ReadOnlyMemory<byte>.Empty)
            : new WorkerResponse(417, "", [], ReadOnlyMemory<byte>.Empty)));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET /own HTTP/1.1\r\nHost: a\r\n\r\nGET /std HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.That((await client.ReadResponseAsync()).Reason, Is.EqualTo("Mine"));
        Assert.That((await client.ReadResponseAsync()).Reason, Is.EqualTo("Expectation Failed"));
    }

    [Test]
    public async Task Serve_PipelinedRequests_AreAnsweredInOrderEachOnce()
    {
        var calls = 0;
        await using var server = await StartAsync(async (request, _) =>
        {
            Interlocked.Increment(ref calls);
            var body = request.Body is null ? "" : await new StreamReader(request.Body).ReadToEndAsync(CancellationToken.None);
            return Text($"{request.Target} {body}");
        });
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET /one HTTP/1.1\r\nHost: a\r\n\r\nPOST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /three HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var all = Encoding.Latin1.GetString(await client.ReadToEndAsync());

        Assert.That(all.Split("HTTP/1.1 200 OK").Length - 1, Is.EqualTo(3));
        Assert.That(all.IndexOf("/one ", StringComparison.Ordinal), Is.LessThan(all.IndexOf("/two abc", StringComparison.Ordinal)));
        Assert.That(all.IndexOf("/two abc", StringComparison.Ordinal), Is.LessThan(all.IndexOf("/three ", StringComparison.Ordinal)));
        Assert.That(calls, Is.EqualTo(3));
    }

    [Test]
    public async Task Serve_ClientDisconnectsDuringTheRequest_TokenIsCancelledAndTheConnectionReleased()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (_, token) =>
        {
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return Text("never");
        });
        var client = await RawHttpClient.ConnectAsync(server.Url);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await entered.Task.WaitAsync(Bound);

        client.Dispose();

        await cancelled.Task.WaitAsync(Bound);
        await EventuallyAsync(() => server.OpenConnections == 0, "the connection is released");
        Assert.That(CloseWaitSockets(server.Url.Port), Is.Zero);
    }

    [Test]
    public async Task Serve_ClientDisconnectsAfterSendingTheBody_TokenIsCancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (request, token) =>
        {
            await new StreamReader(request.Body!).ReadToEndAsync(token);
            read.TrySetResult();
            using var registration = token.Register(() => cancelled.TrySetResult());
            await cancelled.Task;
            return Text("gone");
        });
        var client = await RawHttpClient.ConnectAsync(server.Url);
        await client.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
        await read.Task.WaitAsync(Bound);

        client.Dispose();

        await cancelled.Task.WaitAsync(Bound);
        await EventuallyAsync(() => server.OpenConnections == 0, "the connection is released");
    }

    [Test]
    public async Task Serve_HandlerThrows_Gets500WithoutExceptionText()
    {
        await using var server = await StartAsync((_, _) => throw new InvalidOperationException("secret .NET details"));
        using var client = await RawHttpClient.ConnectAsync(server.Url);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Is.EqualTo("500 Internal Server Error\n"));
    }

    [Test]
    public async Task StopAsync_IdleConnection_IsClosed()
    {
        var server = await StartEchoAsync();
        using var client = await RawHttpClient.ConnectAsync(server.Url);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await client.ReadResponseAsync();

        await server.StopAsync(Bound).WaitAsync(Bound);

        Assert.That(await client.ClosesWithoutDataAsync(), Is.True);
        await server.DisposeAsync();
    }

    [Test]
    public async Task StopAsync_RequestCutOffByTheDrainTimeout_IsClosedWithoutAResponse()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<WorkerResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await StartAsync((_, _) =>
        {
            entered.TrySetResult();
            return never.Task;
        });
        try
        {
            using var client = await RawHttpClient.ConnectAsync(server.Url);
            await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            await entered.Task.WaitAsync(Bound);

            await server.StopAsync(TimeSpan.FromMilliseconds(300)).WaitAsync(Bound);

            Assert.That(await client.ReadToEndAsync(), Is.Empty, "no fake 200, nothing at all");
        }
        finally
        {
            never.TrySetResult(Text("late"));
            await server.DisposeAsync();
        }
    }

    [Test]
    public async Task StopAsync_RequestArrivingDuringTheDrain_Gets503AndTheOneInFlightFinishesWithClose()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await StartAsync(async (request, _) =>
        {
            if (request.Target == "/slow")
            {
                entered.TrySetResult();
                await release.Task;
            }

            return Text(request.Target!);
        });
        using var busy = await RawHttpClient.ConnectAsync(server.Url);
        await busy.SendAsync("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
        await entered.Task.WaitAsync(Bound);
        using var other = await RawHttpClient.ConnectAsync(server.Url);
        // The second request's first line arrives with the first request, so that the connection is not idle when the drain starts.
        await other.SendAsync("GET /fast HTTP/1.1\r\nHost: a\r\n\r\nGET /late HTTP/1.1\r\n");
        Assert.That((await other.ReadResponseAsync()).BodyText, Is.EqualTo("/fast"));

        var stopping = server.StopAsync(Bound);
        await other.SendAsync("Host: a\r\n\r\n");
        var late = await other.ReadResponseAsync();
        release.SetResult();
        var finished = await busy.ReadResponseAsync();
        await stopping.WaitAsync(Bound);

        Assert.That(late.Status, Is.EqualTo(503));
        Assert.That(late.Header("connection"), Is.EqualTo("close"));
        Assert.That(finished.BodyText, Is.EqualTo("/slow"));
        Assert.That(finished.Header("connection"), Is.EqualTo("close"));
        await server.DisposeAsync();
    }

    /// <summary>Server-side sockets of <paramref name="port"/> in CLOSE-WAIT (/proc/net/tcp and tcp6, state 08).</summary>
    private static int CloseWaitSockets(int port)
    {
        var count = 0;
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[1].EndsWith($":{port:X4}", StringComparison.Ordinal) && fields[3] == "08")
                {
                    count++;
                }
            }
        }

        return count;
    }
}
