using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Workers.Runtime.Tests.WebApi.Console;

namespace Workers.Runtime.Tests.WebApi.Timers;

/// <summary>setTimeout, setInterval, their clear functions and queueMicrotask, on a fake clock.</summary>
[TestFixture]
public sealed class TimersModuleTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    /// <summary>Starts an evaluation, lets its first turn run, advances the clock, and returns its result.</summary>
    private async Task<string> RunAsync(TestIsolate t, string code, TimeSpan advance)
    {
        var result = t.EvalAsync(code);
        await t.EvalAsync("0"); // The loop is FIFO: once this returns, the first turn above has run.
        _time.Advance(advance);
        return await result;
    }

    [Test]
    public async Task SetTimeout_DifferentDelays_FireInDelayOrder()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await RunAsync(t, """
            new Promise(resolve => {
              const seen = [];
              setTimeout(() => { seen.push('c'); resolve(seen.join()); }, 30);
              setTimeout(() => seen.push('a'), 10);
              setTimeout(() => seen.push('b'), 20);
            })
            """, TimeSpan.FromMilliseconds(30));

        Assert.That(result, Is.EqualTo("a,b,c"));
    }

    [Test]
    public async Task SetTimeout_ExtraArguments_PassedToCallback()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await RunAsync(t, "new Promise(resolve => setTimeout((a, b) => resolve(a + b), 5, 'x', 'y'))", TimeSpan.FromMilliseconds(5));

        Assert.That(result, Is.EqualTo("xy"));
    }

    [Test]
    public async Task SetTimeout_NotYetDue_DoesNotFire()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);
        var pending = t.EvalAsync("new Promise(resolve => setTimeout(() => resolve('fired'), 1000))");
        await t.EvalAsync("0");

        _time.Advance(TimeSpan.FromMilliseconds(999));
        await t.EvalAsync("0");
        Assert.That(pending.IsCompleted, Is.False);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await pending, Is.EqualTo("fired"));
    }

    [Test]
    public async Task ClearTimeout_BeforeDue_CallbackNeverRuns()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await RunAsync(t, """
            new Promise(resolve => {
              const seen = [];
              const id = setTimeout(() => seen.push('cleared'), 10);
              clearTimeout(id);
              clearTimeout(id);
              clearTimeout('not an id');
              setTimeout(() => resolve(seen.join() || 'none'), 20);
            })
            """, TimeSpan.FromMilliseconds(20));

        Assert.That(result, Is.EqualTo("none"));
    }

    [Test]
    public async Task SetInterval_Repeats_UntilCleared()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await RunAsync(t, """
            new Promise(resolve => {
              let n = 0;
              const id = setInterval(() => { if (++n === 3) { clearInterval(id); resolve(String(n)); } }, 10);
            })
            """, TimeSpan.FromMilliseconds(50));

        Assert.That(result, Is.EqualTo("3"));
    }

    [Test]
    public async Task SetTimeout_ReturnsDistinctPositiveIds()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await t.EvalAsync("""
            const ids = [setTimeout(() => {}, 1), setTimeout(() => {}, 1), setInterval(() => {}, 1)];
            ids.forEach(id => clearTimeout(id));
            [ids.every(id => typeof id === 'number' && id > 0), new Set(ids).size].join()
            """);

        Assert.That(result, Is.EqualTo("true,3"));
    }

    [Test]
    public async Task QueueMicrotask_RunsAfterSyncCodeBeforeTimers()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await RunAsync(t, """
            new Promise(resolve => {
              const seen = [];
              setTimeout(() => { seen.push('timer'); resolve(seen.join()); }, 0);
              queueMicrotask(() => seen.push('microtask'));
              seen.push('sync');
            })
            """, TimeSpan.Zero);

        Assert.That(result, Is.EqualTo("sync,microtask,timer"));
    }

    [TestCase("setTimeout('globalThis.x = 1', 1)")]
    [TestCase("setTimeout(undefined, 1)")]
    [TestCase("setInterval({}, 1)")]
    [TestCase("queueMicrotask('globalThis.x = 1')")]
    public async Task Timers_CallbackNotAFunction_ThrowTypeError(string call)
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await t.EvalAsync($"try {{ {call}; 'no error' }} catch (e) {{ e.name + ':' + typeof globalThis.x }}");

        Assert.That(result, Is.EqualTo("TypeError:undefined"));
    }

    [Test]
    public async Task SetTimeout_CallbackThrows_LoggedAndRequestContinues()
    {
        var log = new CapturingLogger();
        await using var t = await TestIsolate.StartAsync(logger: log, timeProvider: _time);

        var result = await RunAsync(t, """
            new Promise(resolve => {
              setTimeout(() => { throw new Error('timer failed'); }, 5);
              setTimeout(() => resolve('still running'), 10);
            })
            """, TimeSpan.FromMilliseconds(10));

        Assert.That(result, Is.EqualTo("still running"));
        var entry = await log.WaitForAsync("timer failed");
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
    }

    [Test]
    public async Task SetTimeout_RequestFinished_TimerCancelled()
    {
        await using var t = await TestIsolate.StartAsync("""
            globalThis.fired = false;
            export default {
              fetch() {
                setTimeout(() => { globalThis.fired = true; }, 1000);
                return new Response('done');
              },
            };
            """, timeProvider: _time);

        var response = await t.FetchAsync();
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(response.BodyText, Is.EqualTo("done"));
        Assert.That(await t.EvalAsync("String(globalThis.fired)"), Is.EqualTo("false"));
    }

    [Test]
    public async Task SetTimeout_NegativeOrNaNDelay_FiresImmediately()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await RunAsync(t, """
            new Promise(resolve => {
              const seen = [];
              setTimeout(() => seen.push('negative'), -5);
              setTimeout(() => { seen.push('nan'); resolve(seen.join()); }, 'soon');
            })
            """, TimeSpan.Zero);

        Assert.That(result, Is.EqualTo("negative,nan"));
    }

    [Test]
    public async Task SetTimeout_HugeDelay_DoesNotFault()
    {
        await using var t = await TestIsolate.StartAsync(timeProvider: _time);

        var result = await t.EvalAsync("const id = setTimeout(() => {}, Infinity); clearTimeout(id); typeof id");

        Assert.That(result, Is.EqualTo("number"));
    }
}
