using System.Net;
using System.Net.Sockets;
using Workers.Runtime.Tests.Hosting;

namespace Workers.Runtime.Tests.Cli;

[TestFixture]
[NonParallelizable]
public sealed class ServeCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateTempDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "workers-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveTempDir() => Directory.Delete(_dir, recursive: true);

    private string Script(string code, string name = "worker.js")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, code);
        return path;
    }

    [Test]
    public async Task Serve_HelloExample_PrintsUrlAndAnswers()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "Examples", "hello", "worker.js");
        using var cli = CliProcess.Start("serve", example, "--port", "0");
        var url = await cli.WaitForReadyAsync();
        Assert.That(url.Port, Is.Not.EqualTo(0));
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("Hello worker!"));
        cli.Terminate();
        Assert.That(await cli.WaitForExitAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task Serve_MissingScript_ExitsWithClearError()
    {
        var (code, _, stderr) = await CliProcess.RunAsync("serve", Path.Combine(_dir, "nope.js"), "--port", "0");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("file not found").And.Contain("nope.js"));
    }

    [Test]
    public async Task Serve_SyntaxError_ExitsNamingFileLineAndColumn()
    {
        var path = Script("export default {\n  fetch() { return 1 +; }\n};\n", "broken.js");
        var (code, _, stderr) = await CliProcess.RunAsync("serve", path, "--port", "0");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("broken.js:2:23: SyntaxError"));
    }

    [Test]
    public async Task Serve_BusyPort_ExitsWithClearError()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var path = Script("export default { fetch() { return new Response('x'); } };");
        var (code, _, stderr) = await CliProcess.RunAsync("serve", path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain($":{port}").And.Contain("in use"));
    }

    [Test]
    public async Task Serve_LimitFlagsAndVars_AreApplied()
    {
        var path = Script("""
            export default { fetch(request, env) {
              if (request.url.endsWith('/spin')) { for (;;) {} }
              return new Response(env.GREETING);
            } };
            """);
        using var cli = CliProcess.Start("serve", path, "--port", "0", "--cpu-steps", "100000", "--var", "GREETING:hi:there");
        var url = await cli.WaitForReadyAsync();
        using (var breach = await TestServer.Client.GetAsync(new Uri(url, "/spin")))
        {
            Assert.That((int)breach.StatusCode, Is.EqualTo(503));
            Assert.That(await breach.Content.ReadAsStringAsync(), Does.Contain("CPU steps limit (100,000"));
        }

        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("hi:there"));
    }

    [Test]
    public async Task Serve_Sigterm_FinishesRequestInFlightThenExits()
    {
        var path = Script("""
            export default { async fetch() {
              await new Promise(resolve => setTimeout(resolve, 1500));
              return new Response('slow but complete');
            } };
            """);
        using var cli = CliProcess.Start("serve", path, "--port", "0");
        var url = await cli.WaitForReadyAsync();
        var pending = TestServer.Client.GetStringAsync(url);
        await Task.Delay(300); // let the request reach the worker before the signal
        cli.Terminate();
        Assert.That(await pending, Is.EqualTo("slow but complete"));
        Assert.That(await cli.WaitForExitAsync(), Is.EqualTo(0));
        Assert.That(cli.Stdout, Does.Contain("Shutting down"));
    }

    [Test]
    public async Task Serve_ConsoleLog_IsWrittenWithLevelAndWorkerName()
    {
        var path = Script("""
            export default { fetch() { console.warn('careful', { n: 1 }); return new Response('ok'); } };
            """, "logger.js");
        using var cli = CliProcess.Start("serve", path, "--port", "0");
        var url = await cli.WaitForReadyAsync();
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("ok"));
        cli.Terminate();
        await cli.WaitForExitAsync();
        Assert.That(cli.Stdout, Does.Match(@"warn: Workers\.Script\[100\] \[logger\] careful \{ n: 1 \}"));
    }
}
