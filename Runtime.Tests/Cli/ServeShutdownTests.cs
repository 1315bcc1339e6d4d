using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using Workers.Cli.Commands;
using Workers.Runtime.Tests.Hosting;

namespace Workers.Runtime.Tests.Cli;

/// <summary>
/// Ctrl+C and SIGTERM: the first drains the requests in flight, a second one during the drain
/// exits at once (130 for SIGINT, 143 for SIGTERM), and a repeat of the first within
/// <see cref="ShutdownSignals.RepeatWindow"/> counts as the same signal.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ServeShutdownTests
{
    /// <summary>A request that never ends: a timer far away keeps it from being found hung.</summary>
    private const string Hang = """
        export default { async fetch() {
          console.log('request-started');
          await new Promise(resolve => setTimeout(resolve, 1e9));
          return new Response('never');
        } };
        """;

    private string _dir = "";

    [SetUp]
    public void CreateTempDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "workers-shutdown-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveTempDir() => Directory.Delete(_dir, recursive: true);

    private string Script(string code)
    {
        var path = Path.Combine(_dir, "worker.js");
        File.WriteAllText(path, code);
        return path;
    }

    private static void Send(CliProcess cli, PosixSignal signal)
    {
        if (signal == PosixSignal.SIGINT)
        {
            cli.Interrupt();
        }
        else
        {
            cli.Terminate();
        }
    }

    [TestCase(PosixSignal.SIGINT, 130, "Ctrl+C")]
    [TestCase(PosixSignal.SIGTERM, 143, "SIGTERM")]
    public async Task Serve_SecondSignalDuringDrain_ExitsAtOnce(PosixSignal signal, int exitCode, string name)
    {
        if (signal == PosixSignal.SIGINT && CliProcess.SigintIgnored())
        {
            Assert.Ignore("This test process ignores SIGINT (nohup, or a background job without job control), so the child does too; the SIGTERM case covers the behaviour.");
        }

        using var cli = CliProcess.Start("serve", Script(Hang), "--port", "0");
        var url = await cli.WaitForReadyAsync();
        var pending = TestServer.Client.GetAsync(url);
        await cli.WaitForOutputAsync("request-started");

        Send(cli, signal);
        await cli.WaitForOutputAsync("Shutting down");
        // Past the repeat window, and the drain is still waiting for the request.
        Assert.That(await cli.WaitForExitAsync(ShutdownSignals.RepeatWindow + TimeSpan.FromMilliseconds(300)), Is.Null, "the first signal drains");
        Send(cli, signal);

        // The drain would wait 30 s for the request; the second signal must not.
        Assert.That(await cli.WaitForExitAsync(TimeSpan.FromSeconds(15)), Is.EqualTo(exitCode));
        Assert.That(cli.Stderr, Does.Contain($"workers: {name} again: exiting now, without waiting for requests in flight."));
        Assert.That(cli.Stdout, Does.Not.Contain("Stopped."));
        Assert.That(async () => await pending, Throws.InstanceOf<HttpRequestException>());
    }

    [TestCase(PosixSignal.SIGINT)]
    [TestCase(PosixSignal.SIGTERM)]
    public async Task Serve_OneSignalNothingInFlight_StopsCleanlyWith0(PosixSignal signal)
    {
        if (signal == PosixSignal.SIGINT && CliProcess.SigintIgnored())
        {
            Assert.Ignore("This test process ignores SIGINT, so the child does too.");
        }

        using var cli = CliProcess.Start("serve", Script("export default { fetch() { return new Response('ok'); } };"), "--port", "0");
        var url = await cli.WaitForReadyAsync();
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("ok"));

        Send(cli, signal);

        Assert.That(await cli.WaitForExitAsync(), Is.EqualTo(0));
        Assert.That(cli.Stdout, Does.Contain("Shutting down").And.Contain("Stopped."));
        Assert.That(cli.Stderr, Is.Empty);
    }

    [Test]
    public void Receive_RepeatWithinWindow_IsTheSameSignalAndALaterOneForcesTheExit()
    {
        var time = new FakeTimeProvider();
        var forced = new List<PosixSignal>();
        using var signals = new ShutdownSignals(forced.Add, time, register: false);

        signals.Receive(PosixSignal.SIGTERM);
        Assert.That(signals.Stopping.IsCancellationRequested, Is.True);
        Assert.That(signals.First, Is.EqualTo(PosixSignal.SIGTERM));

        time.Advance(ShutdownSignals.RepeatWindow - TimeSpan.FromMilliseconds(1));
        signals.Receive(PosixSignal.SIGTERM);
        Assert.That(forced, Is.Empty, "a repeat within the window (the same stop sent to the process and its group)");

        time.Advance(TimeSpan.FromMilliseconds(1));
        signals.Receive(PosixSignal.SIGINT);
        Assert.That(forced, Is.EqualTo(new[] { PosixSignal.SIGINT }));
    }
}
