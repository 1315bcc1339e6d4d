using Microsoft.Extensions.Time.Testing;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>Cron triggers and the on-demand trigger endpoints of a <see cref="WorkerGroup"/>.</summary>
[TestFixture]
public class GroupSchedulingTests
{
    private const string Counter = """
        let runs = [];
        export default {
          scheduled(controller) {
            if (controller.cron === 'fail') throw new Error('cron failed');
            runs.push(controller.cron + '@' + new Date(controller.scheduledTime).toISOString());
          },
          fetch() { return new Response(runs.join(',')); }
        };
        """;

    private static WorkerHostOptions Worker(string name, string code, params string[] crons)
        => new() { Name = name, Script = WorkerScript.Parse(code, name + ".js"), Crons = crons, MaxInstances = 1 };

    private static async Task<string> BodyAsync(WorkerGroup group, string worker)
        => (await group.DispatchAsync(new WorkerRequest("GET", new Uri($"http://{worker}.localhost/")))).BodyText;

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail(what);
    }

    [Test]
    public async Task Cron_triggers_fire_on_schedule_in_utc()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-01T10:00:30Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var group = await WorkerGroup.StartAsync(new WorkerGroupOptions
        {
            Workers = [Worker("jobs", Counter, "*/5 * * * *"), Worker("other", Counter)],
            TimeProvider = time,
            Isolates = new IsolateManagerOptions { TimeProvider = time },
        });

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.That(await BodyAsync(group, "jobs"), Is.Empty, "10:04:30: not yet");

        time.Advance(TimeSpan.FromMinutes(1));
        await EventuallyAsync(async () => await BodyAsync(group, "jobs") == "*/5 * * * *@2026-11-01T10:05:00.000Z", "the 10:05 trigger did not run");

        Assert.That(await BodyAsync(group, "other"), Is.Empty);
        Assert.That(group.Metrics.Requests, Is.GreaterThan(0));
    }

    [Test]
    public async Task The_handler_path_triggers_the_routed_worker_and_reports_the_outcome()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers = [Worker("jobs", Counter), Worker("web", "export default { fetch() { return new Response('web'); } };")],
            ScheduledTriggers = true,
        });

        Assert.That(await server.GetAsync("jobs.localhost", "/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*&time=1767225600000"), Is.EqualTo((200, "ok")));
        Assert.That((await server.GetAsync("jobs.localhost")).Body, Is.EqualTo("*/5 * * * *@2026-01-01T00:00:00.000Z"));
        Assert.That(await server.GetAsync("jobs.localhost", "/cdn-cgi/handler/scheduled?cron=fail"), Is.EqualTo((500, "exception")));

        var (status, body) = await server.GetAsync("web.localhost", "/cdn-cgi/handler/scheduled");
        Assert.That(status, Is.EqualTo(500), "a worker without a scheduled handler");
        Assert.That(body, Is.EqualTo("exception"));

        Assert.That((await server.GetAsync("jobs.localhost", "/__scheduled?cron=x")).Body, Is.EqualTo("*/5 * * * *@2026-01-01T00:00:00.000Z"), "without TestScheduled, /__scheduled goes to the fetch handler");

        using var text = new MemoryStream();
        await server.Group.Metrics.WriteAsync(text);
        var exposition = System.Text.Encoding.UTF8.GetString(text.ToArray());
        Assert.That(exposition, Does.Contain("workers_scheduled_events_total{worker=\"jobs\",outcome=\"ok\"} 1"));
        Assert.That(exposition, Does.Contain("workers_scheduled_events_total{worker=\"jobs\",outcome=\"exception\"} 1"));
    }

    [Test]
    public async Task Test_scheduled_enables_the_wrangler_path()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers = [Worker("jobs", Counter)],
            ScheduledTriggers = true,
            TestScheduled = true,
        });

        Assert.That(await server.GetAsync("127.0.0.1", "/__scheduled?cron=15+*+*+*+*"), Is.EqualTo((200, "Ran scheduled event")));
        Assert.That((await server.GetAsync("127.0.0.1")).Body, Does.StartWith("15 * * * *@"));
    }

    [Test]
    public async Task Reload_reschedules_crons_and_invalid_crons_are_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-01T10:00:30Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var group = await WorkerGroup.StartAsync(new WorkerGroupOptions
        {
            Workers = [Worker("jobs", Counter, "0 * * * *")],
            TimeProvider = time,
            Isolates = new IsolateManagerOptions { TimeProvider = time },
        });
        await group.ReloadAsync([Worker("jobs", Counter, "*/10 * * * *")]);

        time.Advance(TimeSpan.FromMinutes(10));
        await EventuallyAsync(async () => (await BodyAsync(group, "jobs")).StartsWith("*/10 * * * *@", StringComparison.Ordinal), "the reloaded cron did not fire");

        var e = Assert.ThrowsAsync<ArgumentException>(() => group.ReloadAsync([Worker("jobs", Counter, "61 * * * *")]));
        Assert.That(e!.Message, Does.Contain("Worker 'jobs': cron '61 * * * *' is not valid"));
    }

    [Test]
    public async Task A_scheduled_event_runs_under_the_worker_limits()
    {
        await using var group = await WorkerGroup.StartAsync(new WorkerGroupOptions
        {
            Workers = [Worker("burn", "export default { scheduled() { while (true) {} }, fetch() { return new Response('ok'); } };") with { Limits = new IsolateLimits { CpuSteps = 10_000 } }],
        });

        var result = await group.TriggerScheduledAsync("burn", new ScheduledEventInfo(DateTimeOffset.UtcNow, "* * * * *"));

        Assert.That(result.Outcome, Is.EqualTo("exceededCpu"));
        Assert.That(await BodyAsync(group, "burn"), Is.EqualTo("ok"), "the worker serves on from a fresh isolate");
    }

    [Test]
    public async Task Shutdown_cancels_a_running_cron_event_instead_of_waiting_for_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-01T10:00:30Z", System.Globalization.CultureInfo.InvariantCulture));
        var group = await WorkerGroup.StartAsync(new WorkerGroupOptions
        {
            Workers =
            [
                Worker("slow", """
                    let started = false;
                    export default {
                      async scheduled() { started = true; await new Promise(r => setTimeout(r, 600000)); },
                      fetch() { return new Response(String(started)); }
                    };
                    """, "* * * * *"),
            ],
            TimeProvider = time,
            Isolates = new IsolateManagerOptions { TimeProvider = time },
        });
        time.Advance(TimeSpan.FromMinutes(1));
        await EventuallyAsync(async () => await BodyAsync(group, "slow") == "true", "the cron event did not start");

        await group.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(group.Metrics.Requests, Is.GreaterThan(0));
        using var text = new MemoryStream();
        await group.Metrics.WriteAsync(text);
        Assert.That(System.Text.Encoding.UTF8.GetString(text.ToArray()), Does.Contain("workers_scheduled_events_total{worker=\"slow\",outcome=\"canceled\"} 1"));
    }
}
