using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

[TestFixture]
public sealed class HttpServerTests
{
    private static HttpClient Client => TestServer.Client;

    [Test]
    public async Task Serve_ModuleWorker_AnswersOverHttp()
    {
        await using var server = await TestServer.StartAsync("""
            export default { fetch(request) { return new Response('path ' + request.url, { status: 201, statusText: 'Made', headers: { 'x-a': '1' } }); } };
            """);
        using var response = await Client.GetAsync(server.At("/some/where?q=1"));
        Assert.That((int)response.StatusCode, Is.EqualTo(201));
        Assert.That(response.ReasonPhrase, Is.EqualTo("Made"));
        Assert.That(response.Headers.GetValues("x-a"), Is.EqualTo(new[] { "1" }));
        Assert.That(response.Headers.GetValues("server"), Is.EqualTo(new[] { "workers" }), "no .NET server banner");
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"path {server.Url}some/where?q=1"));
    }

    [Test]
    public async Task Serve_LargePostBody_IsReadByTheScript()
    {
        await using var server = await TestServer.StartAsync("""
            export default { async fetch(request) { const t = await request.text(); return new Response(String(t.length) + ':' + t.slice(0, 3)); } };
            """);
        var body = new string('a', 1024 * 1024);
        using var response = await Client.PostAsync(server.Url, new StringContent("xyz" + body));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"{body.Length + 3}:xyz"));
    }

    [Test]
    public async Task Serve_RequestHeaders_ReachTheScriptAndResponseHeadersComeBack()
    {
        await using var server = await TestServer.StartAsync("""
            export default { fetch(request) {
              const h = new Headers({ 'x-echo': request.headers.get('x-test') });
              h.append('set-cookie', 'a=1');
              h.append('set-cookie', 'b=2');
              return new Response('ok', { headers: h });
            } };
            """);
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Url);
        request.Headers.Add("X-Test", "hello");
        using var response = await Client.SendAsync(request);
        Assert.That(response.Headers.GetValues("x-echo"), Is.EqualTo(new[] { "hello" }));
        Assert.That(response.Headers.GetValues("set-cookie"), Is.EquivalentTo(new[] { "a=1", "b=2" }));
    }

    [Test]
    public async Task Serve_UncaughtException_Returns1101WithoutDotNetDetails()
    {
        await using var server = await TestServer.StartAsync("""
            export default { fetch() { throw new TypeError('boom'); } };
            """);
        using var response = await Client.GetAsync(server.Url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(500));
        Assert.That(text, Does.Contain("Error 1101"));
        Assert.That(text, Does.Contain("TypeError: boom"));
        Assert.That(text, Does.Contain("worker.js:1:"));
        Assert.That(text, Does.Not.Contain("System.").And.Not.Contain("Jint.").And.Not.Contain("Workers.Runtime"));
    }

    [Test]
    public async Task Serve_CpuLimitBreach_Returns503ThenServesFromFreshIsolate()
    {
        await using var server = await TestServer.StartAsync("""
            let served = 0;
            export default { fetch(request) {
              served++;
              if (request.url.endsWith('/spin')) { while (true) {} }
              return new Response('served ' + served);
            } };
            """, new IsolateLimits { CpuTimeMs = 50 });
        using (var first = await Client.GetAsync(server.At("/ok")))
        {
            Assert.That(await first.Content.ReadAsStringAsync(), Is.EqualTo("served 1"));
        }

        using (var breach = await Client.GetAsync(server.At("/spin")))
        {
            Assert.That((int)breach.StatusCode, Is.EqualTo(503));
            Assert.That(await breach.Content.ReadAsStringAsync(), Does.Contain("Error 1102").And.Contain("CPU time"));
        }

        using var after = await Client.GetAsync(server.At("/ok"));
        Assert.That((int)after.StatusCode, Is.EqualTo(200));
        Assert.That(await after.Content.ReadAsStringAsync(), Is.EqualTo("served 1"), "a fresh isolate starts with fresh globals");
        Assert.That(server.Host.IsolatesCreated, Is.EqualTo(2));
    }

    [Test]
    public async Task Serve_MalformedRequest_Gets400AndServerKeepsServing()
    {
        await using var server = await TestServer.StartAsync("export default { fetch() { return new Response('fine'); } };");
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, server.Url.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("THIS IS NOT HTTP\r\n\r\n"));
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.That(Encoding.ASCII.GetString(buffer, 0, read), Does.StartWith("HTTP/1.1 400"));
        }

        Assert.That(await Client.GetStringAsync(server.Url), Is.EqualTo("fine"));
    }

    [Test]
    public async Task Serve_RequestUrl_KeepsTheClientsEscapesAndHostAsWorkerdDoes()
    {
        await using var server = await TestServer.StartAsync("export default { fetch(request) { return new Response(request.url); } };");

        // Sent raw: HttpClient would normalize the target as .NET's Uri does (%41 -> A, %ZZ -> %25ZZ).
        async Task<string> UrlForAsync(string target, string host)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, server.Url.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
            return response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        }

        Assert.That(await UrlForAsync("/%41%7e/a/../b?q=%ZZ&r=a^b", "127.0.0.1"), Is.EqualTo("http://127.0.0.1/%41%7e/b?q=%ZZ&r=a^b"));
        Assert.That(await UrlForAsync("/x", "Example.COM:80"), Is.EqualTo("http://example.com/x"));
        Assert.That(await UrlForAsync("/p", $"127.0.0.1:{server.Url.Port}"), Is.EqualTo($"http://127.0.0.1:{server.Url.Port}/p"));
    }

    [Test]
    public async Task Serve_DeclaredBodyOverLimit_Gets413WithoutReachingTheWorker()
    {
        await using var server = await TestServer.StartAsync("""
            let calls = 0;
            export default { fetch(request) { calls++; return new Response('calls ' + calls); } };
            """);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, server.Url.Port);
            var stream = tcp.GetStream();
            var head = $"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {HttpServer.MaxRequestBodyBytes + 1}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.That(Encoding.ASCII.GetString(buffer, 0, read), Does.StartWith("HTTP/1.1 413"));
        }

        Assert.That(await Client.GetStringAsync(server.Url), Is.EqualTo("calls 1"));
    }

    [Test]
    public async Task StartAsync_Ipv6Loopback_ServesOverIpv6()
    {
        Assume.That(Socket.OSSupportsIPv6, "no IPv6 on this machine");
        await using var server = await HttpServer.StartAsync("::1", 0, (_, _) => Task.FromResult(new WorkerResponse(200, "OK", [], "six"u8.ToArray())), NullLogger.Instance);

        Assert.That(server.Url.Host, Is.EqualTo("[::1]"));
        Assert.That(await Client.GetStringAsync(server.Url), Is.EqualTo("six"));
    }

    [Test]
    public async Task StartAsync_Ipv6Any_AlsoServesIpv4()
    {
        Assume.That(Socket.OSSupportsIPv6, "no IPv6 on this machine");
        await using var server = await HttpServer.StartAsync("::", 0, (_, _) => Task.FromResult(new WorkerResponse(200, "OK", [], "both"u8.ToArray())), NullLogger.Instance);

        Assert.That(await Client.GetStringAsync(new Uri($"http://127.0.0.1:{server.Url.Port}/")), Is.EqualTo("both"));
        Assert.That(await Client.GetStringAsync(new Uri($"http://[::1]:{server.Url.Port}/")), Is.EqualTo("both"));
    }

    [Test]
    public async Task StartAsync_Loopback_IsNotReachableOnAnotherInterface()
    {
        var other = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assume.That(other, Is.Not.Null, "no non-loopback IPv4 address to arrive on");
        var ran = false;
        await using var server = await HttpServer.StartAsync("127.0.0.1", 0, (_, _) =>
        {
            ran = true;
            return Task.FromResult(new WorkerResponse(200, "OK", [], "secret"u8.ToArray()));
        }, NullLogger.Instance);

        // The socket is bound to 127.0.0.1 only: another interface refuses the connection.
        using var tcp = new TcpClient();
        var e = Assert.ThrowsAsync<SocketException>(async () => await tcp.ConnectAsync(other!, server.Url.Port));

        Assert.That(e!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        Assert.That(ran, Is.False);
    }

    [Test]
    public async Task StartAsync_BusyPort_ThrowsNamingTheAddress()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var e = Assert.ThrowsAsync<HttpServerStartException>(() => HttpServer.StartAsync("127.0.0.1", port, (_, _) => Task.FromResult<WorkerResponse>(null!), NullLogger.Instance));
        Assert.That(e!.Message, Does.Contain($"127.0.0.1:{port}"));
    }

    [Test]
    public async Task StartAsync_ConnectionsArriveDuringStart_StillStarts()
    {
        // Restarting on the same port while clients keep connecting must work every time (.NET's
        // HttpListener.Start could fail in that case). Hammer the port during restarts.
        // A port below Linux's ephemeral range, so that no client socket of the hammer can be
        // given it as its own source port (a self-connection would then hold it).
        var port = FreePortBelowEphemeralRange();
        using var stop = new CancellationTokenSource();
        var starts = 0;
        var lastAnswer = "";
        var hammer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port, stop.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    await Task.Yield();
                }
            }
        });
        try
        {
            for (var i = 0; i < 15; i++)
            {
                var server = await HttpServer.StartAsync("127.0.0.1", port, (_, _) => Task.FromResult(new WorkerResponse(200, "OK", [], Encoding.UTF8.GetBytes("up"))), NullLogger.Instance);
                starts++;
                if (i == 14)
                {
                    // Only the last one: a kept-alive client connection would hold the port and
                    // make the next restart fail for a reason that has nothing to do with the race.
                    lastAnswer = await Client.GetStringAsync(server.Url);
                }

                await server.StopAsync(TimeSpan.FromSeconds(5));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await hammer;
        }

        Assert.That(starts, Is.EqualTo(15));
        Assert.That(lastAnswer, Is.EqualTo("up"), "a server started amid the connection storm answers");
    }

    private static int FreePortBelowEphemeralRange()
    {
        for (var port = 20000 + Random.Shared.Next(0, 5000); port < 32000; port++)
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }

        throw new InvalidOperationException("No free port below the ephemeral range.");
    }

    [Test]
    public async Task StopAsync_RequestInFlight_FinishesItFirst()
    {
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var server = await HttpServer.StartAsync("127.0.0.1", 0, async (_, _) =>
        {
            entered.TrySetResult();
            await release.Task;
            return new WorkerResponse(200, "OK", [], Encoding.UTF8.GetBytes("finished"));
        }, NullLogger.Instance);
        var pending = Client.GetStringAsync(server.Url);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = server.StopAsync(TimeSpan.FromSeconds(20));
        Assert.That(stopping.IsCompleted, Is.False, "stop waits for the request in flight");
        release.SetResult();
        Assert.That(await pending, Is.EqualTo("finished"));
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
