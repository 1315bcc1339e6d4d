using System.Globalization;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;

namespace Workers.Benchmarks;

/// <summary>
/// Managed heap kept alive per idle isolate: starts <c>count</c> isolates of one worker, sends
/// each one request, forces a full collection and divides the growth of the live heap by the
/// number of isolates. Not a timing benchmark, so it runs outside BenchmarkDotNet
/// (<c>--memory-per-isolate [worker] [count]</c>).
/// </summary>
internal static class IdleIsolateMemory
{
    public static async Task<int> RunAsync(string[] args)
    {
        var worker = args.Length > 0 ? args[0] : "hello";
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var script = WorkerScript.Parse(LoadWorkers.ByName(worker), worker + ".js");

        // Warm up first: JIT, static caches and the loop threads must not be counted as per-isolate memory.
        for (var i = 0; i < 3; i++)
        {
            var warm = await BenchIsolates.StartAsync(script);
            await warm.DispatchFetchAsync(Request(worker));
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var isolates = new List<Isolate>(count);
        for (var i = 0; i < count; i++)
        {
            var isolate = await BenchIsolates.StartAsync(script);
            var response = await isolate.DispatchFetchAsync(Request(worker));
            if (response.Status != 200 || response.Error is not null)
            {
                Console.Error.WriteLine($"isolate {i}: {response.Status} {response.BodyText}");
                return 1;
            }

            isolates.Add(isolate);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(isolates);
        var perIsolate = (after - before) / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory per idle isolate: {perIsolate} bytes ({perIsolate / 1024.0:F1} KiB; {isolates.Count} live isolates of '{worker}', heap {before / 1048576.0:F1} -> {after / 1048576.0:F1} MiB)"));
        return 0;
    }

    private static WorkerRequest Request(string worker)
    {
        var post = worker == "post-echo";
        var request = new WorkerRequest(post ? "POST" : "GET", new Uri("http://localhost:8787/"))
        {
            Body = post ? new MemoryStream(new byte[64 * 1024], writable: false) : null,
        };
        request.Headers.Add(new("host", "localhost:8787"));
        request.Headers.Add(new("user-agent", "bench/1.0"));
        return request;
    }
}
