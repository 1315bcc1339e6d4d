using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>A worker served over real HTTP on 127.0.0.1 with a free port, for tests.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    public static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    private TestServer(WorkerHost host, HttpServer server)
    {
        Host = host;
        Server = server;
    }

    public WorkerHost Host { get; }

    public HttpServer Server { get; }

    public Uri Url => Server.Url;

    public static async Task<TestServer> StartAsync(string script, IsolateLimits? limits = null, string fileName = "worker.js")
        => await StartAsync(WorkerScript.Parse(script, fileName), limits);

    public static async Task<TestServer> StartAsync(WorkerScript script, IsolateLimits? limits = null)
    {
        var host = await WorkerHost.StartAsync(new WorkerHostOptions { Script = script, Limits = limits ?? new IsolateLimits() });
        var server = await HttpServer.StartAsync("127.0.0.1", 0, host.DispatchAsync, NullLogger.Instance);
        return new TestServer(host, server);
    }

    public Uri At(string pathAndQuery) => new(Url, pathAndQuery);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Host.DisposeAsync();
    }
}
