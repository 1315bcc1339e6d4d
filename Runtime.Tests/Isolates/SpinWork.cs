namespace Workers.Runtime.Tests.Isolates;

/// <summary>
/// CPU work measured in loop iterations, for tests of CPU time: unlike a burn timed with
/// <c>Date.now()</c>, it uses the same CPU however busy the machine is.
/// </summary>
internal static class SpinWork
{
    /// <summary>A script function <c>spin(n)</c> that runs <c>n</c> iterations of arithmetic.</summary>
    public const string Function = "function spin(n) { let x = 0; for (let i = 0; i < n; i++) { x = (x + i * 7) % 1000003; } return x; }\n";

    /// <summary>Iterations of <c>spin</c> that take about <paramref name="ms"/> of CPU here, measured in an isolate without a tight limit.</summary>
    public static async Task<long> IterationsForAsync(double ms)
    {
        await using var t = await TestIsolate.StartAsync(Function + """
            export default { fetch(request) { spin(Number(request.url.split('?n=')[1])); return new Response('ok'); } };
            """);
        const long probe = 100_000;
        await t.FetchAsync($"http://localhost/?n={probe}");
        var measured = (await t.FetchAsync($"http://localhost/?n={probe}")).Usage!.CpuMilliseconds;
        return (long)(probe * ms / Math.Max(0.1, measured));
    }
}
