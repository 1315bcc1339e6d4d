using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

[TestFixture]
public sealed class IsolateSmokeTests
{
    [Test]
    public async Task EvalAsync_Arithmetic_ReturnsJson()
    {
        await using var t = await TestIsolate.StartAsync();
        Assert.That(await t.EvalAsync("({ a: 1 + 2 })"), Is.EqualTo("{\"a\":3}"));
    }

    [Test]
    public async Task EvalAsync_AwaitsTimer_ReturnsValue()
    {
        await using var t = await TestIsolate.StartAsync();
        Assert.That(await t.EvalAsync("new Promise(r => setTimeout(() => r('late'), 5))"), Is.EqualTo("late"));
    }

    [Test]
    public async Task EvalAsync_InfiniteLoop_StopsAtCpuLimit()
    {
        await using var t = await TestIsolate.StartAsync(limits: new IsolateLimits { CpuTimeMs = 50 });
        var e = Assert.ThrowsAsync<TestScriptException>(() => t.EvalAsync("while (true) {}"));
        Assert.That(e!.Message, Does.Contain("CPU time limit"));
    }
}
