using BenchmarkDotNet.Attributes;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;

namespace Workers.Benchmarks;

/// <summary>
/// A new isolate from an already parsed script: engine construction, the start-up turn on the
/// loop (Web API globals installed, module evaluated) and the hop back to the awaiting caller.
/// This is what the isolate pool pays when it needs one more isolate.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class IsolateCreationBenchmarks
{
    private readonly string _name = "bench";
    private WorkerScript _empty = null!;
    private WorkerScript _hello = null!;
    private WorkerScript _router = null!;

    [GlobalSetup]
    public void Setup()
    {
        _empty = WorkerScript.Parse("export default {};", "empty.js");
        _hello = WorkerScript.Parse(LoadWorkers.Hello, "hello.js");
        _router = WorkerScript.Parse(RouterWorker.Source, "router.js");

        // Fail here, not with a silently wrong number, if a script does not work.
        var hello = BenchIsolates.StartAsync(_hello).GetAwaiter().GetResult();
        BenchIsolates.ExpectAsync(hello, new WorkerRequest("GET", new Uri("http://localhost/")), b => b == "Hello worker!", "hello").GetAwaiter().GetResult();
        var router = BenchIsolates.StartAsync(_router).GetAwaiter().GetResult();
        BenchIsolates.ExpectAsync(router, new WorkerRequest("GET", new Uri("http://localhost/users/2")), b => b.Contains("Grace", StringComparison.Ordinal), "router").GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "start hello isolate")]
    public Task StartHello() => BenchIsolates.StartAsync(_hello);

    [Benchmark(Description = "start router isolate")]
    public Task StartRouter() => BenchIsolates.StartAsync(_router);

    // The steps, to see where start-up time goes: the engine alone, then a start-up turn that
    // installs nothing, then the Web API globals with an empty module.

    [Benchmark(Description = "step: new Isolate (engine only)")]
    public object NewIsolateOnly() => new Isolate(new IsolateOptions { WorkerName = _name });

    [Benchmark(Description = "step: + start-up turn, no globals")]
    public Task StartWithoutGlobals()
        => new Isolate(new IsolateOptions { WorkerName = _name }).StartAsync(_ => NoDispatcher.Instance);

    [Benchmark(Description = "step: + globals, empty module")]
    public Task StartEmpty() => BenchIsolates.StartAsync(_empty);

    /// <summary>A cold request: the isolate's start-up plus its first request (first-call costs included).</summary>
    [Benchmark(Description = "start hello + first request")]
    public async Task<WorkerResponse> StartHelloAndServe()
    {
        var isolate = await BenchIsolates.StartAsync(_hello).ConfigureAwait(false);
        return await isolate.DispatchFetchAsync(new WorkerRequest("GET", new Uri("http://localhost/"))).ConfigureAwait(false);
    }

    private sealed class NoDispatcher : IEventDispatcher
    {
        public static readonly NoDispatcher Instance = new();

        public void DispatchFetch(RequestContext context) => context.Fail(new WorkerError(WorkerErrorKind.NoHandler, "No handler."));

        public void DispatchScheduled(RequestContext context) => context.Fail(new WorkerError(WorkerErrorKind.NoHandler, "No handler."));
    }
}
