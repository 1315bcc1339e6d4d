using System.Globalization;
using BenchmarkDotNet.Attributes;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Benchmarks;

/// <summary>
/// The first request to a worker that has no isolate, in a <see cref="WorkerGroup"/> of 1,000
/// distinct workers, against parsing that worker's script (<see cref="WorkerScript.Parse"/>), to
/// check the claim "a first request costs at most parse time plus ~1 ms".
/// </summary>
/// <remarks>
/// <see cref="WorkerGroup.StartAsync"/> starts every worker's first isolate, so a worker that
/// has never had one does not exist in a running group. The group here caps the process at one
/// isolate (<see cref="IsolateManagerOptions.MaxIsolates"/> = 1): starting a worker's isolate
/// evicts the previous worker's, and the benchmark sends each request to the next worker in
/// turn, so every request finds its worker with no isolate. That request then pays what a
/// never-used worker would: routing by <c>wN.localhost</c>, a new isolate from the worker's
/// already prepared script (engine, Web API globals, module evaluation), the dispatch, and the
/// eviction of the previous isolate. What it does not pay is the parse: the group parsed every
/// script when it loaded them. The warm row is a request to a worker whose isolate is alive.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class ColdWorkerBenchmarks
{
    private const int WorkerCount = 1_000;

    private WorkerGroup _group = null!;
    private WorkerGroup _warmGroup = null!;
    private string[] _sources = null!;
    private int _next;

    /// <summary>Which worker every one of the 1,000 is: the load benchmark's hello or the 50-line router.</summary>
    [Params("hello", "router")]
    public string Script { get; set; } = "hello";

    [GlobalSetup]
    public void Setup()
    {
        // Distinct sources, as 1,000 different workers would be (the text differs, so nothing
        // could be shared between their parses even if the runtime tried).
        _sources = [.. Enumerable.Range(0, WorkerCount).Select(Source)];
        var workers = _sources
            .Select((source, n) => new WorkerHostOptions { Name = Name(n), Script = WorkerScript.Parse(source, Name(n) + ".js") })
            .ToList();
        _group = WorkerGroup.StartAsync(new WorkerGroupOptions
        {
            Workers = workers,
            Isolates = new IsolateManagerOptions { MaxIsolates = 1 },
        }).GetAwaiter().GetResult();
        _warmGroup = WorkerGroup.StartAsync(new WorkerGroupOptions { Workers = workers.Take(1).ToList() }).GetAwaiter().GetResult();

        // Fail here, not with a silently wrong number: each request to the next worker must be
        // answered by that worker, and must have started an isolate for it. The first request may
        // find the isolate the group started last, so only the later ones count.
        Check(FirstRequest().GetAwaiter().GetResult(), 0);
        for (var i = 0; i < 3; i++)
        {
            var created = _group.Isolates.CreatedCount;
            var n = _next;
            var response = FirstRequest().GetAwaiter().GetResult();
            Check(response, n);
            if (_group.Isolates.CreatedCount != created + 1 || _group.Isolates.LiveCount > 2)
            {
                throw new InvalidOperationException(
                    $"the request to {Name(n)} did not start exactly one isolate (created {created} -> {_group.Isolates.CreatedCount}, live {_group.Isolates.LiveCount})");
            }
        }

        Check(WarmRequest().GetAwaiter().GetResult(), 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _group.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _warmGroup.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Parsing one worker's script, as <see cref="WorkerScript.Load"/> does when a group loads it.</summary>
    [Benchmark(Baseline = true, Description = "parse the script")]
    public WorkerScript Parse()
    {
        var n = _next;
        _next = (n + 1) % WorkerCount;
        return WorkerScript.Parse(_sources[n], Name(n) + ".js");
    }

    /// <summary>A request to the next worker, whose isolate is gone: routing, new isolate, dispatch.</summary>
    [Benchmark(Description = "first request to a worker without isolate (1,000 workers)")]
    public Task<WorkerResponse> FirstRequest()
    {
        var n = _next;
        _next = (n + 1) % WorkerCount;
        return _group.DispatchAsync(Request(n));
    }

    /// <summary>The same request to a worker with a warm isolate, for scale.</summary>
    [Benchmark(Description = "request to a warm worker")]
    public Task<WorkerResponse> WarmRequest() => _warmGroup.DispatchAsync(Request(0));

    private string Source(int n) => Script switch
    {
        "hello" => $$"""
            export default {
              fetch() {
                return new Response('Hello from {{Name(n)}}');
              },
            };
            """,
        "router" => RouterWorker.Source + $"\n// worker {Name(n)}\n",
        _ => throw new InvalidOperationException($"unknown script '{Script}'"),
    };

    private WorkerRequest Request(int n)
    {
        var url = new Uri(Script == "router" ? "http://localhost:8787/users/2" : "http://localhost:8787/");
        var request = new WorkerRequest("GET", url);
        request.Headers.Add(new("host", Name(n) + ".localhost"));
        request.Headers.Add(new("user-agent", "bench/1.0"));
        return request;
    }

    private void Check(WorkerResponse response, int n)
    {
        var body = response.BodyText;
        var right = Script == "router" ? body.Contains("Grace", StringComparison.Ordinal) : body == $"Hello from {Name(n)}";
        if (response.Status != 200 || response.Error is not null || !right)
        {
            throw new InvalidOperationException($"{Name(n)} answered {response.Status} {body}");
        }
    }

    private static string Name(int n) => "w" + n.ToString(CultureInfo.InvariantCulture);
}
