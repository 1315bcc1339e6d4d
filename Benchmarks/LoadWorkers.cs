namespace Workers.Benchmarks;

/// <summary>
/// The four workers of the load benchmark, as source text. The same workers exist as files under
/// <c>Benchmarks/workers/</c> for the HTTP load runs; keep their behaviour identical.
/// </summary>
public static class LoadWorkers
{
    /// <summary>Answers a fixed text.</summary>
    public const string Hello = """
        export default {
          fetch() {
            return new Response('Hello worker!');
          },
        };
        """;

    /// <summary>Answers JSON with the request's method, URL and headers.</summary>
    public const string JsonEcho = """
        export default {
          fetch(request) {
            return Response.json({
              method: request.method,
              url: request.url,
              headers: Object.fromEntries(request.headers),
            });
          },
        };
        """;

    /// <summary>Builds 1,000 objects, sorts them and serializes them on every request.</summary>
    public const string Cpu = """
        export default {
          fetch() {
            const items = [];
            for (let i = 0; i < 1000; i++) {
              items.push({ id: i, name: 'item' + i, score: (i * 7919) % 1000 });
            }
            items.sort((a, b) => a.score - b.score || a.id - b.id);
            return new Response(JSON.stringify(items));
          },
        };
        """;

    /// <summary>Reads the whole request body and answers its length in bytes.</summary>
    public const string PostEcho = """
        export default {
          async fetch(request) {
            const body = await request.arrayBuffer();
            return new Response(String(body.byteLength));
          },
        };
        """;

    /// <summary>The worker with the given load-benchmark name.</summary>
    public static string ByName(string name) => name switch
    {
        "hello" => Hello,
        "json-echo" => JsonEcho,
        "cpu" => Cpu,
        "post-echo" => PostEcho,
        _ => throw new ArgumentException($"Unknown worker '{name}' (hello, json-echo, cpu, post-echo).", nameof(name)),
    };
}
