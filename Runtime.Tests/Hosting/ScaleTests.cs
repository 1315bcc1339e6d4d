using System.Diagnostics;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>Thousands of workers in one process, served over real HTTP.</summary>
[TestFixture]
[NonParallelizable]
public class ScaleTests
{
    private static List<WorkerHostOptions> DistinctWorkers(int count)
    {
        var workers = new List<WorkerHostOptions>(count);
        for (var i = 0; i < count; i++)
        {
            var code = $$"""
                const n = {{i}};
                export default { fetch(request) { return new Response('w' + n + ' ' + request.url.replace(/^https?:\/\/[^/]+/, '')); } };
                """;
            workers.Add(new WorkerHostOptions { Name = $"w{i}", Script = WorkerScript.Parse(code, $"w{i}.js"), MaxInstances = 1 });
        }

        return workers;
    }

    private static async Task ServeEachOnceAsync(TestGroupServer server, IEnumerable<int> indexes)
    {
        var failures = new List<string>();
        await Parallel.ForEachAsync(indexes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (status, body) = await server.GetAsync($"w{i}.localhost", "/hi");
            if (status != 200 || body != $"w{i} /hi")
            {
                lock (failures)
                {
                    failures.Add($"w{i}: {status} {body}");
                }
            }
        });
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task A_thousand_workers_load_in_one_process_and_each_serves_a_request()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var workers = DistinctWorkers(1_000);
        var parsed = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions { Workers = workers });
        var started = clock.Elapsed;

        await ServeEachOnceAsync(server, Enumerable.Range(0, 1_000));
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.That(server.Group.Isolates.LiveCount, Is.EqualTo(1_000));
        Assert.That(server.Group.Isolates.CreatedCount, Is.EqualTo(1_000), "each request used the isolate started at load");
        TestContext.Out.WriteLine(
            $"1,000 workers: parsed scripts {(parsed - before) / 1000.0 / 1024:F1} KiB each; isolates after one request {(after - parsed) / 1000.0 / 1024:F1} KiB each; started in {started.TotalMilliseconds:F0} ms");
    }

    [Test]
    public async Task Ten_thousand_configured_workers_are_served_with_eviction_on()
    {
        var workers = DistinctWorkers(10_000);
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers = workers,
            Isolates = new IsolateManagerOptions { MaxIsolates = 500 },
        });
        var isolates = server.Group.Isolates;

        Assert.That(isolates.LiveCount, Is.LessThanOrEqualTo(500));

        // Every 10th worker: most were evicted at load and start again on their request.
        await ServeEachOnceAsync(server, Enumerable.Range(0, 1_000).Select(i => i * 10));

        Assert.That(isolates.LiveCount, Is.LessThanOrEqualTo(500));
        Assert.That(isolates.EvictedCount(EvictionReason.IsolateCap), Is.EqualTo(isolates.CreatedCount - isolates.LiveCount));
        Assert.That(isolates.CreatedCount, Is.GreaterThanOrEqualTo(10_000 + 900));
        TestContext.Out.WriteLine($"10,000 workers, cap 500: {isolates.CreatedCount} isolates created, {isolates.EvictedCount(EvictionReason.IsolateCap)} evicted");
    }
}
