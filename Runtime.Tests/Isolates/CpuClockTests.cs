using System.Diagnostics;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

/// <summary>CPU time is the time a request's JavaScript runs, not the time it waits for a core.</summary>
[TestFixture]
[NonParallelizable]
public class CpuClockTests
{
    private const string LoopWorker = SpinWork.Function + """
        export default { fetch(request) { return new Response(String(spin(Number(request.url.split('?n=')[1])))); } };
        """;

    private static WorkerRequest Loop(long n) => new("GET", new Uri($"http://localhost/?n={n}"));

    private static async Task<WorkerHost> StartAsync(int cpuMs) => await WorkerHost.StartAsync(new WorkerHostOptions
    {
        Script = WorkerScript.Parse(LoopWorker),
        Limits = new IsolateLimits { CpuTimeMs = cpuMs },
        MaxInstances = 1,
    });

    [Test]
    public void The_thread_cpu_clock_advances_with_work_and_not_with_sleep()
    {
        Assume.That(ThreadCpuClock.IsSupported, "no per-thread CPU clock on this platform");
        var start = ThreadCpuClock.NowNanoseconds();
        Thread.Sleep(50);
        var afterSleep = ThreadCpuClock.NowNanoseconds();
        var spin = Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 30)
        {
        }

        var afterSpin = ThreadCpuClock.NowNanoseconds();

        Assert.That(afterSleep - start, Is.LessThan(10_000_000), "50 ms asleep used (almost) no CPU");
        Assert.That(afterSpin - afterSleep, Is.GreaterThan(5_000_000), "30 ms of spinning used CPU");
    }

    [Test]
    public async Task A_request_that_waits_for_a_core_is_charged_its_cpu_time_not_the_wait()
    {
        Assume.That(ThreadCpuClock.IsSupported, "no per-thread CPU clock on this platform");

        // Size the loop to ~80 ms of CPU on this machine, then measure it alone.
        var n = await SpinWork.IterationsForAsync(80);

        double alone;
        await using (var quiet = await StartAsync(30_000))
        {
            await quiet.DispatchAsync(Loop(n));
            alone = (await quiet.DispatchAsync(Loop(n))).Usage!.CpuMilliseconds;
        }

        // Then with the limit at three times that, while spinning threads outnumber the cores 3
        // to 1, so the request's thread gets a fraction of a core (measured: 13-25x as long).
        // Contention costs some CPU too (cache misses, switches): up to 1.5x was seen.
        var limit = (int)Math.Ceiling(3 * alone);
        await using var host = await StartAsync(limit);
        await host.DispatchAsync(Loop(1));
        var spinning = 1;
        var spinners = Enumerable.Range(0, 3 * Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (Volatile.Read(ref spinning) == 1)
            {
            }
        })).ToList();
        spinners.ForEach(t => t.Start());
        WorkerResponse busy;
        TimeSpan wall;
        try
        {
            var started = Stopwatch.GetTimestamp();
            busy = await host.DispatchAsync(Loop(n));
            wall = Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            Volatile.Write(ref spinning, 0);
            spinners.ForEach(t => t.Join());
        }

        TestContext.Out.WriteLine($"alone: {alone:F1} ms CPU; under contention: {wall.TotalMilliseconds:F1} ms wall, {busy.Usage!.CpuMilliseconds:F1} ms CPU charged, limit {limit} ms");
        Assert.That(busy.Status, Is.EqualTo(200), "elapsed time would have breached the limit; CPU time does not");
        Assume.That(wall.TotalMilliseconds, Is.GreaterThan(4 * alone), "the spinning threads slowed the request down");
        Assert.That(busy.Usage.CpuMilliseconds, Is.LessThan(2 * alone));
    }
}
