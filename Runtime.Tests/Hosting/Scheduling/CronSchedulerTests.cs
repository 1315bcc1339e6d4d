using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Workers.Runtime.Hosting.Scheduling;
using Workers.Runtime.Tests.WebApi.Console;

namespace Workers.Runtime.Tests.Hosting.Scheduling;

/// <summary>The cron scheduler, driven by a fake clock: firings, scheduled times, failures, reloads, disposal.</summary>
[TestFixture]
public sealed class CronSchedulerTests
{
    /// <summary>A Monday, half a minute past 07:08 UTC.</summary>
    private static readonly DateTimeOffset s_start = new(2024, 5, 6, 7, 8, 30, TimeSpan.Zero);

    private readonly ConcurrentQueue<(string Worker, string Cron, DateTimeOffset Time)> _fired = new();

    [SetUp]
    public void SetUp() => _fired.Clear();

    [Test]
    public async Task Start_EveryMinute_FiresOnceAtEachMinuteWithItsScheduledTime()
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, [("a", ["* * * * *"])]);
        scheduler.Start();

        Step(time, 3);

        Assert.That(_fired.Select(f => f.Time), Is.EqualTo(new[] { At(7, 9), At(7, 10), At(7, 11) }));
        Assert.That(_fired.Select(f => (f.Worker, f.Cron)).Distinct(), Is.EqualTo(new[] { ("a", "* * * * *") }));
    }

    [Test]
    public async Task Create_NotStarted_DoesNotFire()
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, [("a", ["* * * * *"])]);

        Step(time, 5);

        Assert.That(_fired, Is.Empty);
        Assert.That(scheduler.NextOccurrence("a", "* * * * *"), Is.Null);
    }

    [Test]
    public async Task Start_SeveralWorkersAndCrons_EachFiresOnItsOwnSchedule()
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, [("a", ["*/20 * * * *", "0 8 * * *"]), ("b", ["30 7 * * *"])]);
        scheduler.Start();

        Step(time, 60);

        Assert.That(_fired, Is.EquivalentTo(new[]
        {
            ("a", "*/20 * * * *", At(7, 20)),
            ("b", "30 7 * * *", At(7, 30)),
            ("a", "*/20 * * * *", At(7, 40)),
            ("a", "*/20 * * * *", At(8, 0)),
            ("a", "0 8 * * *", At(8, 0)),
        }));
    }

    [Test]
    public async Task Fire_SlowCallback_DelaysNeitherOtherCronsNorItsOwnNextRun()
    {
        var time = new FakeTimeProvider(s_start);
        var never = new TaskCompletionSource();
        await using var scheduler = new CronScheduler(time, [("slow", ["* * * * *"]), ("fast", ["* * * * *"])], (worker, cron, at) =>
        {
            _fired.Enqueue((worker, cron, at));
            return worker == "slow" ? never.Task : Task.CompletedTask;
        });
        scheduler.Start();

        Step(time, 2);

        Assert.That(_fired.Count(f => f.Worker == "slow"), Is.EqualTo(2));
        Assert.That(_fired.Count(f => f.Worker == "fast"), Is.EqualTo(2));
        never.SetResult();
    }

    [Test]
    public async Task Fire_CallbackThrowsOrFaults_LoggedAndScheduleGoesOn()
    {
        var time = new FakeTimeProvider(s_start);
        var log = new CapturingLogger();
        var calls = 0;
        await using var scheduler = new CronScheduler(time, [("a", ["* * * * *"])], (worker, cron, at) =>
        {
            _fired.Enqueue((worker, cron, at));
            return ++calls switch
            {
                1 => throw new InvalidOperationException("sync failure"),
                2 => Task.FromException(new InvalidOperationException("async failure")),
                _ => Task.CompletedTask,
            };
        }, new Logger<CronScheduler>(log));
        scheduler.Start();

        Step(time, 3);

        Assert.That(_fired, Has.Count.EqualTo(3));
        var errors = log.Entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Message).ToArray();
        Assert.That(errors, Has.Length.EqualTo(2));
        Assert.That(errors, Has.All.Contain("[a]").And.All.Contain("* * * * *"));
    }

    [Test]
    public async Task Fire_CallbackFaultsLater_Logged()
    {
        var time = new FakeTimeProvider(s_start);
        var log = new CapturingLogger();
        var pending = new TaskCompletionSource();
        await using var scheduler = new CronScheduler(time, [("a", ["* * * * *"])], (_, _, _) => pending.Task, new Logger<CronScheduler>(log));
        scheduler.Start();
        Step(time, 1);

        pending.SetException(new InvalidOperationException("late failure"));
        var entry = await log.WaitForAsync("failed").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
    }

    [Test]
    public async Task Update_ReplacesTriggers_KeptOnesFireOnceRemovedOnesStop()
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, [("a", ["* * * * *"]), ("b", ["*/2 * * * *"])]);
        scheduler.Start();
        Step(time, 1);
        _fired.Clear();

        scheduler.Update([("b", ["*/2 * * * *"]), ("c", ["* * * * *"])]);
        Step(time, 2);

        Assert.That(_fired.Where(f => f.Worker == "a"), Is.Empty);
        Assert.That(_fired.Where(f => f.Worker == "b").Select(f => f.Time), Is.EqualTo(new[] { At(7, 10) }));
        Assert.That(_fired.Where(f => f.Worker == "c").Select(f => f.Time), Is.EqualTo(new[] { At(7, 10), At(7, 11) }));
        Assert.That(scheduler.Triggers, Is.EquivalentTo(new[] { ("b", "*/2 * * * *"), ("c", "* * * * *") }));
    }

    [Test]
    public async Task Update_InvalidCron_ThrowsAndKeepsTheOldSet()
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, [("a", ["* * * * *"])]);
        scheduler.Start();

        var e = Assert.Throws<ArgumentException>(() => scheduler.Update([("b", ["not a cron"])]));
        Step(time, 1);

        Assert.That(e!.Message, Does.Contain("'b'").And.Contain("not a cron"));
        Assert.That(_fired.Select(f => f.Worker), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Update_BeforeStart_ArmsNothingUntilStart()
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, []);
        scheduler.Update([("a", ["* * * * *"])]);
        Step(time, 1);
        var beforeStart = _fired.Count;

        scheduler.Start();
        Step(time, 1);

        Assert.That(beforeStart, Is.Zero);
        Assert.That(_fired.Select(f => f.Time), Is.EqualTo(new[] { At(7, 10) }));
    }

    [Test]
    public async Task DisposeAsync_StopsTimersAndWaitsForRunningCallbacks()
    {
        var time = new FakeTimeProvider(s_start);
        var running = new TaskCompletionSource();
        var scheduler = new CronScheduler(time, [("a", ["* * * * *"])], (worker, cron, at) =>
        {
            _fired.Enqueue((worker, cron, at));
            return running.Task;
        });
        scheduler.Start();
        Step(time, 1);

        var disposing = scheduler.DisposeAsync().AsTask();
        var waited = !disposing.IsCompleted;
        running.SetResult();
        await disposing.WaitAsync(TimeSpan.FromSeconds(30));
        Step(time, 5);

        Assert.That(waited, Is.True);
        Assert.That(_fired, Has.Count.EqualTo(1));
        Assert.Throws<ObjectDisposedException>(scheduler.Start);
    }

    [Test]
    public void Create_InvalidCron_ThrowsNamingWorker()
    {
        var e = Assert.Throws<ArgumentException>(() => Create(new FakeTimeProvider(s_start), [("w", ["* * * *"])]));

        Assert.That(e!.Message, Does.Contain("'w'").And.Contain("5 fields"));
    }

    [Test]
    public async Task Fire_ClockJumpsPastSeveralOccurrences_FiresOnceAndSkipsTheMissedOnes()
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, [("a", ["*/5 * * * *"])]);
        scheduler.Start();

        time.Advance(TimeSpan.FromMinutes(12));

        Assert.That(_fired.Select(f => f.Time), Is.EqualTo(new[] { At(7, 10) }), "one firing, for the occurrence the timer was armed for, not a burst of missed ones");
        Assert.That(scheduler.NextOccurrence("a", "*/5 * * * *"), Is.EqualTo(At(7, 25)));
    }

    [Test]
    public async Task Fire_StepsThroughOccurrences_EachFiresWithItsOwnTime()
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, [("a", ["*/5 * * * *"])]);
        scheduler.Start();

        Step(time, 12);

        Assert.That(_fired.Select(f => f.Time), Is.EqualTo(new[] { At(7, 10), At(7, 15), At(7, 20) }));
        Assert.That(scheduler.NextOccurrence("a", "*/5 * * * *"), Is.EqualTo(At(7, 25)));
    }

    // Cloudflare's own examples (https://developers.cloudflare.com/workers/configuration/cron-triggers/),
    // counted from Monday 2024-05-06 07:08:30 UTC.
    [TestCase("0 17 * * sun", "2024-05-12T17:00:00Z")]
    [TestCase("0 17 * * 1", "2024-05-12T17:00:00Z")]
    [TestCase("10 7 * * mon-fri", "2024-05-06T07:10:00Z")]
    [TestCase("10 7 * * 2-6", "2024-05-06T07:10:00Z")]
    [TestCase("5 7 * * 2-6", "2024-05-07T07:05:00Z")]
    [TestCase("5 7 * * 3", "2024-05-07T07:05:00Z")]
    [TestCase("0 15 1 * *", "2024-06-01T15:00:00Z")]
    [TestCase("0 18 * * 6L", "2024-05-31T18:00:00Z")]
    [TestCase("0 18 * * friL", "2024-05-31T18:00:00Z")]
    [TestCase("59 23 LW * *", "2024-05-31T23:59:00Z")]
    [TestCase("0 10 * * MON#2", "2024-05-13T10:00:00Z")]
    [TestCase("0 10 * * 2#2", "2024-05-13T10:00:00Z")]
    [TestCase("0 0 * * 7", "2024-05-11T00:00:00Z")]
    [TestCase("0 0 * * 1/3", "2024-05-08T00:00:00Z")]
    public async Task NextOccurrence_CloudflareSyntax_MatchesCloudflareMeaning(string cron, string expected)
    {
        var time = new FakeTimeProvider(s_start);
        await using var scheduler = Create(time, [("a", [cron])]);
        scheduler.Start();

        Assert.That(scheduler.NextOccurrence("a", cron), Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("0 0 * * 0")]
    [TestCase("0 0 * * 8")]
    [TestCase("0 0 * * 0-3")]
    [TestCase("0 0 * *")]
    [TestCase("0 0 0 * * *")]
    [TestCase("61 * * * *")]
    public void TryParse_NotACloudflareCron_ReturnsError(string cron)
    {
        var parsed = CloudflareCron.TryParse(cron, out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Does.Contain(cron));
    }

    private CronScheduler Create(TimeProvider time, IEnumerable<(string Worker, IReadOnlyList<string> Crons)> triggers)
        => new(time, triggers, (worker, cron, at) =>
        {
            _fired.Enqueue((worker, cron, at));
            return Task.CompletedTask;
        });

    /// <summary>
    /// Advances the clock a minute at a time: <see cref="FakeTimeProvider.Advance"/> moves the clock
    /// to the end before it fires the timers that fell due, so one long jump looks like a stalled process.
    /// </summary>
    private static void Step(FakeTimeProvider time, int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private static DateTimeOffset At(int hour, int minute) => new(2024, 5, 6, hour, minute, 0, TimeSpan.Zero);
}
