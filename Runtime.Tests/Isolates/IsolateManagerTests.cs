using Microsoft.Extensions.Time.Testing;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

[TestFixture]
public class IsolateManagerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private const string IdWorker = """
        const id = Math.random().toString(36).slice(2);
        export default { fetch() { return new Response(id); } };
        """;

    private static WorkerRequest Get(string path = "/") => new("GET", new Uri("http://localhost" + path));

    private static async Task<WorkerHost[]> StartWorkersAsync(IsolateManager manager, int count, string script = IdWorker, TimeProvider? time = null)
    {
        var hosts = new WorkerHost[count];
        for (var i = 0; i < count; i++)
        {
            hosts[i] = await WorkerHost.StartAsync(new WorkerHostOptions
            {
                Script = WorkerScript.Parse(script),
                Name = $"w{i}",
                Isolates = manager,
                TimeProvider = time ?? TimeProvider.System,
            });
        }

        return hosts;
    }

    private static async Task DisposeAllAsync(IEnumerable<WorkerHost> hosts)
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Test]
    public async Task Past_the_isolate_cap_the_least_recently_used_idle_isolates_go_first()
    {
        using var manager = new IsolateManager(new IsolateManagerOptions { MaxIsolates = 3 });
        var evicted = new List<string>();
        manager.IsolateRemoved += (worker, reason) =>
        {
            lock (evicted)
            {
                evicted.Add($"{worker}:{reason}");
            }
        };
        var hosts = await StartWorkersAsync(manager, 5);
        try
        {
            Assert.That(manager.LiveCount, Is.EqualTo(3));
            Assert.That(evicted, Is.EqualTo(new[] { "w0:IsolateCap", "w1:IsolateCap" }));

            // w2 was used last of the survivors' oldest: touching it makes w3 the coldest.
            await hosts[2].DispatchAsync(Get()).WaitAsync(s_timeout);
            var again = await hosts[0].DispatchAsync(Get()).WaitAsync(s_timeout);

            Assert.That(again.Status, Is.EqualTo(200));
            Assert.That(hosts[0].IsolatesCreated, Is.EqualTo(2), "an evicted worker starts a fresh isolate on its next request");
            Assert.That(evicted[^1], Is.EqualTo("w3:IsolateCap"));
            Assert.That(manager.LiveCount, Is.EqualTo(3));
            Assert.That(manager.EvictedCount(EvictionReason.IsolateCap), Is.EqualTo(3));
            Assert.That(manager.CreatedCount, Is.EqualTo(6));
        }
        finally
        {
            await DisposeAllAsync(hosts);
        }
    }

    [Test]
    public async Task Eviction_never_cuts_an_event_short()
    {
        using var manager = new IsolateManager(new IsolateManagerOptions { MaxIsolates = 1 });
        var slow = await StartWorkersAsync(manager, 1, """
            export default {
              async fetch() {
                await new Promise(r => setTimeout(r, 300));
                return new Response('finished');
              }
            };
            """);
        var other = await StartWorkersAsync(manager, 1);
        try
        {
            // The slow worker's isolate was evicted to make room for the other's; start it again.
            var inFlight = slow[0].DispatchAsync(Get());
            await Task.Delay(50);
            var second = await other[0].DispatchAsync(Get()).WaitAsync(s_timeout);
            Assert.That(manager.LiveCount, Is.EqualTo(2), "the busy isolate was kept over the cap");
            var first = await inFlight.WaitAsync(s_timeout);

            Assert.That(second.Status, Is.EqualTo(200));
            Assert.That(first.Status, Is.EqualTo(200));
            Assert.That(first.BodyText, Is.EqualTo("finished"));
        }
        finally
        {
            await DisposeAllAsync([.. slow, .. other]);
        }
    }

    [Test]
    public async Task A_busy_isolate_over_the_cap_is_evicted_once_it_goes_idle()
    {
        using var manager = new IsolateManager(new IsolateManagerOptions { MaxIsolates = 1 });
        var slow = await StartWorkersAsync(manager, 1, """
            export default {
              async fetch() {
                await new Promise(r => setTimeout(r, 200));
                return new Response('finished');
              }
            };
            """);
        var other = await StartWorkersAsync(manager, 1);
        try
        {
            var inFlight = slow[0].DispatchAsync(Get());
            await Task.Delay(50);
            var capEvictions = manager.EvictedCount(EvictionReason.IsolateCap);
            await other[0].DispatchAsync(Get()).WaitAsync(s_timeout);

            Assert.That(manager.LiveCount, Is.EqualTo(2), "the busy isolate stays while its event runs");

            await inFlight.WaitAsync(s_timeout);
            await Task.Delay(50);
            manager.Sweep();

            Assert.That(manager.LiveCount, Is.EqualTo(1));
            Assert.That(manager.EvictedCount(EvictionReason.IsolateCap), Is.EqualTo(capEvictions + 1));
        }
        finally
        {
            await DisposeAllAsync([.. slow, .. other]);
        }
    }

    [Test]
    public async Task Idle_isolates_are_evicted_after_the_idle_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var manager = new IsolateManager(new IsolateManagerOptions { IdleTimeout = TimeSpan.FromMinutes(1), TimeProvider = time });
        var hosts = await StartWorkersAsync(manager, 2, time: time);
        try
        {
            time.Advance(TimeSpan.FromSeconds(40));
            await hosts[1].DispatchAsync(Get()).WaitAsync(s_timeout);
            time.Advance(TimeSpan.FromSeconds(30));

            Assert.That(manager.EvictedCount(EvictionReason.IdleTimeout), Is.EqualTo(1), "only the isolate idle for 70 s");
            Assert.That(manager.LiveCount, Is.EqualTo(1));

            time.Advance(TimeSpan.FromSeconds(40));

            Assert.That(manager.EvictedCount(EvictionReason.IdleTimeout), Is.EqualTo(2));
            Assert.That(manager.LiveCount, Is.EqualTo(0));

            var response = await hosts[0].DispatchAsync(Get()).WaitAsync(s_timeout);
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(hosts[0].IsolatesCreated, Is.EqualTo(2));
        }
        finally
        {
            await DisposeAllAsync(hosts);
        }
    }

    [Test]
    public async Task Over_the_memory_cap_idle_isolates_are_evicted_after_a_collection()
    {
        using var manager = new IsolateManager(new IsolateManagerOptions { MaxMemoryBytes = 1 });
        var hosts = await StartWorkersAsync(manager, 3);
        try
        {
            GC.Collect();
            manager.Sweep();

            Assert.That(manager.EvictedCount(EvictionReason.Memory), Is.EqualTo(3));
            Assert.That(manager.LiveCount, Is.EqualTo(0));
            Assert.That((await hosts[0].DispatchAsync(Get()).WaitAsync(s_timeout)).Status, Is.EqualTo(200));
        }
        finally
        {
            await DisposeAllAsync(hosts);
        }
    }

    [Test]
    public async Task Disposing_a_worker_removes_its_isolates()
    {
        using var manager = new IsolateManager();
        var hosts = await StartWorkersAsync(manager, 2);
        await hosts[0].DisposeAsync();

        Assert.That(manager.LiveCount, Is.EqualTo(1));
        Assert.That(manager.EvictedCount(EvictionReason.Reload), Is.EqualTo(1));
        await hosts[1].DisposeAsync();
    }
}
