using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

/// <summary>
/// Memory an isolate keeps from one request to the next counts against its memory limit, as in
/// Workers, where the limit is the isolate's: a worker that grows a module-level array with every
/// request is retired with error 1102 instead of growing the process without bound, and a worker
/// that only allocates and drops is never blamed.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RetentionTests
{
    private const string Worker = """
        const kept = [];
        export default {
          fetch(request) {
            const path = new URL(request.url).pathname;
            if (path === '/keep') { kept.push(new Uint8Array(16 * 1024 * 1024).fill(1)); }
            if (path === '/churn') { let n = 0; for (let i = 0; i < 16; i++) { n += new Uint8Array(4 * 1024 * 1024).length; } }
            return new Response(String(kept.length));
          },
        };
        """;

    private static WorkerRequest Get(string path) => new("GET", new Uri("http://localhost" + path));

    [Test]
    public async Task KeepingMemoryAcrossRequests_PastTheLimit_RetiresTheIsolateWith1102()
    {
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions { Script = WorkerScript.Parse(Worker) });

        WorkerResponse? breach = null;
        var served = 0;
        for (var i = 0; i < 64 && breach is null; i++)
        {
            var response = await host.DispatchAsync(Get("/keep"));
            if (response.Status == 503)
            {
                breach = response;
            }
            else
            {
                served++;
            }
        }

        Assert.That(breach, Is.Not.Null, $"still serving after keeping {served * 16} MiB");
        Assert.That(breach!.Error?.Limit, Is.EqualTo(LimitKind.Memory));
        Assert.That(breach.BodyText, Does.Contain("Error 1102").And.Contain("across requests"));
        // 128 MiB is 8 requests' worth; found within a few times that.
        Assert.That(served, Is.InRange(8, 16));
        TestContext.Out.WriteLine($"retired after keeping {served * 16} MiB");
        var fresh = await host.DispatchAsync(Get("/"));
        Assert.That(fresh.BodyText, Is.EqualTo("0"), "a new isolate, with a new module-level array");
    }

    [Test]
    public async Task AllocatingAndDroppingEveryRequest_IsNeverRetired()
    {
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions { Script = WorkerScript.Parse(Worker) });

        for (var i = 0; i < 40; i++)
        {
            var response = await host.DispatchAsync(Get("/churn"));
            Assert.That(response.Status, Is.EqualTo(200), $"request {i}: {response.BodyText}");
        }

        Assert.That(host.IsolatesCreated, Is.EqualTo(1));
    }
}
