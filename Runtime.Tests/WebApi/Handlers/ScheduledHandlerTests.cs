using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;
using Workers.Runtime.Tests.WebApi.Console;

namespace Workers.Runtime.Tests.WebApi.Handlers;

/// <summary>Scheduled (cron) events: module and service-worker handlers, waitUntil, outcomes, limits and hangs.</summary>
[TestFixture]
public sealed class ScheduledHandlerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset s_time = new(2024, 5, 6, 7, 8, 0, TimeSpan.Zero);

    [Test]
    public async Task Scheduled_ModuleHandler_GetsControllerEnvAndCtx()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              scheduled(controller, env, ctx) {
                globalThis.seen = [
                  controller.scheduledTime, controller.cron, typeof controller.noRetry, String(controller),
                  Object.keys(controller).join(','), env.GREETING, typeof ctx.waitUntil, String(ctx),
                ].join('|');
              },
            };
            """, vars: new Dictionary<string, string> { ["GREETING"] = "hi" });

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time, "*/5 * * * *"));

        Assert.That(result.Outcome, Is.EqualTo("ok"));
        Assert.That(result.NoRetry, Is.False);
        Assert.That(result.Error, Is.Null);
        Assert.That(await t.EvalAsync("globalThis.seen"), Is.EqualTo(
            $"{s_time.ToUnixTimeMilliseconds()}|*/5 * * * *|function|[object ScheduledController]|scheduledTime,cron|hi|function|[object ExecutionContext]"));
    }

    [Test]
    public async Task Scheduled_ControllerProperties_AreReadOnlyInstanceProperties()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              scheduled(controller) {
                const d = Object.getOwnPropertyDescriptor(controller, 'cron');
                let assign = 'no error';
                try { controller.cron = 'changed'; } catch (e) { assign = e.name; }
                let illegal = 'no error';
                try { Object.getPrototypeOf(controller).noRetry.call({}); } catch (e) { illegal = e.name; }
                globalThis.seen = [d.writable, d.enumerable, assign, controller.cron, illegal, 'noRetry' in controller, Object.hasOwn(controller, 'noRetry')].join('|');
              },
            };
            """);

        await DispatchAsync(t, new ScheduledEventInfo(s_time, "0 0 * * *"));

        Assert.That(await t.EvalAsync("globalThis.seen"), Is.EqualTo("false|true|TypeError|0 0 * * *|TypeError|true|false"));
    }

    [Test]
    public async Task Scheduled_NoRetryCalled_ResultSaysNoRetry()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default { scheduled(controller) { controller.noRetry(); } };
            """);

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time));

        Assert.That(result.Outcome, Is.EqualTo("ok"));
        Assert.That(result.NoRetry, Is.True);
    }

    [Test]
    public async Task Scheduled_ServiceWorkerListener_GetsScheduledEvent()
    {
        await using var t = await TestIsolate.StartAsync("""
            addEventListener('scheduled', event => {
              globalThis.seen = [event.type, event.scheduledTime, event.cron, String(event), typeof event.waitUntil].join('|');
              event.noRetry();
            });
            """);

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time, "0 * * * *"));

        Assert.That(result.Outcome, Is.EqualTo("ok"));
        Assert.That(result.NoRetry, Is.True);
        Assert.That(await t.EvalAsync("globalThis.seen"), Is.EqualTo($"scheduled|{s_time.ToUnixTimeMilliseconds()}|0 * * * *|[object ScheduledEvent]|function"));
    }

    [Test]
    public async Task Scheduled_ModuleWaitUntil_KeepsEventAliveUntilSettled()
    {
        var time = new FakeTimeProvider(s_time);
        await using var t = await TestIsolate.StartAsync("""
            globalThis.done = 0;
            const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
            export default {
              async scheduled(controller, env, ctx) {
                ctx.waitUntil(sleep(2000).then(() => globalThis.done++));
                await sleep(1000);
                globalThis.done++;
              },
            };
            """, timeProvider: time);

        var dispatched = t.Isolate.DispatchScheduledAsync(new ScheduledEventInfo(s_time));
        await t.EvalAsync("1");
        var pendingAtStart = !dispatched.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await t.EvalAsync("globalThis.done"), Is.EqualTo("1"));
        var pendingAfterHandler = !dispatched.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await dispatched.WaitAsync(s_timeout);

        Assert.That(pendingAtStart, Is.True);
        Assert.That(pendingAfterHandler, Is.True, "the event waits for its waitUntil work after the handler settles");
        Assert.That(result.Outcome, Is.EqualTo("ok"));
        Assert.That(await t.EvalAsync("globalThis.done"), Is.EqualTo("2"));
    }

    [Test]
    public async Task Scheduled_ServiceWorkerWaitUntil_KeepsEventAliveUntilSettled()
    {
        var time = new FakeTimeProvider(s_time);
        await using var t = await TestIsolate.StartAsync("""
            globalThis.done = false;
            addEventListener('scheduled', event => {
              event.waitUntil(new Promise(resolve => setTimeout(() => { globalThis.done = true; resolve(); }, 500)));
            });
            """, timeProvider: time);

        var dispatched = t.Isolate.DispatchScheduledAsync(new ScheduledEventInfo(s_time));
        await t.EvalAsync("1");
        var pending = !dispatched.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(500));
        var result = await dispatched.WaitAsync(s_timeout);

        Assert.That(pending, Is.True);
        Assert.That(result.Outcome, Is.EqualTo("ok"));
        Assert.That(await t.EvalAsync("globalThis.done"), Is.EqualTo("true"));
    }

    [Test]
    public async Task Scheduled_HandlerThrows_OutcomeExceptionAndLogged()
    {
        var log = new CapturingLogger();
        await using var t = await TestIsolate.StartAsync("""
            export default {
              scheduled() {
                throw new Error('cron failed');
              },
            };
            """, logger: log);

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time));
        var entry = await log.WaitForAsync("cron failed").WaitAsync(s_timeout);

        Assert.That(result.Outcome, Is.EqualTo("exception"));
        Assert.That(result.NoRetry, Is.False);
        Assert.That(result.Error, Does.StartWith("Uncaught Error: cron failed"));
        Assert.That(result.Error, Does.Match(@"worker\.js:3:\d+"));
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(t.Isolate.IsRetired, Is.False, "an exception does not retire the isolate");
    }

    [Test]
    public async Task Scheduled_HandlerPromiseRejects_OutcomeException()
    {
        var time = new FakeTimeProvider(s_time);
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async scheduled() {
                await new Promise(resolve => setTimeout(resolve, 10));
                throw new TypeError('later');
              },
            };
            """, timeProvider: time);

        var dispatched = t.Isolate.DispatchScheduledAsync(new ScheduledEventInfo(s_time));
        await t.EvalAsync("1");
        time.Advance(TimeSpan.FromMilliseconds(10));
        var result = await dispatched.WaitAsync(s_timeout);

        Assert.That(result.Outcome, Is.EqualTo("exception"));
        Assert.That(result.Error, Does.StartWith("Uncaught TypeError: later"));
    }

    [Test]
    public async Task Scheduled_ServiceWorkerListenerThrows_OutcomeException()
    {
        await using var t = await TestIsolate.StartAsync("""
            addEventListener('scheduled', () => { throw new RangeError('listener failed'); });
            """);

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time));

        Assert.That(result.Outcome, Is.EqualTo("exception"));
        Assert.That(result.Error, Does.Contain("RangeError: listener failed"));
    }

    [Test]
    public async Task Scheduled_WaitUntilRejects_OutcomeExceptionOnceAllWorkSettles()
    {
        var time = new FakeTimeProvider(s_time);
        var log = new CapturingLogger();
        await using var t = await TestIsolate.StartAsync("""
            globalThis.finished = false;
            export default {
              scheduled(controller, env, ctx) {
                ctx.waitUntil(Promise.reject(new Error('background failed')));
                ctx.waitUntil(new Promise(resolve => setTimeout(() => { globalThis.finished = true; resolve(); }, 1000)));
              },
            };
            """, logger: log, timeProvider: time);

        var dispatched = t.Isolate.DispatchScheduledAsync(new ScheduledEventInfo(s_time));
        await t.EvalAsync("1");
        var pending = !dispatched.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await dispatched.WaitAsync(s_timeout);

        Assert.That(pending, Is.True, "a rejected waitUntil does not cut the other work short");
        Assert.That(result.Outcome, Is.EqualTo("exception"));
        Assert.That(result.Error, Does.Contain("Error: background failed"));
        Assert.That(await t.EvalAsync("globalThis.finished"), Is.EqualTo("true"));
        Assert.That(log.Entries.Any(e => e.Message.Contains("background failed", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task Scheduled_ThrowsAfterWaitUntil_WaitUntilStillRuns()
    {
        var time = new FakeTimeProvider(s_time);
        await using var t = await TestIsolate.StartAsync("""
            globalThis.finished = false;
            export default {
              scheduled(controller, env, ctx) {
                ctx.waitUntil(new Promise(resolve => setTimeout(() => { globalThis.finished = true; resolve(); }, 1000)));
                throw new Error('after waitUntil');
              },
            };
            """, timeProvider: time);

        var dispatched = t.Isolate.DispatchScheduledAsync(new ScheduledEventInfo(s_time));
        await t.EvalAsync("1");
        var pending = !dispatched.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await dispatched.WaitAsync(s_timeout);

        Assert.That(pending, Is.True);
        Assert.That(result.Outcome, Is.EqualTo("exception"));
        Assert.That(result.Error, Does.Contain("after waitUntil"));
        Assert.That(await t.EvalAsync("globalThis.finished"), Is.EqualTo("true"));
    }

    [TestCase("export default { fetch() { return new Response('x'); } };", "Handler does not export a scheduled() function")]
    [TestCase("export default { scheduled: 'not a function' };", "Handler does not export a scheduled() function")]
    [TestCase("addEventListener('fetch', () => {});", "No event listener registered for scheduled events.")]
    public async Task Scheduled_NoHandler_OutcomeExceptionWithNoRetry(string script, string message)
    {
        await using var t = await TestIsolate.StartAsync(script);

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time));

        Assert.That(result.Outcome, Is.EqualTo("exception"));
        Assert.That(result.NoRetry, Is.True, "workerd marks an event without a handler not to be retried");
        Assert.That(result.Error, Is.EqualTo("Error: " + message));
    }

    [Test]
    public async Task Scheduled_CpuStepsBreach_ExceededCpuAndIsolateRetires()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default { scheduled() { while (true) {} } };
            """, new IsolateLimits { CpuSteps = 10_000 });

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time));

        Assert.That(result.Outcome, Is.EqualTo("exceededCpu"));
        Assert.That(result.Error, Does.Contain("CPU steps"));
        Assert.That(result.Usage.Steps, Is.GreaterThan(10_000));
        Assert.That(t.Isolate.IsRetired, Is.True);
    }

    [Test]
    public async Task Scheduled_BreachInWaitUntilAfterHandlerThrew_LimitOutcomeWins()
    {
        var time = new FakeTimeProvider(s_time);
        await using var t = await TestIsolate.StartAsync("""
            export default {
              scheduled(controller, env, ctx) {
                ctx.waitUntil(new Promise(resolve => setTimeout(() => { while (true) {} }, 10)));
                throw new Error('first');
              },
            };
            """, new IsolateLimits { CpuSteps = 10_000 }, timeProvider: time);

        var dispatched = t.Isolate.DispatchScheduledAsync(new ScheduledEventInfo(s_time));
        await t.EvalAsync("1");
        time.Advance(TimeSpan.FromMilliseconds(10));
        var result = await dispatched.WaitAsync(s_timeout);

        Assert.That(result.Outcome, Is.EqualTo("exceededCpu"), "a breach aborts the event, as in workerd, whatever its tasks reported");
        Assert.That(t.Isolate.IsRetired, Is.True);
    }

    [Test]
    public async Task Scheduled_MemoryBreach_ExceededMemory()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default { scheduled() { globalThis.big = new Array(10_000_000).fill(1); } };
            """, new IsolateLimits { MemoryBytes = 1024 * 1024 });

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time));

        Assert.That(result.Outcome, Is.EqualTo("exceededMemory"));
        Assert.That(t.Isolate.IsRetired, Is.True);
    }

    [TestCase("return new Promise(() => {});")]
    [TestCase("ctx.waitUntil(new Promise(() => {}));")]
    [TestCase("await new Promise(resolve => { const id = setTimeout(resolve, 60000); clearTimeout(id); });")]
    public async Task Scheduled_WorkThatCanNeverSettle_EndsPromptlyAsHung(string body)
    {
        var log = new CapturingLogger();
        await using var t = await TestIsolate.StartAsync($$"""
            export default { async scheduled(controller, env, ctx) { {{body}} } };
            """, logger: log);
        var clock = Stopwatch.StartNew();

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time));

        Assert.That(result.Outcome, Is.EqualTo("exception"));
        Assert.That(result.Error, Does.Contain("hung and would never generate a response"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(log.Entries.Any(e => e.Message.Contains("hung", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task Scheduled_PendingTimerPastWallTimeLimit_ExceededWallTime()
    {
        var time = new FakeTimeProvider(s_time);
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async scheduled() { await new Promise(resolve => setTimeout(resolve, 60 * 60 * 1000)); },
            };
            """, timeProvider: time);

        var dispatched = t.Isolate.DispatchScheduledAsync(new ScheduledEventInfo(s_time));
        await t.EvalAsync("1");
        time.Advance(TimeSpan.FromMinutes(14));
        await t.EvalAsync("1");
        var pendingBeforeLimit = !dispatched.IsCompleted;
        time.Advance(TimeSpan.FromMinutes(1));
        var result = await dispatched.WaitAsync(s_timeout);

        Assert.That(pendingBeforeLimit, Is.True);
        Assert.That(result.Outcome, Is.EqualTo("exceededWallTime"));
        Assert.That(t.Isolate.ActiveCount, Is.Zero, "the event's timer was cancelled with it");
    }

    [Test]
    public async Task Scheduled_HostCancels_OutcomeCanceled()
    {
        var time = new FakeTimeProvider(s_time);
        using var cancel = new CancellationTokenSource();
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async scheduled() { await new Promise(resolve => setTimeout(resolve, 60000)); },
            };
            """, timeProvider: time);

        var dispatched = t.Isolate.DispatchScheduledAsync(new ScheduledEventInfo(s_time), cancel.Token);
        await t.EvalAsync("1");
        await cancel.CancelAsync();
        var result = await dispatched.WaitAsync(s_timeout);

        Assert.That(result.Outcome, Is.EqualTo("canceled"));
    }

    [Test]
    public async Task Scheduled_Result_CarriesUsage()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default { scheduled() { let x = 0; for (let i = 0; i < 100; i++) x += i; globalThis.x = x; } };
            """);

        var result = await DispatchAsync(t, new ScheduledEventInfo(s_time));

        Assert.That(result.Outcome, Is.EqualTo("ok"));
        Assert.That(result.Usage.Steps, Is.GreaterThan(100));
        Assert.That(result.Usage.CpuMilliseconds, Is.GreaterThan(0));
    }

    [Test]
    public async Task Scheduled_FetchStillServed_ByTheSameWorker()
    {
        await using var t = await TestIsolate.StartAsync("""
            let runs = 0;
            export default {
              scheduled() { runs++; },
              fetch() { return new Response(String(runs)); },
            };
            """);

        await DispatchAsync(t, new ScheduledEventInfo(s_time));
        await DispatchAsync(t, new ScheduledEventInfo(s_time));
        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("2"));
    }

    private static Task<ScheduledResult> DispatchAsync(TestIsolate t, ScheduledEventInfo info)
        => t.Isolate.DispatchScheduledAsync(info).WaitAsync(s_timeout);
}
