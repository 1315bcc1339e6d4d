using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.WebApi.Url;

/// <summary>
/// Host code that loops for a script (iterating, parsing) must not outrun the limits, which are
/// checked between statements: each case would hold the isolate's thread for seconds, or exhaust
/// memory, if nothing checked inside the host's own loops or bounded its work.
/// </summary>
[TestFixture]
public sealed class UrlLimitsTests
{
    [TestCase("const p = new URLSearchParams('a=b'); p.forEach(p.append, p);")]
    [TestCase("new URLSearchParams({ [Symbol.iterator]() { return { next: Object }; } });")]
    [TestCase("const h = new Headers({ a: '1' }); let i = 0; h.forEach(() => h.append('x' + i++, '1'));")]
    public async Task HostLoopDrivenByTheScript_StopsAtTheCpuLimit(string code)
    {
        await using var isolate = await TestIsolate.StartAsync(limits: new IsolateLimits { CpuTimeMs = 200 });

        var e = Assert.ThrowsAsync<TestScriptException>(() => isolate.EvalAsync(code));

        Assert.That(e!.Message, Does.Contain("CPU time limit"));
    }

    [TestCase("const n = new URL('http://' + '@'.repeat(100000) + 'x/').username.length; n")]
    [TestCase("const n = new URL('http://' + 'a@'.repeat(100000) + 'x/').username.length; n")]
    public async Task ManyAtSignsInTheAuthority_ParseWellWithinTheCpuLimit(string code)
    {
        // Quadratic copying took 16-22 s for these, found by the statement after the parse; the
        // linear parse takes milliseconds.
        await using var isolate = await TestIsolate.StartAsync(limits: new IsolateLimits { CpuTimeMs = 2_000 });

        var length = int.Parse(await isolate.EvalAsync(code), System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(length, Is.GreaterThan(100_000));
    }

    [TestCase("new URL('http://xn--' + 'ba'.repeat(200000) + '/')")]
    [TestCase("new URL('http://a' + Array.from({ length: 2000 }, (_, i) => String.fromCharCode(0x4e00 + i)).join('') + '/')")]
    public async Task HostLabelsLongerThanAnyDnsLabel_AreRefusedWithoutPunycodeWork(string code)
    {
        await using var isolate = await TestIsolate.StartAsync(limits: new IsolateLimits { CpuTimeMs = 5_000 });

        var e = Assert.ThrowsAsync<TestScriptException>(() => isolate.EvalAsync(code));

        Assert.That(e!.Message, Is.EqualTo("TypeError: Invalid URL string."));
    }

    [Test]
    public async Task IteratorResults_AreOwnDataProperties_EvenWithASetterOnObjectPrototype()
    {
        await using var isolate = await TestIsolate.StartAsync();

        var result = await isolate.EvalAsync("""
            Object.defineProperty(Object.prototype, 'value', { set(v) { globalThis.leak = v; }, configurable: true });
            const a = new URLSearchParams('a=1').keys().next();
            const b = new Headers({ h: '1' }).keys().next();
            delete Object.prototype.value;
            [a.value, b.value, typeof globalThis.leak]
            """);

        Assert.That(result, Is.EqualTo("""["a","h","undefined"]"""));
    }

    [Test]
    public async Task Setter_WhoseValueReplacesTheUrl_ChangesTheNewUrl()
        => Assert.That(await TestIsolate.EvalInFreshIsolateAsync("""
            const u = new URL('http://a/');
            u.pathname = { toString() { u.href = 'http://b/'; return '/x'; } };
            u.href
            """), Is.EqualTo("http://b/x"));
}
