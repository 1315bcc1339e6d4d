using System.Diagnostics;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>One worker burning its CPU limit must not slow the others down.</summary>
[TestFixture]
[NonParallelizable]
public class IsolationLatencyTests
{
    private const int Rounds = 10;
    private const int PerRound = 50;

    private static async Task MeasureAsync(TestGroupServer server, List<double> into)
    {
        for (var i = 0; i < PerRound; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (status, body) = await server.GetAsync("hello.localhost");
            into.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.That((status, body), Is.EqualTo((200, "hello")));
        }
    }

    private static double P99(List<double> times)
    {
        var sorted = times.Order().ToArray();
        return sorted[(int)(sorted.Length * 0.99) - 1];
    }

    [Test]
    public async Task While_one_worker_burns_its_cpu_limit_the_others_p99_stays_within_twice_normal()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers =
            [
                new WorkerHostOptions { Name = "hello", Script = WorkerScript.Parse("export default { fetch() { return new Response('hello'); } };") },
                new WorkerHostOptions
                {
                    Name = "burner",
                    Script = WorkerScript.Parse("export default { fetch() { while (true) {} } };"),
                    Limits = new IsolateLimits { CpuTimeMs = 250 },
                },
            ],
        });
        await MeasureAsync(server, []);

        // Three samples, taken in alternating rounds so that whatever else the machine is doing
        // weighs on all alike: normally; while the burner worker runs into its CPU limit again and
        // again; and while a plain .NET thread in this process spins, which is what any busy core
        // costs a request on this machine, whatever runs on it.
        var normal = new List<double>();
        var underBurner = new List<double>();
        var underSpin = new List<double>();
        var underIdleProcess = new List<double>();
        var burns = 0;
        for (var round = 0; round < Rounds; round++)
        {
            await MeasureAsync(server, normal);

            using (var stop = new CancellationTokenSource())
            {
                var burning = Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var (status, _) = await server.GetAsync("burner.localhost");
                        Assert.That(status, Is.EqualTo(503));
                        Interlocked.Increment(ref burns);
                    }
                });
                await Task.Delay(20);
                await MeasureAsync(server, underBurner);
                await stop.CancelAsync();
                await burning;
            }

            var spinning = 1;
            var spinner = new Thread(() =>
            {
                while (Volatile.Read(ref spinning) == 1)
                {
                }
            });
            spinner.Start();
            await Task.Delay(20);
            await MeasureAsync(server, underSpin);
            Volatile.Write(ref spinning, 0);
            spinner.Join();

            using var idle = StartIdleSpinner();
            await Task.Delay(20);
            await MeasureAsync(server, underIdleProcess);
            idle.Kill();
            await idle.WaitForExitAsync();
        }

        TestContext.Out.WriteLine(
            $"hello p99: {P99(normal):F2} ms normally, {P99(underBurner):F2} ms while another worker burned its CPU limit ({burns} times), " +
            $"{P99(underSpin):F2} ms while a .NET thread spun, {P99(underIdleProcess):F2} ms while another process spun at the lowest priority");
        Assert.That(burns, Is.GreaterThanOrEqualTo(Rounds));

        // A request queued behind the burning worker would wait for its whole CPU limit (250 ms).
        // Short of that, what a busy core costs is the operating system's: on 2 cores shared by
        // the burner, this test's client and the server, a woken thread can wait for the busy
        // thread's time slice. The burner yields its core every quarter millisecond
        // (BudgetConstraint), so it must stay within twice the normal p99, or else cost no more
        // than a spinning thread does (measured 1.3-3.9 ms against 4-8 ms on this machine; the
        // 1.5 factor absorbs the noise of a shared machine, where both samples vary run to run).
        // The idle-priority process is reported, not asserted: it shows what the machine alone
        // does to the p99 when a second core is kept busy (on the project's VM, as much as the
        // burner does; see the notes of issue 4).
        Assert.That(P99(underBurner), Is.LessThanOrEqualTo(Math.Max(2 * P99(normal), 1.5 * P99(underSpin))));
    }

    /// <summary>
    /// Starts a shell loop in another process that keeps one core busy at the lowest priority:
    /// SCHED_IDLE through <c>chrt</c> (util-linux) where it exists, else nice 19.
    /// </summary>
    private static Process StartIdleSpinner()
    {
        string[] loop = ["sh", "-c", "while :; do :; done"];
        var start = File.Exists("/usr/bin/chrt")
            ? new ProcessStartInfo("/usr/bin/chrt", ["-i", "0", .. loop])
            : new ProcessStartInfo("nice", ["-n", "19", .. loop]);
        return Process.Start(start) ?? throw new InvalidOperationException("The spinner process did not start.");
    }
}
