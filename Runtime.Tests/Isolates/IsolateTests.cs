using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;
using Workers.Runtime.Tests.WebApi.Console;

namespace Workers.Runtime.Tests.Isolates;

/// <summary>Recursion, regular expressions, uncatchable breaches, retiring and independence of isolates.</summary>
[TestFixture]
public sealed class IsolateTests
{
    // The stack guard's catchable RangeError for recursion that grows the native stack; a proper
    // tail call (Jint implements them in strict code, V8 does not) does not grow it and runs until
    // the CPU limit.
    private static bool IsRangeErrorOrCpuBreach(WorkerResponse response)
        => (response.Status == 503 && response.BodyText.Contains("CPU time limit", StringComparison.Ordinal))
            || (response.Status == 200 && response.BodyText == "caught RangeError");

    [Test]
    public async Task Recursion_Infinite_ThrowsUncaughtRangeError()
    {
        await using var t = await TestIsolate.StartAsync("""
            function down(n) { return down(n + 1) + 1; }
            export default { fetch() { return new Response(String(down(0))); } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("RangeError: Maximum call stack size exceeded"));
    }

    [Test]
    public async Task Recursion_TenThousandDeep_WorksAsInV8()
    {
        await using var t = await TestIsolate.StartAsync("""
            const depth = n => n === 0 ? 0 : 1 + depth(n - 1);
            export default { fetch() { return new Response(String(depth(10000))); } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("10000"));
    }

    [Test]
    public async Task Recursion_PastTheStack_IsCaughtAndTheIsolateServesOn()
    {
        await using var t = await TestIsolate.StartAsync("""
            let deepest = 0;
            const down = n => { deepest = n; return down(n + 1) + 1; };
            export default {
              fetch() {
                try { down(0); } catch (e) { return new Response(e.name + ' at ' + (deepest > 10000)); }
                return new Response('returned');
              },
            };
            """);

        var first = await t.FetchAsync();
        var second = await t.FetchAsync();

        Assert.That(first.BodyText, Is.EqualTo("RangeError at true"));
        Assert.That(second.BodyText, Is.EqualTo("RangeError at true"));
    }

    // Each shape spends more native stack per JS call than a plain call; none may abort the process.
    [TestCase("function f(n) { return f(n + 1); }")]
    [TestCase("function f(n) { return [n].map(x => f(x + 1))[0]; }")]
    [TestCase("function f(n) { return { get v() { return f(n + 1); } }.v; }")]
    [TestCase("function f(n) { return JSON.stringify({ toJSON() { return f(n + 1); } }); }")]
    [TestCase("function f(n) { return `${{ toString() { return f(n + 1); } }}`; }")]
    [TestCase("function f(n) { return new Proxy({}, { get() { return f(n + 1); } }).x; }")]
    [TestCase("function f(n) { return Reflect.apply(f, null, [n + 1]); }")]
    [TestCase("function f(n) { return new Headers({ get a() { return f(n + 1); } }); }")]
    [TestCase("function f(n) { console.log({ get a() { return 1; } }); return f.call(null, n + 1); }")]
    [TestCase("class A { constructor(n) { new A(n + 1); } } function f(n) { return new A(n); }")]
    public async Task Recursion_InfiniteThroughBuiltins_BreachesOrThrowsRangeError(string recursion)
    {
        await using var t = await TestIsolate.StartAsync(limits: new IsolateLimits { CpuTimeMs = 2_000 }, script: recursion + """

            export default {
              fetch() {
                try {
                  f(0);
                  return new Response('returned');
                } catch (e) {
                  return new Response('caught ' + e.name);
                }
              },
            };
            """);

        var response = await t.FetchAsync();

        Assert.That(IsRangeErrorOrCpuBreach(response), Is.True, $"{response.Status}: {response.BodyText}");
    }

    [Test]
    public async Task Recursion_Depth2000_Works()
    {
        await using var t = await TestIsolate.StartAsync("""
            const depth = n => n === 0 ? 0 : 1 + depth(n - 1);
            export default { fetch() { return new Response(String(depth(2000))); } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("2000"));
    }

    [Test]
    public async Task Recursion_UnderConfiguredLimit_WorksAndOverItBreaches()
    {
        await using var t = await TestIsolate.StartAsync("""
            const depth = n => n === 0 ? 0 : 1 + depth(n - 1);
            export default {
              fetch(request) {
                return new Response(String(depth(request.url.endsWith('/deep') ? 600 : 400)));
              },
            };
            """, new IsolateLimits { MaxRecursionDepth = 500 });

        var shallow = await t.FetchAsync("http://localhost/shallow");
        var deep = await t.FetchAsync("http://localhost/deep");

        Assert.That(shallow.BodyText, Is.EqualTo("400"));
        Assert.That(deep.Status, Is.EqualTo(503));
        Assert.That(deep.BodyText, Does.Contain("recursion depth"));
    }

    [Test]
    public async Task Regex_CatastrophicBacktracking_Returns503()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                try {
                  return new Response(String(/^(\w+\s?)*$/.test('a'.repeat(40) + '!')));
                } catch (e) {
                  return new Response('caught ' + e);
                }
              },
            };
            """, new IsolateLimits { RegexTimeout = TimeSpan.FromMilliseconds(100) });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503), response.BodyText);
        Assert.That(response.BodyText, Does.Contain("regular expression"));
        Assert.That(response.Error?.Limit, Is.EqualTo(LimitKind.RegexTime));
    }

    [TestCase("while (true) {}")]
    [TestCase("const items = []; while (true) items.push({ n: items.length });")]
    [TestCase("for (let i = 0; ; i++) {}")]
    public async Task Breach_InsideTryCatchFinally_CannotBeCaught(string body)
    {
        await using var t = await TestIsolate.StartAsync($$"""
            export default {
              fetch() {
                try {
                  {{body}}
                } catch (e) {
                  globalThis.caught = 'catch';
                } finally {
                  globalThis.cleanedUp = 'finally';
                }
                return new Response('escaped');
              },
            };
            """, new IsolateLimits { CpuTimeMs = 100, CpuSteps = 200_000, MemoryBytes = 4 * 1024 * 1024 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(await t.EvalAsync("String(globalThis.caught) + ',' + String(globalThis.cleanedUp)"), Is.EqualTo("undefined,undefined"));
    }

    [Test]
    public async Task Breach_InsideAsyncTryCatch_CannotBeCaught()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async fetch() {
                try {
                  await null;
                  while (true) {}
                } catch (e) {
                  return new Response('caught');
                } finally {
                  return new Response('finally');
                }
              },
            };
            """, new IsolateLimits { CpuSteps = 10_000 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(response.BodyText, Does.Contain("CPU steps"));
    }

    [Test]
    public async Task Breach_NextRequest_ServedByFreshIsolate()
    {
        await using var host = await WorkerHost.StartAsync(new WorkerHostOptions
        {
            Script = WorkerScript.Parse("""
                let served = 0;
                export default {
                  fetch(request) {
                    served++;
                    if (request.url.endsWith('/burn')) while (true) {}
                    return new Response('served ' + served);
                  },
                };
                """),
            Limits = new IsolateLimits { CpuTimeMs = 50 },
        });

        var first = await host.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/")));
        var burn = await host.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/burn")));
        var after = await host.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/")));

        Assert.That(first.BodyText, Is.EqualTo("served 1"));
        Assert.That(burn.Status, Is.EqualTo(503));
        Assert.That(after.Status, Is.EqualTo(200));
        Assert.That(after.BodyText, Is.EqualTo("served 1"), "the fresh isolate starts with fresh globals");
        Assert.That(host.IsolatesCreated, Is.EqualTo(2));
    }

    [Test]
    public async Task Breach_OtherRequestsInSameIsolate_StillFinish()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async fetch(request) {
                if (request.url.endsWith('/burn')) while (true) {}
                await new Promise(resolve => setTimeout(resolve, 200));
                return new Response('slow but fine');
              },
            };
            """, new IsolateLimits { CpuTimeMs = 50 });

        var slow = t.FetchAsync("http://localhost/slow");
        var burn = await t.FetchAsync("http://localhost/burn");
        var finished = await slow;

        Assert.That(burn.Status, Is.EqualTo(503));
        Assert.That(t.Isolate.IsRetired, Is.True);
        Assert.That(finished.BodyText, Is.EqualTo("slow but fine"));
    }

    [Test]
    public async Task Breach_InOneIsolate_DoesNotDelayAnother()
    {
        var log = new CapturingLogger();
        await using var busy = await WorkerHost.StartAsync(new WorkerHostOptions
        {
            Name = "busy",
            Script = WorkerScript.Parse("""
                export default { fetch() { console.log('burning'); while (true) {} } };
                """),
            Limits = new IsolateLimits { CpuTimeMs = 3_000 },
            LoggerFactory = log,
        });
        await using var quick = await WorkerHost.StartAsync(new WorkerHostOptions
        {
            Name = "quick",
            Script = WorkerScript.Parse("export default { fetch() { return new Response('quick'); } };"),
        });

        var burning = busy.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/")));
        await log.WaitForAsync("burning");
        var answer = await quick.DispatchAsync(new WorkerRequest("GET", new Uri("http://localhost/")));

        Assert.That(answer.BodyText, Is.EqualTo("quick"));
        Assert.That(burning.IsCompleted, Is.False, "the quick worker answered while the busy one was still burning");
        var breached = await burning.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(breached.Status, Is.EqualTo(503));
    }

    [Test]
    public async Task Pollution_PrototypesAndGlobals_DoNotLeakToAnotherIsolate()
    {
        await using var polluter = await TestIsolate.StartAsync();
        await using var other = await TestIsolate.StartAsync();

        await polluter.EvalAsync("""
            Object.prototype.polluted = 1;
            Array.prototype.map = function () { return 'hacked'; };
            String.prototype.toUpperCase = () => 'hacked';
            globalThis.JSON = undefined;
            console.log = () => { throw new Error('hacked'); };
            'done'
            """);

        var result = await other.EvalAsync("[typeof ({}).polluted, [1].map(x => x + 1)[0], 'a'.toUpperCase(), typeof JSON, typeof console.log('x')].join(',')");

        Assert.That(result, Is.EqualTo("undefined,2,A,object,undefined"));
    }

    [Test]
    public async Task Pollution_ScriptReplacesPromiseStatics_RuntimeStillResponds()
    {
        await using var t = await TestIsolate.StartAsync("""
            Promise.resolve = () => { throw new Error('replaced resolve'); };
            Promise.prototype.then = function () { throw new Error('replaced then'); };
            export default { fetch() { return new Response('still works'); } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("still works"));
    }

    [Test]
    public async Task Start_BreachWhileLoading_ThrowsWorkerLoadException()
    {
        var e = Assert.ThrowsAsync<WorkerLoadException>(() => TestIsolate.StartAsync("while (true) {}", new IsolateLimits { CpuTimeMs = 50 }));

        Assert.That(e!.Message, Does.Contain("CPU time"));
    }
}
