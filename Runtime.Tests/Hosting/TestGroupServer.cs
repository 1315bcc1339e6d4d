using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Hosting;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>A <see cref="WorkerGroup"/> served over real HTTP on 127.0.0.1 with a free port, for tests.</summary>
internal sealed class TestGroupServer : IAsyncDisposable
{
    private TestGroupServer(WorkerGroup group, HttpServer server)
    {
        Group = group;
        Server = server;
    }

    public WorkerGroup Group { get; }

    public HttpServer Server { get; }

    public static async Task<TestGroupServer> StartAsync(WorkerGroupOptions options)
    {
        var group = await WorkerGroup.StartAsync(options);
        var server = await HttpServer.StartAsync("127.0.0.1", 0, group.DispatchAsync, NullLogger.Instance);
        return new TestGroupServer(group, server);
    }

    /// <summary>Sends a GET for <paramref name="pathAndQuery"/> with the given Host header.</summary>
    public async Task<(int Status, string Body)> GetAsync(string host, string pathAndQuery = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.Url, pathAndQuery));
        request.Headers.Host = host;
        using var response = await TestServer.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Group.DisposeAsync();
    }
}
