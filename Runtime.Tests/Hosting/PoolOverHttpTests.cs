using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>Instances per worker and eviction, seen from HTTP clients and the metrics endpoint.</summary>
[TestFixture]
[NonParallelizable]
public class PoolOverHttpTests
{
    // Each instance draws an id once; every answer names the instance that ran it.
    private const string Burner = """
        const id = Math.random().toString(36).slice(2);
        export default {
          fetch() {
            let x = 0;
            for (let i = 0; i < 200000; i++) { x += i % 3; }
            return new Response(id);
          }
        };
        """;

    private static WorkerHostOptions Worker(string name, string code, int maxInstances = 2)
        => new() { Name = name, Script = WorkerScript.Parse(code, name + ".js"), MaxInstances = maxInstances };

    private static async Task<string> MetricsAsync(TestGroupServer server)
        => (await server.GetAsync("127.0.0.1", "/metrics")).Body;

    [Test]
    public async Task Concurrent_cpu_bound_requests_spread_over_up_to_max_instances()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers = [Worker("burn", Burner, maxInstances: 3)],
            MetricsPath = "/metrics",
        });

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => server.GetAsync("burn.localhost")));

        Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(200));
        var instances = answers.Select(a => a.Body).Distinct().Count();
        Assert.That(instances, Is.InRange(2, 3));
        Assert.That(await MetricsAsync(server), Does.Contain($"workers_isolates_created_total{{worker=\"burn\"}} {server.Group.Workers["burn"].IsolatesCreated}"));
        Assert.That(server.Group.Workers["burn"].IsolatesCreated, Is.LessThanOrEqualTo(3));
    }

    [Test]
    public async Task Evictions_under_the_isolate_cap_show_in_the_metrics_and_evicted_workers_still_answer()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers = [.. Enumerable.Range(0, 6).Select(i => Worker($"w{i}", $"export default {{ fetch() {{ return new Response('w{i}'); }} }};"))],
            Isolates = new IsolateManagerOptions { MaxIsolates = 2 },
            MetricsPath = "/metrics",
        });

        for (var i = 0; i < 6; i++)
        {
            Assert.That(await server.GetAsync($"w{i}.localhost"), Is.EqualTo((200, $"w{i}")));
        }

        var metrics = await MetricsAsync(server);
        Assert.That(metrics, Does.Contain("workers_isolates_live 2"));
        var evicted = server.Group.Isolates.EvictedCount(EvictionReason.IsolateCap);
        Assert.That(evicted, Is.GreaterThanOrEqualTo(4 + 4), "4 at start-up, then one per request to an evicted worker");
        Assert.That(metrics, Does.Contain("reason=\"isolate_cap\""));
    }
}
