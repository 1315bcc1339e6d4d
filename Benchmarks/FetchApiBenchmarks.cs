using BenchmarkDotNet.Attributes;
using Jint.Native;
using Workers.Runtime.Isolates;

namespace Workers.Benchmarks;

/// <summary>
/// Construction cost of the Fetch classes inside an isolate. Each invocation is one turn on the
/// isolate's loop running a JS loop of <see cref="Count"/> constructions, so the turn's fixed cost
/// (posting to the loop, the hop back) is spread over them; the results are per construction.
/// The init objects are literals inside the loop, so building them is part of every construction,
/// as in a handler that writes <c>new Response(body, { headers: { ... } })</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FetchApiBenchmarks
{
    private const int Count = 1000;

    private const string Script = """
        export default { fetch() { return new Response('ok'); } };

        globalThis.benchEmpty = (n) => {
          let last;
          for (let i = 0; i < n; i++) last = { i };
          return last;
        };

        globalThis.benchHeaders = (n) => {
          let last;
          for (let i = 0; i < n; i++) {
            last = new Headers({
              'content-type': 'application/json',
              'cache-control': 'no-store',
              'x-request-id': 'a1b2c3d4',
              'x-trace': 'on',
              'accept': '*/*',
              'accept-language': 'en-US',
              'user-agent': 'bench/1.0',
              'x-forwarded-for': '203.0.113.7',
              'etag': '"abc123"',
              'vary': 'accept-encoding',
            });
          }
          return last;
        };

        globalThis.benchRequest = (n) => {
          let last;
          for (let i = 0; i < n; i++) {
            last = new Request('https://example.com/api/items?page=2', {
              method: 'POST',
              headers: { 'content-type': 'text/plain', 'x-request-id': 'a1b2c3d4' },
              body: 'hello from the benchmark',
            });
          }
          return last;
        };

        globalThis.benchResponse = (n) => {
          let last;
          for (let i = 0; i < n; i++) {
            last = new Response('Hello worker!', {
              status: 201,
              statusText: 'Created',
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            });
          }
          return last;
        };
        """;

    private Isolate _isolate = null!;
    private JsValue _empty = null!;
    private JsValue _headers = null!;
    private JsValue _request = null!;
    private JsValue _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        _isolate = BenchIsolates.StartAsync(WorkerScript.Parse(Script, "fetch-api.js")).GetAwaiter().GetResult();
        var global = _isolate.InvokeAsync(() => _isolate.Engine.Global).GetAwaiter().GetResult();
        _empty = Function("benchEmpty");
        _headers = Function("benchHeaders");
        _request = Function("benchRequest");
        _response = Function("benchResponse");

        // Check the loops build what they should.
        Check(_headers, "Headers");
        Check(_request, "Request");
        Check(_response, "Response");

        JsValue Function(string name) => _isolate.InvokeAsync(() => global.Get(name)).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "JS loop with { i } (baseline)")]
    public Task<JsValue> EmptyLoop() => Run(_empty);

    [Benchmark(OperationsPerInvoke = Count, Description = "new Headers(10-entry record)")]
    public Task<JsValue> Headers() => Run(_headers);

    [Benchmark(OperationsPerInvoke = Count, Description = "new Request(url, { method, headers, body })")]
    public Task<JsValue> Request() => Run(_request);

    [Benchmark(OperationsPerInvoke = Count, Description = "new Response(text, { status, statusText, headers })")]
    public Task<JsValue> Response() => Run(_response);

    private Task<JsValue> Run(JsValue function)
        => _isolate.InvokeAsync(() => _isolate.Engine.Call(function, JsValue.Undefined, [Count]));

    private void Check(JsValue function, string className)
    {
        var name = _isolate.InvokeAsync(() =>
        {
            var result = _isolate.Engine.Call(function, JsValue.Undefined, [1]);
            return result.Get("constructor").Get("name").ToString();
        }).GetAwaiter().GetResult();
        if (name != className)
        {
            throw new InvalidOperationException($"Expected a {className}, got {name}.");
        }
    }
}
