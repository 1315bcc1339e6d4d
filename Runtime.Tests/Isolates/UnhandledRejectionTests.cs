using Microsoft.Extensions.Logging;
using Workers.Runtime.Tests.WebApi.Console;

namespace Workers.Runtime.Tests.Isolates;

[TestFixture]
public sealed class UnhandledRejectionTests
{
    [Test]
    public async Task Turn_RejectionWithoutHandler_IsLoggedAsUncaughtInPromise()
    {
        var logger = new CapturingLogger();
        await using var t = await TestIsolate.StartAsync(logger: logger);
        await t.EvalAsync("Promise.reject(new RangeError('nobody listens')); 'done'");
        var entry = await logger.WaitForAsync("Uncaught (in promise)");
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(entry.Message, Does.Contain("[test]").And.Contain("RangeError: nobody listens"));
    }

    [Test]
    public async Task Turn_RejectionHandledLaterInTheSameTurn_IsNotLogged()
    {
        var logger = new CapturingLogger();
        await using var t = await TestIsolate.StartAsync(logger: logger);
        await t.EvalAsync("""
            const p = Promise.reject(new Error('handled'));
            Promise.resolve().then(() => p.catch(() => {}));
            'done'
            """);
        await t.EvalAsync("'a later turn: the first one has ended, its reporting included'");
        Assert.That(logger.Entries.Where(e => e.Message.Contains("Uncaught", StringComparison.Ordinal)), Is.Empty);
    }
}
