using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Hosting.Logging;
using Workers.Runtime.Isolates;
using Workers.Runtime.Tests.Hosting.Metrics;
using Workers.Runtime.Tests.WebApi.Console;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>
/// Requests that never end: a client that disconnects cancels its request, a response not
/// decided within the response timeout is a 524, and either way the event's timers and
/// operations go, its waitUntil work gets 30 seconds, and the isolate serves on.
/// </summary>
[TestFixture]
public sealed class RequestCancellationTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    // /wait sleeps ?ms= (forever by default), after starting waitUntil work that sleeps each of
    // the comma-separated ?background= durations;
    // /respond answers at once after starting the same background work; /state reports counters.
    private const string Script = """
        const state = { started: 0, fired: 0, resumed: 0, background: 0, scheduled: 0 };
        const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
        function background(ctx, url) {
          const list = url.searchParams.get('background');
          if (list === null) return;
          for (const ms of list.split(',')) ctx.waitUntil(sleep(Number(ms)).then(() => { state.background++; }));
        }
        export default {
          async fetch(request, env, ctx) {
            const url = new URL(request.url);
            switch (url.pathname) {
              case '/state':
                return new Response(JSON.stringify(state));
              case '/wait': {
                state.started++;
                background(ctx, url);
                const ms = Number(url.searchParams.get('ms') ?? 1e9);
                await new Promise(resolve => setTimeout(() => { state.fired++; resolve(); }, ms));
                state.resumed++;
                return new Response('waited ' + ms);
              }
              case '/respond':
                background(ctx, url);
                return new Response('responded');
              default:
                return new Response('ok');
            }
          },
          scheduled() {
            state.scheduled++;
          },
        };
        """;

    private static WorkerRequest Get(string pathAndQuery) => new("GET", new Uri("http://localhost" + pathAndQuery));

    [Test]
    public async Task Dispatch_ClientDisconnectsWhileHandlerWaits_Returns499AtOnceAndCancelsItsTimers()
    {
        await using var worker = await Harness.StartAsync();
        using var client = new CancellationTokenSource();

        var waiting = worker.Host.DispatchAsync(Get("/wait"), client.Token);
        var before = await worker.StateAsync();
        var timersWhileWaiting = worker.Time.LiveTimers;
        await client.CancelAsync();
        var response = await waiting.WaitAsync(s_timeout);
        var activeAtOnce = worker.Isolate.ActiveCount;
        var timersAtOnce = worker.Time.LiveTimers;
        worker.Time.Advance(TimeSpan.FromDays(20));
        var after = await worker.StateAsync();

        Assert.That(before.GetProperty("started").GetInt32(), Is.EqualTo(1));
        Assert.That(timersWhileWaiting, Is.EqualTo(2), "the script's timer and the response deadline");
        Assert.That(activeAtOnce, Is.Zero, "the event ended with the cancellation");
        Assert.That(timersAtOnce, Is.Zero, "its timers went with it");
        Assert.That(response.Status, Is.EqualTo(499));
        Assert.That(response.Error?.Kind, Is.EqualTo(WorkerErrorKind.ClientDisconnected));
        Assert.That(response.Usage, Is.Not.Null, "the usage until the cancellation is logged");
        Assert.That(after.GetProperty("fired").GetInt32(), Is.Zero, "the cancelled request's timer never fires");
        Assert.That(after.GetProperty("resumed").GetInt32(), Is.Zero);
        Assert.That(worker.Time.LiveTimers, Is.Zero);
        Assert.That(worker.Isolate.ActiveCount, Is.Zero);
        Assert.That(worker.Isolate.IsRetired, Is.False, "a client going away is not the isolate's fault");
        Assert.That(worker.Host.IsolatesCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task Dispatch_ServiceWorkerClientDisconnects_Returns499()
    {
        await using var worker = await Harness.StartAsync("""
            addEventListener('fetch', event => {
              event.respondWith(new Promise(resolve => setTimeout(() => resolve(new Response('late')), 1e9)));
            });
            """);
        using var client = new CancellationTokenSource();

        var waiting = worker.Host.DispatchAsync(Get("/"), client.Token);
        await client.CancelAsync();
        var response = await waiting.WaitAsync(s_timeout);

        Assert.That(response.Status, Is.EqualTo(499));
        Assert.That(worker.Isolate.ActiveCount, Is.Zero);
        Assert.That(worker.Time.LiveTimers, Is.Zero);
    }

    [Test]
    public async Task Dispatch_ClientDisconnects_OtherRequestsOfTheIsolateContinue()
    {
        await using var worker = await Harness.StartAsync();
        using var client = new CancellationTokenSource();

        var cancelled = worker.Host.DispatchAsync(Get("/wait"), client.Token);
        var other = worker.Host.DispatchAsync(Get("/wait?ms=1000"));
        await worker.StateAsync();
        await client.CancelAsync();
        var gone = await cancelled.WaitAsync(s_timeout);
        var pendingAfterCancel = !other.IsCompleted;
        worker.Time.Advance(TimeSpan.FromSeconds(1));
        var answered = await other.WaitAsync(s_timeout);

        Assert.That(gone.Status, Is.EqualTo(499));
        Assert.That(pendingAfterCancel, Is.True);
        Assert.That(answered.Status, Is.EqualTo(200));
        Assert.That(answered.BodyText, Is.EqualTo("waited 1000"));
    }

    [Test]
    public async Task Dispatch_TokenAlreadyCancelled_NeverRunsTheHandler()
    {
        await using var worker = await Harness.StartAsync();
        using var client = new CancellationTokenSource();
        await client.CancelAsync();

        var response = await worker.Host.DispatchAsync(Get("/wait"), client.Token).WaitAsync(s_timeout);
        var state = await worker.StateAsync();

        Assert.That(response.Status, Is.EqualTo(499));
        Assert.That(state.GetProperty("started").GetInt32(), Is.Zero);
        Assert.That(worker.Isolate.ActiveCount, Is.Zero);
        Assert.That(worker.Time.LiveTimers, Is.Zero);
    }

    [Test]
    public async Task Dispatch_ClientDisconnectsAfterTheResponse_ChangesNothing()
    {
        await using var worker = await Harness.StartAsync();
        using var client = new CancellationTokenSource();

        var response = await worker.Host.DispatchAsync(Get("/respond?background=10000"), client.Token).WaitAsync(s_timeout);
        await client.CancelAsync();
        worker.Time.Advance(TimeSpan.FromSeconds(10));
        var state = await worker.StateAsync();

        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(state.GetProperty("background").GetInt32(), Is.EqualTo(1), "the waitUntil work ran to its end");
        Assert.That(worker.Log.Entries.Any(e => e.Message.Contains("disconnected", StringComparison.Ordinal)), Is.False);
        Assert.That(worker.Isolate.ActiveCount, Is.Zero);
        Assert.That(worker.Time.LiveTimers, Is.Zero);
    }

    [Test]
    public async Task Dispatch_ClientDisconnectsWithWaitUntilPending_WorkRunsOnForTheWaitUntilTimeout()
    {
        await using var worker = await Harness.StartAsync();
        using var client = new CancellationTokenSource();

        // waitUntil work of 20 s and of 40 s; the client leaves after 5 s, so the work may run
        // until 35 s: the first part finishes, the second is cancelled.
        var waiting = worker.Host.DispatchAsync(Get("/wait?background=20000,40000"), client.Token);
        await worker.StateAsync();
        worker.Time.Advance(TimeSpan.FromSeconds(5));
        await client.CancelAsync();
        var response = await waiting.WaitAsync(s_timeout);
        worker.Time.Advance(TimeSpan.FromSeconds(15));
        var at20 = await worker.StateAsync();
        worker.Time.Advance(TimeSpan.FromSeconds(14));
        await worker.StateAsync();
        var activeAt34 = worker.Isolate.ActiveCount;
        worker.Time.Advance(TimeSpan.FromSeconds(1));
        await worker.StateAsync();
        var activeAt35 = worker.Isolate.ActiveCount;
        worker.Time.Advance(TimeSpan.FromDays(20));
        var end = await worker.StateAsync();

        Assert.That(response.Status, Is.EqualTo(499));
        Assert.That(at20.GetProperty("background").GetInt32(), Is.EqualTo(1), "waitUntil work goes on after the disconnect");
        Assert.That(activeAt34, Is.EqualTo(1), "29 s after the disconnect the rest still runs");
        Assert.That(activeAt35, Is.Zero, "30 s after the disconnect it was cancelled");
        Assert.That(end.GetProperty("background").GetInt32(), Is.EqualTo(1));
        Assert.That(end.GetProperty("fired").GetInt32(), Is.Zero, "the handler's own timer went with the event");
        Assert.That(worker.Time.LiveTimers, Is.Zero);
        Assert.That(await worker.Log.WaitForAsync("waitUntil() work did not settle within 30 seconds"), Is.Not.Null);
    }

    [Test]
    public async Task Dispatch_FiftyRequestsWaitingForeverAllCancelled_FreesTheIsolate()
    {
        await using var worker = await Harness.StartAsync();
        var clients = Enumerable.Range(0, 50).Select(_ => new CancellationTokenSource()).ToArray();
        try
        {
            var waiting = clients.Select(c => worker.Host.DispatchAsync(Get("/wait"), c.Token)).ToArray();
            var started = await worker.StateAsync();
            var activeWhileWaiting = worker.Isolate.ActiveCount;
            worker.ManagerTime.Advance(TimeSpan.FromMinutes(2));
            var evictedWhileWaiting = worker.Manager.EvictedCount(EvictionReason.IdleTimeout);
            foreach (var client in clients)
            {
                await client.CancelAsync();
            }

            var responses = await Task.WhenAll(waiting).WaitAsync(s_timeout);
            var normal = await worker.Host.DispatchAsync(Get("/")).WaitAsync(s_timeout);
            var activeAfter = worker.Isolate.ActiveCount;
            var timersAfter = worker.Time.LiveTimers;
            worker.ManagerTime.Advance(TimeSpan.FromMinutes(2));

            Assert.That(started.GetProperty("started").GetInt32(), Is.EqualTo(50));
            Assert.That(activeWhileWaiting, Is.EqualTo(50));
            Assert.That(evictedWhileWaiting, Is.Zero, "an isolate with requests in progress is not idle");
            Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(499));
            Assert.That(normal.BodyText, Is.EqualTo("ok"));
            Assert.That(worker.Host.IsolatesCreated, Is.EqualTo(1), "the same isolate served on");
            Assert.That(activeAfter, Is.Zero);
            Assert.That(timersAfter, Is.Zero, "no timer of the cancelled requests is left");
            Assert.That(worker.Manager.EvictedCount(EvictionReason.IdleTimeout), Is.EqualTo(1), "idle again, so evictable");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Test]
    public async Task Dispatch_RetiredIsolateItsLastRequestCancelled_RaisesDrained()
    {
        await using var worker = await Harness.StartAsync();
        using var client = new CancellationTokenSource();
        var isolate = worker.Isolate;
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        isolate.Drained += _ => drained.TrySetResult();

        var waiting = worker.Host.DispatchAsync(Get("/wait"), client.Token);
        await worker.StateAsync();
        isolate.Retire();
        var drainedBeforeCancel = drained.Task.IsCompleted;
        await client.CancelAsync();
        await waiting.WaitAsync(s_timeout);
        await drained.Task.WaitAsync(s_timeout);

        Assert.That(drainedBeforeCancel, Is.False);
        Assert.That(isolate.ActiveCount, Is.Zero);
    }

    [Test]
    public async Task Dispatch_NoResponseWithinResponseTimeout_Returns524AndKeepsTheIsolate()
    {
        await using var worker = await Harness.StartAsync();

        var waiting = worker.Host.DispatchAsync(Get("/wait"));
        await worker.StateAsync();
        worker.Time.Advance(TimeSpan.FromSeconds(99));
        await worker.StateAsync();
        var pendingAt99 = !waiting.IsCompleted;
        worker.Time.Advance(TimeSpan.FromSeconds(1));
        var response = await waiting.WaitAsync(s_timeout);
        worker.Time.Advance(TimeSpan.FromDays(20));
        var state = await worker.StateAsync();

        Assert.That(pendingAt99, Is.True);
        Assert.That(response.Status, Is.EqualTo(524));
        Assert.That(response.Error?.Kind, Is.EqualTo(WorkerErrorKind.ResponseTimeout));
        Assert.That(response.BodyText, Does.StartWith("Error 524: A timeout occurred"));
        Assert.That(response.BodyText, Does.Contain("did not return a Response within 100 seconds"));
        Assert.That(state.GetProperty("fired").GetInt32(), Is.Zero, "the request's timer was cancelled");
        Assert.That(worker.Time.LiveTimers, Is.Zero);
        Assert.That(worker.Isolate.IsRetired, Is.False, "waiting is not a fault");
        Assert.That(worker.Host.IsolatesCreated, Is.EqualTo(1));
        Assert.That(await worker.Log.WaitForAsync("did not return a Response within 100 seconds"), Is.Not.Null);
    }

    [Test]
    public async Task Dispatch_ResponseTimeoutConfigured_AppliesItsValue()
    {
        await using var worker = await Harness.StartAsync(limits: new IsolateLimits { ResponseTimeout = TimeSpan.FromSeconds(2.5) });

        var waiting = worker.Host.DispatchAsync(Get("/wait?ms=5000"));
        await worker.StateAsync();
        worker.Time.Advance(TimeSpan.FromSeconds(2.5));
        var response = await waiting.WaitAsync(s_timeout);

        Assert.That(response.Status, Is.EqualTo(524));
        Assert.That(response.BodyText, Does.Contain("within 2.5 seconds"));
    }

    [Test]
    public async Task Dispatch_ResponseBeforeTheTimeout_DisarmsIt()
    {
        await using var worker = await Harness.StartAsync();

        // Responds at 60 s; its waitUntil work runs until 80 s, past nothing but the response.
        var waiting = worker.Host.DispatchAsync(Get("/wait?ms=60000&background=80000"));
        await worker.StateAsync();
        worker.Time.Advance(TimeSpan.FromSeconds(60));
        var response = await waiting.WaitAsync(s_timeout);
        var timersAfterResponse = worker.Time.LiveTimers;
        worker.Time.Advance(TimeSpan.FromSeconds(20));
        var state = await worker.StateAsync();

        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(timersAfterResponse, Is.EqualTo(2), "the waitUntil work's timer and the waitUntil limit; the response deadline is gone");
        Assert.That(state.GetProperty("background").GetInt32(), Is.EqualTo(1));
        Assert.That(worker.Time.LiveTimers, Is.Zero);
        Assert.That(worker.Log.Entries.Any(e => e.Message.Contains("524", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Dispatch_ResponseTimeoutOff_WaitsUntilTheClientLeaves()
    {
        await using var worker = await Harness.StartAsync(limits: new IsolateLimits { ResponseTimeout = null });
        using var client = new CancellationTokenSource();

        var waiting = worker.Host.DispatchAsync(Get("/wait?ms=3600000"), client.Token);
        await worker.StateAsync();
        worker.Time.Advance(TimeSpan.FromMinutes(59));
        await worker.StateAsync();
        var pending = !waiting.IsCompleted;
        var timers = worker.Time.LiveTimers;
        await client.CancelAsync();
        var response = await waiting.WaitAsync(s_timeout);

        Assert.That(pending, Is.True);
        Assert.That(timers, Is.EqualTo(1), "only the script's timer: no deadline");
        Assert.That(response.Status, Is.EqualTo(499));
    }

    [Test]
    public async Task Dispatch_ResponseTimeoutWithWaitUntil_WorkRunsOn()
    {
        await using var worker = await Harness.StartAsync();

        var waiting = worker.Host.DispatchAsync(Get("/wait?background=110000"));
        await worker.StateAsync();
        worker.Time.Advance(TimeSpan.FromSeconds(100));
        var response = await waiting.WaitAsync(s_timeout);
        worker.Time.Advance(TimeSpan.FromSeconds(10));
        var state = await worker.StateAsync();

        Assert.That(response.Status, Is.EqualTo(524));
        Assert.That(state.GetProperty("background").GetInt32(), Is.EqualTo(1));
        Assert.That(worker.Isolate.ActiveCount, Is.Zero, "the event ended when its waitUntil work settled");
        Assert.That(worker.Time.LiveTimers, Is.Zero);
    }

    [Test]
    public async Task DispatchScheduled_TokenAlreadyCancelled_NeverRunsTheHandler()
    {
        await using var worker = await Harness.StartAsync();
        using var shutdown = new CancellationTokenSource();
        await shutdown.CancelAsync();

        var result = await worker.Host.DispatchScheduledAsync(new ScheduledEventInfo(worker.Time.GetUtcNow()), shutdown.Token).WaitAsync(s_timeout);
        var state = await worker.StateAsync();

        Assert.That(result.Outcome, Is.EqualTo(EventOutcome.Canceled));
        Assert.That(state.GetProperty("scheduled").GetInt32(), Is.Zero);
        Assert.That(worker.Time.LiveTimers, Is.Zero, "nor is its wall-time limit left armed");
    }

    [Test]
    public async Task GroupDispatch_CancelledAndTimedOutRequests_AreLoggedAndCountedApart()
    {
        var time = new FakeTimeProvider();
        var log = new CapturingLogger();
        await using var group = await WorkerGroup.StartAsync(new WorkerGroupOptions
        {
            Workers = [new WorkerHostOptions { Name = "api", Script = WorkerScript.Parse(Script), TimeProvider = time, MaxInstances = 1 }],
            LoggerFactory = log,
            RunCrons = false,
        });
        using var client = new CancellationTokenSource();

        var disconnected = group.DispatchAsync(Get("/wait?ms=1000000"), client.Token);
        var timedOut = group.DispatchAsync(Get("/wait?ms=1000000"));
        await group.DispatchAsync(Get("/state"));
        await client.CancelAsync();
        var gone = await disconnected.WaitAsync(s_timeout);
        time.Advance(TimeSpan.FromSeconds(100));
        var late = await timedOut.WaitAsync(s_timeout);
        var metrics = await Exposition.ScrapeAsync(group.Metrics);

        Assert.That(gone.Status, Is.EqualTo(499));
        Assert.That(late.Status, Is.EqualTo(524));
        var lines = log.Entries.Where(e => e.Category == RequestLog.Category).Select(e => e.Message).ToList();
        Assert.That(lines, Has.One.Match(@"^api GET /wait\?ms=1000000 499 [\d.]+ms client_disconnected \(cpu "));
        Assert.That(lines, Has.One.Match(@"^api GET /wait\?ms=1000000 524 [\d.]+ms response_timeout \(cpu "));
        Assert.That(log.Entries.Where(e => e.Category == RequestLog.Category && e.Message.Contains(" 499 ", StringComparison.Ordinal)).Select(e => e.Level), Is.All.EqualTo(LogLevel.Warning));
        Assert.That(metrics.Value("workers_requests_total", ("worker", "api"), ("status", "499")), Is.EqualTo(1));
        Assert.That(metrics.Value("workers_requests_total", ("worker", "api"), ("status", "524")), Is.EqualTo(1));
        Assert.That(metrics.Value("workers_request_errors_total", ("worker", "api"), ("kind", "client_disconnected")), Is.EqualTo(1));
        Assert.That(metrics.Value("workers_request_errors_total", ("worker", "api"), ("kind", "response_timeout")), Is.EqualTo(1));
        Assert.That(metrics.Samples.Where(s => s.Name == "workers_limit_breaches_total"), Is.Empty, "neither is a limit breach");
    }

    /// <summary>One worker with one instance on a counting fake clock, and its own isolate manager on another.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private Harness(WorkerHost host, CountingTimeProvider time, IsolateManager manager, FakeTimeProvider managerTime, CapturingLogger log)
        {
            Host = host;
            Time = time;
            Manager = manager;
            ManagerTime = managerTime;
            Log = log;
        }

        public WorkerHost Host { get; }

        /// <summary>The isolates' clock: timers, the response deadline, the waitUntil limit.</summary>
        public CountingTimeProvider Time { get; }

        /// <summary>The manager, whose idle sweep runs only when <see cref="ManagerTime"/> is advanced.</summary>
        public IsolateManager Manager { get; }

        public FakeTimeProvider ManagerTime { get; }

        public CapturingLogger Log { get; }

        /// <summary>The worker's only instance.</summary>
        public Isolate Isolate => Host.Pool.Instances().Single();

        public static async Task<Harness> StartAsync(string script = Script, IsolateLimits? limits = null)
        {
            var time = new CountingTimeProvider();
            var managerTime = new FakeTimeProvider();
            var manager = new IsolateManager(new IsolateManagerOptions { IdleTimeout = TimeSpan.FromMinutes(1), TimeProvider = managerTime });
            var log = new CapturingLogger();
            try
            {
                var host = await WorkerHost.StartAsync(new WorkerHostOptions
                {
                    Script = WorkerScript.Parse(script),
                    Limits = limits ?? new IsolateLimits(),
                    MaxInstances = 1,
                    Isolates = manager,
                    TimeProvider = time,
                    LoggerFactory = log,
                });
                return new Harness(host, time, manager, managerTime, log);
            }
            catch
            {
                manager.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The script's counters, from a request queued behind everything dispatched before it:
        /// when it answers, the isolate has run every turn those had queued.
        /// </summary>
        public async Task<JsonElement> StateAsync()
        {
            var response = await Host.DispatchAsync(Get("/state")).WaitAsync(s_timeout);
            using var json = JsonDocument.Parse(response.BodyText);
            return json.RootElement.Clone();
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            Manager.Dispose();
        }
    }
}
