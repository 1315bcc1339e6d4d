using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;
using Workers.Runtime.Tests.WebApi.Console;

namespace Workers.Runtime.Tests.WebApi.Handlers;

/// <summary>Module and service-worker handlers, waitUntil, interleaving and the Workers error pages.</summary>
[TestFixture]
public sealed class WorkerGlobalScopeTests
{
    [Test]
    public async Task Fetch_ModuleHandler_GetsRequestEnvAndCtx()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch(request, env, ctx) {
                return new Response([request.method, request.url, env.GREETING, typeof ctx.waitUntil, typeof ctx.passThroughOnException, String(ctx)].join('|'));
              },
            };
            """, vars: new Dictionary<string, string> { ["GREETING"] = "hi" });

        var response = await t.FetchAsync("http://example.com/path?q=1", "POST", "body");

        Assert.That(response.BodyText, Is.EqualTo("POST|http://example.com/path?q=1|hi|function|function|[object ExecutionContext]"));
    }

    [Test]
    public async Task Fetch_ServiceWorkerListener_RespondsWithEvent()
    {
        await using var t = await TestIsolate.StartAsync("""
            addEventListener('fetch', event => {
              event.respondWith(new Response([event.type, event.request.url, String(event)].join('|')));
            });
            """);

        var response = await t.FetchAsync("http://example.com/sw");

        Assert.That(response.BodyText, Is.EqualTo("fetch|http://example.com/sw|[object FetchEvent]"));
    }

    [Test]
    public async Task Fetch_ServiceWorkerAsyncRespondWith_AwaitsPromise()
    {
        await using var t = await TestIsolate.StartAsync("""
            addEventListener('fetch', event => {
              event.respondWith((async () => {
                await new Promise(resolve => setTimeout(resolve, 1));
                return new Response('later', { status: 201 });
              })());
            });
            """);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(201));
        Assert.That(response.BodyText, Is.EqualTo("later"));
    }

    [Test]
    public async Task Fetch_SyncThrow_Returns1101WithMessageAndStack()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                throw new Error('boom');
              },
            };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("Error 1101"));
        Assert.That(response.BodyText, Does.Contain("Error: boom"));
        Assert.That(response.BodyText, Does.Match(@"worker\.js:3:\d+"));
        Assert.That(response.Error?.Kind, Is.EqualTo(WorkerErrorKind.UncaughtException));
    }

    [Test]
    public async Task Fetch_AsyncRejection_Returns1101WithMessageAndStack()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async fetch() {
                await new Promise(resolve => setTimeout(resolve, 1));
                throw new TypeError('later');
              },
            };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("Error 1101"));
        Assert.That(response.BodyText, Does.Contain("TypeError: later"));
        Assert.That(response.BodyText, Does.Match(@"worker\.js:4:\d+"));
    }

    [Test]
    public async Task Fetch_ServiceWorkerThrows_Returns1101WithStack()
    {
        await using var t = await TestIsolate.StartAsync("""
            addEventListener('fetch', event => {
              event.respondWith(Promise.reject(new RangeError('rejected')));
            });
            """, fileName: "sw.js");

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("RangeError: rejected"));
        Assert.That(response.BodyText, Does.Match(@"sw\.js:2:\d+"));
    }

    [TestCase("throw 'a plain string';", "a plain string")]
    [TestCase("throw 42;", "42")]
    [TestCase("throw null;", "null")]
    [TestCase("throw { message: 'shaped like an error' };", "shaped like an error")]
    [TestCase("throw Object.create(null);", "Uncaught")]
    [TestCase("throw Symbol('thrown');", "Uncaught Symbol(thrown)")]
    [TestCase("throw 10n;", "Uncaught 10n")]
    [TestCase("throw { toString() { throw new Error('toString'); } };", "Uncaught")]
    [TestCase("throw { get message() { throw new Error('getter'); } };", "Uncaught")]
    public async Task Fetch_ThrowsNonError_Returns1101(string statement, string expected)
    {
        await using var t = await TestIsolate.StartAsync($$"""
            export default { fetch() { {{statement}} } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("Error 1101").And.Contain(expected));
    }

    [TestCase("throw { toString() { while (true) {} } };")]
    [TestCase("throw { get stack() { while (true) {} } };")]
    [TestCase("throw { message: 'm', get name() { while (true) {} } };")]
    [TestCase("const e = new Error('m'); Object.defineProperty(e, 'stack', { get() { while (true) {} } }); throw e;")]
    public async Task Fetch_ThrownValueLoopsWhenDescribed_Returns503(string statement)
    {
        await using var t = await TestIsolate.StartAsync($$"""
            export default { fetch() { {{statement}} } };
            """, new IsolateLimits { CpuTimeMs = 50 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(response.BodyText, Does.Contain("CPU time"));
    }

    [Test]
    public void Start_TopLevelThrownValueLoopsWhenDescribed_FailsWithLimit()
    {
        var e = Assert.ThrowsAsync<WorkerLoadException>(() => TestIsolate.StartAsync(
            "throw { toString() { while (true) {} } };", new IsolateLimits { CpuTimeMs = 50 }));

        Assert.That(e!.Message, Does.Contain("CPU time"));
    }

    [TestCase("return 'hello';")]
    [TestCase("return {};")]
    [TestCase("return undefined;")]
    [TestCase("return Promise.resolve(42);")]
    [TestCase("return new Request('http://x/');")]
    public async Task Fetch_ResultNotAResponse_Returns500IncorrectType(string statement)
    {
        await using var t = await TestIsolate.StartAsync($$"""
            export default { async fetch() { {{statement}} } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("Incorrect type for Promise"));
        Assert.That(response.Error?.Kind, Is.EqualTo(WorkerErrorKind.NotAResponse));
    }

    [TestCase("return new Promise(() => {});")]
    [TestCase("return new Promise(resolve => { const id = setTimeout(resolve, 60000); clearTimeout(id); });")]
    [TestCase("return new Promise(resolve => setTimeout(() => {}, 1));")]
    [TestCase("await new Promise(() => {}); return new Response('never');")]
    public async Task Fetch_PromiseThatCanNeverSettle_Returns500Promptly(string body)
    {
        await using var t = await TestIsolate.StartAsync($$"""
            export default { async fetch() { {{body}} } };
            """);
        var clock = Stopwatch.StartNew();

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("The script will never generate a response."));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [TestCase("export default { };", "fetch()")]
    [TestCase("export default { fetch: 'not a function' };", "fetch()")]
    [TestCase("addEventListener('fetch', () => {});", "respondWith")]
    [TestCase("addEventListener('scheduled', () => {});", "addEventListener('fetch'")]
    public async Task Fetch_NoUsableHandler_Returns500(string script, string hint)
    {
        await using var t = await TestIsolate.StartAsync(script);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain(hint));
    }

    [Test]
    public async Task Fetch_RespondWithTwice_SecondCallThrows()
    {
        await using var t = await TestIsolate.StartAsync("""
            addEventListener('fetch', event => {
              event.respondWith(new Response('first'));
              try { event.respondWith(new Response('second')); } catch (e) { globalThis.second = e.name; }
            });
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("first"));
        Assert.That(await t.EvalAsync("globalThis.second"), Is.EqualTo("TypeError"));
    }

    [Test]
    public async Task WaitUntil_Module_RunsAfterTheResponse()
    {
        var time = new FakeTimeProvider();
        await using var t = await TestIsolate.StartAsync("""
            globalThis.count = 0;
            export default {
              fetch(request, env, ctx) {
                if (request.url.endsWith('/count')) return new Response(String(globalThis.count));
                ctx.waitUntil(new Promise(resolve => setTimeout(() => { globalThis.count++; resolve(); }, 1000)));
                return new Response('queued ' + globalThis.count);
              },
            };
            """, timeProvider: time);

        var queued = await t.FetchAsync("http://localhost/work");
        var before = await t.FetchAsync("http://localhost/count");
        time.Advance(TimeSpan.FromSeconds(1));
        var after = await t.FetchAsync("http://localhost/count");

        Assert.That(queued.BodyText, Is.EqualTo("queued 0"), "the response does not wait for waitUntil work");
        Assert.That(before.BodyText, Is.EqualTo("0"));
        Assert.That(after.BodyText, Is.EqualTo("1"));
    }

    [Test]
    public async Task WaitUntil_ServiceWorker_RunsAfterTheResponse()
    {
        var time = new FakeTimeProvider();
        await using var t = await TestIsolate.StartAsync("""
            globalThis.count = 0;
            addEventListener('fetch', event => {
              if (event.request.url.endsWith('/count')) return event.respondWith(new Response(String(globalThis.count)));
              event.waitUntil(new Promise(resolve => setTimeout(() => { globalThis.count++; resolve(); }, 1000)));
              event.respondWith(new Response('queued'));
            });
            """, timeProvider: time);

        var queued = await t.FetchAsync("http://localhost/work");
        var before = await t.FetchAsync("http://localhost/count");
        time.Advance(TimeSpan.FromSeconds(1));
        var after = await t.FetchAsync("http://localhost/count");

        Assert.That(queued.BodyText, Is.EqualTo("queued"));
        Assert.That(before.BodyText, Is.EqualTo("0"));
        Assert.That(after.BodyText, Is.EqualTo("1"));
    }

    [Test]
    public async Task WaitUntil_Rejection_IsLoggedAndResponseKept()
    {
        var log = new CapturingLogger();
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch(request, env, ctx) {
                ctx.waitUntil(Promise.reject(new Error('background failed')));
                return new Response('fine');
              },
            };
            """, logger: log);

        var response = await t.FetchAsync();
        var entry = await log.WaitForAsync("background failed");

        Assert.That(response.BodyText, Is.EqualTo("fine"));
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
    }

    [Test]
    public async Task WaitUntil_NeverSettles_CancelledAfterTimeout()
    {
        var time = new FakeTimeProvider();
        await using var t = await TestIsolate.StartAsync("""
            globalThis.fired = 0;
            export default {
              fetch(request, env, ctx) {
                if (request.url.endsWith('/fired')) return new Response(String(globalThis.fired));
                ctx.waitUntil(new Promise(() => setTimeout(() => globalThis.fired++, 60000)));
                return new Response('queued');
              },
            };
            """, new IsolateLimits { WaitUntilTimeout = TimeSpan.FromSeconds(30) }, timeProvider: time);

        await t.FetchAsync("http://localhost/work");
        time.Advance(TimeSpan.FromSeconds(31));
        await t.FetchAsync("http://localhost/fired");
        time.Advance(TimeSpan.FromSeconds(60));
        var fired = await t.FetchAsync("http://localhost/fired");

        Assert.That(fired.BodyText, Is.EqualTo("0"), "the request's timers were cancelled when its waitUntil timed out");
    }

    [Test]
    public async Task Fetch_TwoRequestsAwaitingTimers_InterleaveInOneIsolate()
    {
        var time = new FakeTimeProvider();
        await using var t = await TestIsolate.StartAsync("""
            globalThis.order = [];
            const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
            export default {
              async fetch(request) {
                const name = request.url.endsWith('/a') ? 'a' : 'b';
                globalThis.order.push(name + ' start');
                await sleep(name === 'a' ? 100 : 50);
                globalThis.order.push(name + ' end');
                return new Response(globalThis.order.join(','));
              },
            };
            """, timeProvider: time);

        var a = t.FetchAsync("http://localhost/a");
        var b = t.FetchAsync("http://localhost/b");
        Assert.That(await t.EvalAsync("globalThis.order.join(',')"), Is.EqualTo("a start,b start"));
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.That((await a).BodyText, Is.EqualTo("a start,b start,b end,a end"));
        Assert.That((await b).BodyText, Is.EqualTo("a start,b start,b end"));
    }

    [Test]
    public async Task Fetch_PassThroughOnExceptionThenThrow_MarksErrorForPassThrough()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch(request, env, ctx) {
                if (request.url.endsWith('/pass')) ctx.passThroughOnException();
                throw new Error('failed');
              },
            };
            """);

        var passed = await t.FetchAsync("http://localhost/pass");
        var plain = await t.FetchAsync("http://localhost/plain");

        Assert.That(passed.Error?.PassThrough, Is.True);
        Assert.That(plain.Error?.PassThrough, Is.False);
    }

    [Test]
    public void Start_TopLevelThrow_FailsWithWorkerLoadException()
    {
        var e = Assert.ThrowsAsync<WorkerLoadException>(() => WorkerHost.StartAsync(new WorkerHostOptions
        {
            Script = WorkerScript.Parse("""
                const config = null;
                if (!config) throw new Error('missing configuration');
                export default { fetch() { return new Response('x'); } };
                """),
        }));

        Assert.That(e!.Message, Does.Contain("Error: missing configuration"));
        Assert.That(e.Message, Does.Match(@"worker\.js:2:\d+"));
    }

    [TestCase("setTimeout(() => {}, 10);")]
    [TestCase("setInterval(() => {}, 10);")]
    [TestCase("crypto.randomUUID();")]
    [TestCase("crypto.getRandomValues(new Uint8Array(4));")]
    [TestCase("export default { fetch() {} };\nsetTimeout(() => {}, 0);")]
    public void Start_TimerInGlobalScope_ThrowsDisallowedOperation(string script)
    {
        var e = Assert.ThrowsAsync<WorkerLoadException>(() => TestIsolate.StartAsync(script));

        Assert.That(e!.Message, Does.Contain("Disallowed operation called within global scope"));
    }

    [Test]
    public async Task Start_TimerInGlobalScopeCaught_WorkerStillLoads()
    {
        await using var t = await TestIsolate.StartAsync("""
            let message = '';
            try { setTimeout(() => {}, 1); } catch (e) { message = e.message; }
            export default { fetch() { return new Response(message); } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Does.StartWith("Disallowed operation called within global scope."));
    }

    [Test]
    public async Task RandomValues_InAHandler_AreAllowed()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default { fetch() { return new Response(crypto.randomUUID().length + ' ' + crypto.getRandomValues(new Uint8Array(4)).length); } };
            """);

        Assert.That((await t.FetchAsync()).BodyText, Is.EqualTo("36 4"));
    }
}
