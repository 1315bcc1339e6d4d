using BenchmarkDotNet.Attributes;
using Jint;
using Jint.Native;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;

namespace Workers.Benchmarks;

/// <summary>
/// Where the load benchmark's cpu worker spends its time in Jint: the same handler cut after
/// each of its three steps (build 1,000 objects, sort them, JSON.stringify them), each dispatched
/// through a warm isolate; and the whole handler's work in a bare Jint engine with no limits, to
/// show what the per-statement budget check (<c>BudgetConstraint</c>) costs on top.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CpuWorkerBenchmarks
{
    private const string Build = """
        const items = [];
        for (let i = 0; i < 1000; i++) {
          items.push({ id: i, name: 'item' + i, score: (i * 7919) % 1000 });
        }
        """;

    private const string Sort = "items.sort((a, b) => a.score - b.score || a.id - b.id);";

    private static readonly Uri s_url = new("http://localhost/");

    private Isolate _build = null!;
    private Isolate _buildSort = null!;
    private Isolate _all = null!;
    private Engine _bare = null!;
    private JsValue _bareHandler = null!;

    [GlobalSetup]
    public void Setup()
    {
        _build = Start("build", $$"""export default { fetch() { {{Build}} return new Response(String(items.length)); } };""");
        _buildSort = Start("build-sort", $$"""export default { fetch() { {{Build}} {{Sort}} return new Response(String(items[0].id)); } };""");
        _all = Start("cpu", LoadWorkers.Cpu);
        BenchIsolates.ExpectAsync(_build, Get(), b => b == "1000", "build").GetAwaiter().GetResult();
        BenchIsolates.ExpectAsync(_buildSort, Get(), b => b == "0", "build + sort").GetAwaiter().GetResult();
        BenchIsolates.ExpectAsync(_all, Get(), b => b.Length > 30_000, "cpu").GetAwaiter().GetResult();

        // The benchmark process is trusted code measuring Jint itself: no limits but recursion.
        _bare = new Engine(o => o.LimitRecursion(1_000));
        _bareHandler = _bare.Evaluate($$"""(function () { {{Build}} {{Sort}} return JSON.stringify(items); })""");
        if (_bare.Invoke(_bareHandler).AsString().Length < 30_000)
        {
            throw new InvalidOperationException("bare engine: unexpected result");
        }
    }

    [Benchmark(Baseline = true, Description = "build 1,000 objects")]
    public Task<WorkerResponse> BuildOnly() => _build.DispatchFetchAsync(Get());

    [Benchmark(Description = "build + sort")]
    public Task<WorkerResponse> BuildAndSort() => _buildSort.DispatchFetchAsync(Get());

    [Benchmark(Description = "build + sort + stringify (the cpu worker)")]
    public Task<WorkerResponse> Whole() => _all.DispatchFetchAsync(Get());

    [Benchmark(Description = "the same three steps, bare Jint engine")]
    public JsValue Bare() => _bare.Invoke(_bareHandler);

    private static Isolate Start(string name, string source)
        => BenchIsolates.StartAsync(WorkerScript.Parse(source, name + ".js")).GetAwaiter().GetResult();

    private static WorkerRequest Get() => new("GET", s_url);
}
