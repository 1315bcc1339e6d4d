using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.WebApi.Console;

[TestFixture]
public sealed class ConsoleModuleTests
{
    private static async Task<CapturingLogger> RunAsync(string statements)
    {
        var log = new CapturingLogger();
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions
        {
            Name = "my-worker",
            Script = WorkerScript.Parse($$"""
                export default { fetch() { {{statements}} return new Response('ok'); } };
                """),
            LoggerFactory = log,
        });
        var response = await host.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/")));
        Assert.That(response.BodyText, Is.EqualTo("ok"));
        return log;
    }

    [TestCase("log", LogLevel.Information)]
    [TestCase("info", LogLevel.Information)]
    [TestCase("debug", LogLevel.Debug)]
    [TestCase("warn", LogLevel.Warning)]
    [TestCase("error", LogLevel.Error)]
    public async Task Method_Called_LogsAtLevelWithWorkerName(string method, LogLevel level)
    {
        var log = await RunAsync($"console.{method}('hello', 42);");

        var entry = log.Entries.Single(e => e.Message.Contains("hello", StringComparison.Ordinal));
        Assert.That(entry.Level, Is.EqualTo(level));
        Assert.That(entry.Message, Is.EqualTo("[my-worker] hello 42"));
        Assert.That(entry.Category, Is.EqualTo("Workers.Script"));
    }

    [Test]
    public async Task Log_FormatDirectivesAndObjects_FormattedLikeNode()
    {
        var log = await RunAsync("console.log('%s is %d', 'answer', 42, [1, 'two'], { a: 1 });");

        var entry = log.Entries.Single(e => e.Message.Contains("answer", StringComparison.Ordinal));
        Assert.That(entry.Message, Does.StartWith("[my-worker] answer is 42 "));
        Assert.That(entry.Message, Does.Contain("two"));
    }

    [Test]
    public async Task Log_ValuesThatThrowOrRecurse_DoNotFailTheRequest()
    {
        var log = await RunAsync("""
            const cyclic = { name: 'loop' };
            cyclic.self = cyclic;
            console.log(cyclic, Symbol('s'), 10n, new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }));
            console.log({ get boom() { throw new Error('getter'); } });
            console.log('x'.repeat(100000));
            """);

        Assert.That(log.Entries.Count(e => e.Category == "Workers.Script" && e.Level == LogLevel.Information), Is.EqualTo(3));
        Assert.That(log.Entries.Max(e => e.Message.Length), Is.LessThan(20_000), "a huge value is truncated");
    }

    [Test]
    public async Task Uncaught_Exception_LoggedAsErrorWithWorkerName()
    {
        var log = new CapturingLogger();
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions
        {
            Name = "my-worker",
            Script = WorkerScript.Parse("export default { fetch() { throw new Error('kaput'); } };"),
            LoggerFactory = log,
        });

        await host.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/")));

        var entry = log.Entries.Single(e => e.Message.Contains("kaput", StringComparison.Ordinal));
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(entry.Message, Does.StartWith("[my-worker] Uncaught Error: kaput"));
    }
}
