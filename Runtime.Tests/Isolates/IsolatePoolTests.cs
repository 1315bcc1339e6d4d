using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

[TestFixture]
public class IsolatePoolTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    // Each instance draws an id once; a request answers with the id of the instance that ran it.
    private const string BurnWorker = """
        const id = Math.random().toString(36).slice(2);
        export default {
          fetch() {
            let x = 0;
            for (let i = 0; i < 300000; i++) { x += i % 7; }
            return new Response(id);
          }
        };
        """;

    private static async Task<WorkerHost> StartAsync(string script, int maxInstances, IsolateManager? manager = null)
        => await WorkerHost.StartAsync(new WorkerHostOptions
        {
            Script = WorkerScript.Parse(script),
            MaxInstances = maxInstances,
            Isolates = manager,
        });

    private static WorkerRequest Get(string path = "/") => new("GET", new Uri("http://localhost" + path));

    [Test]
    public async Task Concurrent_cpu_bound_requests_get_more_instances_up_to_the_maximum()
    {
        await using var host = await StartAsync(BurnWorker, maxInstances: 3);
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.DispatchAsync(Get()))).WaitAsync(s_timeout);

        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(200));
        Assert.That(host.IsolatesCreated, Is.EqualTo(3));
        Assert.That(responses.Select(r => r.BodyText).Distinct().Count(), Is.EqualTo(3), "every instance served some of the requests");
    }

    [Test]
    public async Task With_one_instance_allowed_every_request_runs_in_the_same_isolate()
    {
        await using var host = await StartAsync(BurnWorker, maxInstances: 1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.DispatchAsync(Get()))).WaitAsync(s_timeout);

        Assert.That(host.IsolatesCreated, Is.EqualTo(1));
        Assert.That(responses.Select(r => r.BodyText).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Requests_interleave_inside_one_instance_at_await_points()
    {
        // Each request waits until all five are inside the handler: only possible if they
        // interleave in the one isolate, since they share the counter.
        const string script = """
            let inside = 0;
            export default {
              async fetch() {
                inside++;
                while (inside < 5) { await new Promise(r => setTimeout(r, 5)); }
                return new Response(String(inside));
              }
            };
            """;
        await using var host = await StartAsync(script, maxInstances: 1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.DispatchAsync(Get()))).WaitAsync(s_timeout);

        Assert.That(responses.Select(r => r.BodyText), Is.All.EqualTo("5"));
        Assert.That(host.IsolatesCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task Requests_one_after_another_reuse_the_warm_instance()
    {
        await using var host = await StartAsync(BurnWorker, maxInstances: 4);
        var ids = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add((await host.DispatchAsync(Get()).WaitAsync(s_timeout)).BodyText);
        }

        Assert.That(ids, Has.Count.EqualTo(1));
        Assert.That(host.IsolatesCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task A_breached_instance_is_replaced_and_the_others_keep_serving()
    {
        const string script = """
            const id = Math.random().toString(36).slice(2);
            export default {
              fetch(request) {
                if (request.url.endsWith('/burn')) { while (true) {} }
                return new Response(id);
              }
            };
            """;
        var limits = new IsolateLimits { CpuSteps = 100_000 };
        using var manager = new IsolateManager();
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions
        {
            Script = WorkerScript.Parse(script),
            Limits = limits,
            MaxInstances = 2,
            Isolates = manager,
        });
        var before = (await host.DispatchAsync(Get())).BodyText;
        var burned = await host.DispatchAsync(Get("/burn")).WaitAsync(s_timeout);
        var after = (await host.DispatchAsync(Get()).WaitAsync(s_timeout)).BodyText;

        Assert.That(burned.Status, Is.EqualTo(503));
        Assert.That(after, Is.Not.EqualTo(before), "the breached isolate takes no more requests");
        Assert.That(manager.EvictedCount(EvictionReason.Retired), Is.EqualTo(1));
        Assert.That(manager.LiveCount, Is.EqualTo(1));
    }

    [Test]
    public async Task When_an_extra_instance_fails_to_start_the_waiting_requests_go_to_the_live_one()
    {
        // The first instance starts before the deadline; every later one throws while loading.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds();
        var script = $$"""
            if (Date.now() > {{deadline}}) { throw new Error('started too late'); }
            export default {
              fetch() {
                let x = 0;
                for (let i = 0; i < 300000; i++) { x += i % 7; }
                return new Response('ok');
              }
            };
            """;
        await using var host = await StartAsync(script, maxInstances: 3);
        var wait = deadline - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 50;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait));
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.DispatchAsync(Get()))).WaitAsync(s_timeout);

        Assert.That(responses.Select(r => (r.Status, r.BodyText)), Is.All.EqualTo((200, "ok")));
        Assert.That(host.IsolatesCreated, Is.GreaterThanOrEqualTo(2), "an extra instance was tried");
        Assert.That(host.IsolatesCreated, Is.LessThanOrEqualTo(3), "no new one is tried right after a failure");
        Assert.That(host.InstanceCount, Is.EqualTo(1));
    }
}
