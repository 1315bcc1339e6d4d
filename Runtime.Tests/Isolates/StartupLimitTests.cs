using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;
using Workers.Runtime.Tests.Cli;
using Workers.Runtime.Tests.Hosting;

namespace Workers.Runtime.Tests.Isolates;

/// <summary>
/// Start-up has its own limit, as in Workers, and neither start-up nor a request is charged for
/// the runtime's own work: installing the globals, or compiling the interpreter on first use.
/// </summary>
[TestFixture]
public sealed class StartupLimitTests
{
    [Test]
    public async Task Startup_TopLevelOverTheStartupLimit_FailsNamingIt()
    {
        var n = await SpinWork.IterationsForAsync(400);
        var script = WorkerScript.Parse(SpinWork.Function + $"spin({n});\nexport default {{ fetch() {{ return new Response('ok'); }} }};");

        var e = Assert.ThrowsAsync<WorkerLoadException>(() => WorkerHost.StartAsync(new WorkerHostOptions
        {
            Script = script,
            Limits = new IsolateLimits { StartupCpuTimeMs = 50 },
        }));

        Assert.That(e!.Message, Does.Contain("start-up CPU time limit (50 ms)"));
    }

    [Test]
    public async Task Startup_TopLevelOverTheRequestLimits_StartsAndRequestsKeepTheirs()
    {
        // 60 ms of CPU and 20,000 statements at the top level: over the request limits (10 ms,
        // 1,000 steps), under the start-up limit (1,000 ms, no step limit).
        var n = await SpinWork.IterationsForAsync(60);
        var script = WorkerScript.Parse(SpinWork.Function + $$"""
            spin({{n}});
            for (let i = 0; i < 20000; i++) {}
            export default {
              fetch(request) {
                if (request.url.endsWith('/loop')) { for (let i = 0; i < 20000; i++) {} }
                return new Response('ok');
              },
            };
            """);
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions
        {
            Script = script,
            Limits = new IsolateLimits { CpuTimeMs = 10, CpuSteps = 1_000 },
        });

        var ok = await host.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/")));
        var loop = await host.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/loop")));

        Assert.That(ok.Status, Is.EqualTo(200));
        Assert.That(loop.Status, Is.EqualTo(503));
        Assert.That(loop.Error?.Limit, Is.EqualTo(LimitKind.CpuSteps));
    }

    [Test]
    public async Task FirstRequestOfAProcess_HelloUnderATenMillisecondLimit_IsNotChargedForWarmUp()
    {
        // A fresh process compiles the interpreter and the runtime on its first request; that is
        // the runtime's warm-up, not the script's CPU time (it used to cost ~28 ms and a 503).
        var example = Path.Combine(AppContext.BaseDirectory, "Examples", "hello", "worker.js");
        using var cli = CliProcess.Start("serve", example, "--port", "0", "--cpu-ms", "10");
        var url = await cli.WaitForReadyAsync();

        using var response = await TestServer.Client.GetAsync(url);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        cli.Terminate();
        await cli.WaitForExitAsync();
    }
}
