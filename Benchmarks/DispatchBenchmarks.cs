using System.Globalization;
using BenchmarkDotNet.Attributes;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;

namespace Workers.Benchmarks;

/// <summary>
/// One request through a warm isolate, without HTTP: the <see cref="WorkerRequest"/> is built,
/// posted to the isolate's loop, the handler runs, its Response is converted, and the caller's
/// await resumes. Per request this includes everything the HTTP front end would ask of the runtime
/// (building the request with its headers, wrapping the body stream), but not socket I/O.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DispatchBenchmarks
{
    private const int PostBodySize = 64 * 1024;
    private static readonly Uri s_url = new("http://localhost:8787/bench?x=1");

    // What a typical load tool sends, so json-echo has headers to copy.
    private static readonly KeyValuePair<string, string>[] s_headers =
    [
        new("host", "localhost:8787"),
        new("user-agent", "bench/1.0"),
        new("accept", "*/*"),
        new("accept-encoding", "gzip, deflate"),
        new("connection", "keep-alive"),
    ];

    private readonly byte[] _postBody = new byte[PostBodySize];
    private Isolate _hello = null!;
    private Isolate _jsonEcho = null!;
    private Isolate _cpu = null!;
    private Isolate _postEcho = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_postBody);
        _hello = Start("hello");
        _jsonEcho = Start("json-echo");
        _cpu = Start("cpu");
        _postEcho = Start("post-echo");

        // Check every worker answers what the load benchmark expects (this also warms them up).
        Expect(_hello, Get(), b => b == "Hello worker!", "hello");
        Expect(_jsonEcho, Get(), b => b.Contains("\"user-agent\":\"bench/1.0\"", StringComparison.Ordinal) && b.Contains("\"method\":\"GET\"", StringComparison.Ordinal), "json-echo");
        Expect(_cpu, Get(), b => b.StartsWith("[{\"id\":0,\"name\":\"item0\",\"score\":0}", StringComparison.Ordinal) && b.Length > 30_000, "cpu");
        Expect(_postEcho, Post(), b => b == PostBodySize.ToString(CultureInfo.InvariantCulture), "post-echo");
    }

    [Benchmark(Baseline = true, Description = "hello")]
    public Task<WorkerResponse> Hello() => _hello.DispatchFetchAsync(Get());

    [Benchmark(Description = "json-echo")]
    public Task<WorkerResponse> JsonEcho() => _jsonEcho.DispatchFetchAsync(Get());

    [Benchmark(Description = "cpu (1,000 objects: sort + stringify)")]
    public Task<WorkerResponse> Cpu() => _cpu.DispatchFetchAsync(Get());

    [Benchmark(Description = "post-echo (64 KiB body)")]
    public Task<WorkerResponse> PostEcho() => _postEcho.DispatchFetchAsync(Post());

    private static Isolate Start(string name)
        => BenchIsolates.StartAsync(WorkerScript.Parse(LoadWorkers.ByName(name), name + ".js")).GetAwaiter().GetResult();

    private static void Expect(Isolate isolate, WorkerRequest request, Func<string, bool> check, string what)
        => BenchIsolates.ExpectAsync(isolate, request, check, what).GetAwaiter().GetResult();

    private static WorkerRequest Get()
    {
        var request = new WorkerRequest("GET", s_url);
        foreach (var header in s_headers)
        {
            request.Headers.Add(header);
        }

        return request;
    }

    // The body bytes stand for what the server has received; the stream over them is per request.
    private WorkerRequest Post()
    {
        var request = new WorkerRequest("POST", s_url) { Body = new MemoryStream(_postBody, writable: false) };
        foreach (var header in s_headers)
        {
            request.Headers.Add(header);
        }

        request.Headers.Add(new("content-type", "application/octet-stream"));
        request.Headers.Add(new("content-length", PostBodySize.ToString(CultureInfo.InvariantCulture)));
        return request;
    }
}
