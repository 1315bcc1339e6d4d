using BenchmarkDotNet.Attributes;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Benchmarks;

/// <summary>
/// What each hosting layer adds to one hello request, without HTTP: straight to a warm
/// <see cref="Isolate"/> (the baseline), through a <see cref="WorkerHost"/> (its pool and the
/// process-wide isolate manager), and through a <see cref="WorkerGroup"/> the way <c>workers
/// serve</c> runs (routing by host among 100 workers, metrics on, the request log filtered out as
/// at <c>--log-level Warning</c>). The batch rows send 32 requests at once from the thread pool, as
/// 32 connections would, to show contention on the locks a request takes.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class HostingBenchmarks
{
    private const int Batch = 32;
    private const int GroupSize = 100;
    private static readonly Uri s_url = new("http://w7.localhost:8787/");

    private Isolate _isolate = null!;
    private WorkerHost _host = null!;
    private WorkerGroup _group = null!;

    [GlobalSetup]
    public void Setup()
    {
        var hello = LoadWorkers.ByName("hello");
        _isolate = BenchIsolates.StartAsync(WorkerScript.Parse(hello, "hello.js")).GetAwaiter().GetResult();
        _host = WorkerHost.StartAsync(new WorkerHostOptions { Name = "hello", Script = WorkerScript.Parse(hello, "hello.js") }).GetAwaiter().GetResult();
        _group = WorkerGroup.StartAsync(new WorkerGroupOptions
        {
            Workers = [.. Enumerable.Range(0, GroupSize).Select(n => new WorkerHostOptions { Name = "w" + n, Script = WorkerScript.Parse(hello, $"w{n}.js") })],
            MetricsPath = "/cdn-cgi/workers/metrics",
        }).GetAwaiter().GetResult();

        foreach (var (name, send) in new (string, Func<Task<WorkerResponse>>)[] { ("isolate", Isolate), ("host", Host), ("group", Group) })
        {
            var response = send().GetAwaiter().GetResult();
            if (response.Status != 200 || response.BodyText != "Hello worker!")
            {
                throw new InvalidOperationException($"{name}: {response.Status} {response.BodyText}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _group.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "isolate")]
    public Task<WorkerResponse> Isolate() => _isolate.DispatchFetchAsync(Get());

    [Benchmark(Description = "WorkerHost")]
    public Task<WorkerResponse> Host() => _host.DispatchAsync(Get());

    [Benchmark(Description = "WorkerGroup (100 workers, metrics)")]
    public Task<WorkerResponse> Group() => _group.DispatchAsync(Get());

    [Benchmark(OperationsPerInvoke = Batch, Description = "isolate, 32 at once")]
    public Task IsolateBatch() => RunBatch(Isolate);

    [Benchmark(OperationsPerInvoke = Batch, Description = "WorkerHost, 32 at once")]
    public Task HostBatch() => RunBatch(Host);

    [Benchmark(OperationsPerInvoke = Batch, Description = "WorkerGroup, 32 at once")]
    public Task GroupBatch() => RunBatch(Group);

    private static Task RunBatch(Func<Task<WorkerResponse>> send)
    {
        var tasks = new Task[Batch];
        for (var i = 0; i < Batch; i++)
        {
            tasks[i] = Task.Run(send);
        }

        return Task.WhenAll(tasks);
    }

    private static WorkerRequest Get()
    {
        var request = new WorkerRequest("GET", s_url);
        request.Headers.Add(new("host", "w7.localhost:8787"));
        request.Headers.Add(new("user-agent", "bench/1.0"));
        return request;
    }
}
