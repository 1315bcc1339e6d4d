using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

/// <summary>The per-request CPU time, CPU steps and memory limits, summed or measured across turns.</summary>
[TestFixture]
public sealed class BudgetConstraintTests
{
    private const string Burn = """
        function burn(ms) { const end = Date.now() + ms; while (Date.now() < end) {} }
        const tick = () => new Promise(resolve => setTimeout(resolve, 1));
        """;

    private const string Spin = SpinWork.Function + """
        const tick = () => new Promise(resolve => setTimeout(resolve, 1));
        """;

    [Test]
    public async Task CpuTime_TurnsTogetherOverLimit_Returns503()
    {
        // Three turns of ~60 ms of CPU each: every one under the 100 ms limit, together over it.
        var n = await SpinWork.IterationsForAsync(60);
        await using var t = await TestIsolate.StartAsync(Spin + $$"""
            export default {
              async fetch() {
                spin({{n}});
                await tick();
                spin({{n}});
                await tick();
                spin({{n}});
                return new Response('finished');
              },
            };
            """, new IsolateLimits { CpuTimeMs = 100 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(response.BodyText, Does.Contain("Error 1102").And.Contain("CPU time"));
        Assert.That(response.Error?.Limit, Is.EqualTo(LimitKind.CpuTime));
    }

    [Test]
    public async Task CpuTime_OneTurnUnderLimit_Responds()
    {
        await using var t = await TestIsolate.StartAsync(Burn + """
            export default {
              async fetch() {
                burn(120);
                await tick();
                return new Response('finished');
              },
            };
            """, new IsolateLimits { CpuTimeMs = 200 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(response.BodyText, Is.EqualTo("finished"));
    }

    [Test]
    public async Task CpuTime_WaitingOnTimer_IsNotCharged()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async fetch() {
                await new Promise(resolve => setTimeout(resolve, 300));
                return new Response('waited');
              },
            };
            """, new IsolateLimits { CpuTimeMs = 100 });

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("waited"));
    }

    [Test]
    public async Task CpuTime_BreachInTimerCallback_ChargedToRequest()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                return new Promise(resolve => setTimeout(() => { while (true) {} }, 1));
              },
            };
            """, new IsolateLimits { CpuTimeMs = 50 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(response.BodyText, Does.Contain("CPU time"));
    }

    [Test]
    public async Task CpuSteps_SameScriptTwice_BreachesAtSameStep()
    {
        var limits = new IsolateLimits { CpuSteps = 10_000 };
        var counts = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            await using var t = await TestIsolate.StartAsync(limits: limits);
            var e = Assert.ThrowsAsync<TestScriptException>(() => t.EvalAsync("globalThis.i = 0; while (true) { globalThis.i++; }"));
            Assert.That(e!.Message, Does.Contain("CPU steps"));
            counts.Add(await t.EvalAsync("String(globalThis.i)"));
        }

        Assert.That(counts[0], Is.EqualTo(counts[1]));
        Assert.That(int.Parse(counts[0], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1_000, 10_000));
    }

    [Test]
    public async Task CpuSteps_StepsSummedOverTurns_Returns503()
    {
        await using var t = await TestIsolate.StartAsync("""
            const tick = () => new Promise(resolve => setTimeout(resolve, 1));
            export default {
              async fetch(request) {
                const n = request.url.includes('small') ? 100 : 700;
                for (let i = 0; i < n; i++) {}
                if (request.url.includes('once')) return new Response('once');
                await tick();
                for (let i = 0; i < n; i++) {}
                return new Response('twice');
              },
            };
            """, new IsolateLimits { CpuSteps = 1_000 });

        var small = await t.FetchAsync("http://localhost/small");
        var once = await t.FetchAsync("http://localhost/large/once");
        var twice = await t.FetchAsync("http://localhost/large");

        Assert.That(small.BodyText, Is.EqualTo("twice"));
        Assert.That(once.BodyText, Is.EqualTo("once"), "one turn of the large loop fits in the limit");
        Assert.That(twice.Status, Is.EqualTo(503));
        Assert.That(twice.BodyText, Does.Contain("CPU steps"));
        Assert.That(twice.Error?.Limit, Is.EqualTo(LimitKind.CpuSteps));
    }

    [Test]
    public async Task Memory_GrowingArrayInOneTurn_Returns503()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                const items = [];
                while (true) items.push({ n: items.length, text: 'item ' + items.length });
              },
            };
            """, new IsolateLimits { MemoryBytes = 8 * 1024 * 1024 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(response.BodyText, Does.Contain("memory"));
        Assert.That(response.Error?.Limit, Is.EqualTo(LimitKind.Memory));
    }

    [Test]
    public async Task Memory_GrowingStringInOneTurn_Returns503()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                let text = '';
                while (true) text = text + 'abcdefgh' + text.length;
              },
            };
            """, new IsolateLimits { MemoryBytes = 8 * 1024 * 1024 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(response.BodyText, Does.Contain("memory"));
    }

    // One statement over Jint's array-size guard, which the memory limit sets: a breach, not a host fault.
    [TestCase("new Array(1e6).fill(0);")]
    [TestCase("Array.from({ length: 1e7 });")]
    [TestCase("const a = []; a.length = 1e7; a.fill(1);")]
    [TestCase("new Uint8Array(1e9);")]
    public async Task Memory_OneHugeArray_Returns503(string statement)
    {
        await using var t = await TestIsolate.StartAsync($$"""
            export default { fetch() { {{statement}} return new Response('allocated'); } };
            """, new IsolateLimits { MemoryBytes = 4 * 1024 * 1024 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503), response.BodyText);
        Assert.That(response.Error?.Limit, Is.EqualTo(LimitKind.Memory));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Memory_AllocatedAndReleased_InOneTurnOrMany_Responds(bool yieldBetween)
    {
        // 40 rounds of about 1 MiB each, dropped after each round: far above the 8 MiB limit in
        // total, but never more than ~1 MiB kept, so neither form is stopped (as in V8, where
        // the limit is on the heap, and garbage is collected).
        await using var t = await TestIsolate.StartAsync($$"""
            const tick = () => new Promise(resolve => setTimeout(resolve, 0));
            export default {
              async fetch() {
                let total = 0;
                for (let round = 0; round < 40; round++) {
                  let chunk = [];
                  for (let i = 0; i < 4000; i++) chunk.push({ i, text: 'x'.repeat(40) });
                  total += chunk.length;
                  chunk = null;
                  if ({{(yieldBetween ? "true" : "false")}}) await tick();
                }
                return new Response(String(total));
              },
            };
            """, new IsolateLimits { MemoryBytes = 8 * 1024 * 1024 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(200), response.BodyText);
        Assert.That(response.BodyText, Is.EqualTo("160000"));
        Assert.That(response.Usage!.AllocatedBytes, Is.GreaterThan(4 * 8 * 1024 * 1024), "it did allocate several limits' worth");
    }

    [Test]
    public async Task Memory_ArithmeticLoopAllocatingFarPastTheLimit_Responds()
    {
        // Jint allocates for the numbers of every statement: this loop allocates tens of MiB of
        // garbage in one turn and keeps nothing.
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                let x = 0;
                for (let i = 0; i < 300000; i++) { x = (x + i * 7) % 1000003; }
                return new Response(String(x));
              },
            };
            """, new IsolateLimits { MemoryBytes = 4 * 1024 * 1024 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(200), response.BodyText);
        Assert.That(response.Usage!.AllocatedBytes, Is.GreaterThan(2 * 4 * 1024 * 1024));
    }

    [Test]
    public async Task Memory_KeptAcrossALoopThatAlsoMakesGarbage_Returns503()
    {
        // Mostly garbage, but a growing part is kept: stopped once what is kept passes the limit.
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                const kept = [];
                for (let i = 0; ; i++) {
                  const scratch = { i, text: 'y'.repeat(64) };
                  if (i % 4 === 0) kept.push(scratch);
                }
              },
            };
            """, new IsolateLimits { MemoryBytes = 8 * 1024 * 1024 });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503), response.BodyText);
        Assert.That(response.Error?.Limit, Is.EqualTo(LimitKind.Memory));
        Assert.That(response.BodyText, Does.Contain("memory limit"));
    }

    [Test]
    public async Task Limits_ScriptUnderAllLimits_Responds()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async fetch() {
                let sum = 0;
                for (let i = 0; i < 100; i++) sum += i;
                await null;
                return new Response(String(sum));
              },
            };
            """, new IsolateLimits { CpuSteps = 1_000, CpuTimeMs = 1_000, MemoryBytes = 4 * 1024 * 1024 });

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("4950"));
    }

    [Test]
    public void Limits_NonPositiveValues_Throw()
    {
        var limits = new IsolateLimits();
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.CpuTimeMs = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.CpuSteps = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MemoryBytes = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxRecursionDepth = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.RegexTimeout = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.WaitUntilTimeout = TimeSpan.Zero);
    }
}
