using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

[TestFixture]
public sealed class PassThroughTests
{
    private const string Script = """
        export default { async fetch(request, env, ctx) {
          if (request.url.includes('pass')) ctx.passThroughOnException();
          if (request.url.includes('read')) await request.text();
          throw new Error('worker failed');
        } };
        """;

    private static async Task<(HttpServer Origin, List<string> Seen)> StartOriginAsync()
    {
        var seen = new List<string>();
        var origin = await HttpServer.StartAsync("127.0.0.1", 0, async (request, ct) =>
        {
            var body = request.Body is null ? "" : await new StreamReader(request.Body).ReadToEndAsync(ct);
            var header = request.Headers.FirstOrDefault(h => h.Key.Equals("x-test", StringComparison.OrdinalIgnoreCase)).Value;
            lock (seen)
            {
                seen.Add($"{request.Method} {request.Url.PathAndQuery} {header} [{body}]");
            }

            return new WorkerResponse(200, "OK", [new("x-origin", "yes")], Encoding.UTF8.GetBytes("from origin"));
        }, NullLogger.Instance);
        return (origin, seen);
    }

    private static async Task<WorkerResponse> SendAsync(WorkerHost host, string path, string? body = null)
    {
        var request = new WorkerRequest(body is null ? "GET" : "POST", new Uri("http://example.com" + path))
        {
            Body = body is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(body)),
        };
        request.Headers.Add(new("x-test", "kept"));
        return await host.DispatchAsync(request);
    }

    [Test]
    public async Task Dispatch_PassThroughThenThrow_ForwardsRequestWithBodyToOrigin()
    {
        var (origin, seen) = await StartOriginAsync();
        await using var _ = origin;
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions { Script = WorkerScript.Parse(Script), Upstream = origin.Url });

        var response = await SendAsync(host, "/pass?q=1", "payload");

        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(response.BodyText, Is.EqualTo("from origin"));
        Assert.That(response.Header("x-origin"), Is.EqualTo("yes"));
        Assert.That(seen, Is.EqualTo(new[] { "POST /pass?q=1 kept [payload]" }));
    }

    [Test]
    public async Task Dispatch_PassThroughAfterBodyRead_ForwardsWithoutBody()
    {
        var (origin, seen) = await StartOriginAsync();
        await using var _ = origin;
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions { Script = WorkerScript.Parse(Script), Upstream = origin.Url });

        var response = await SendAsync(host, "/pass-read", "payload");

        Assert.That(response.BodyText, Is.EqualTo("from origin"));
        Assert.That(seen, Is.EqualTo(new[] { "POST /pass-read kept []" }));
    }

    [Test]
    public async Task Dispatch_ThrowWithoutPassThrough_Returns1101AndOriginIsNotCalled()
    {
        var (origin, seen) = await StartOriginAsync();
        await using var _ = origin;
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions { Script = WorkerScript.Parse(Script), Upstream = origin.Url });

        var response = await SendAsync(host, "/plain");

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("Error 1101").And.Contain("worker failed"));
        Assert.That(seen, Is.Empty);
    }

    [Test]
    public async Task Dispatch_PassThroughWithoutUpstream_Returns1101()
    {
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions { Script = WorkerScript.Parse(Script) });
        var response = await SendAsync(host, "/pass");
        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.Error?.PassThrough, Is.True);
    }
}
