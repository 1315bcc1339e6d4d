using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

/// <summary>
/// Host work is charged when the turn ends: a request whose last act is a long host call
/// (decoding a large buffer here) is found over its CPU limit though no statement follows it.
/// </summary>
[TestFixture]
public sealed class TurnEndLimitTests
{
    [Test]
    public async Task LongHostCallAsTheLastStatement_IsFoundOverTheCpuLimit()
    {
        await using var isolate = await TestIsolate.StartAsync(
            "export default { fetch() { return new Response(String(new TextDecoder().decode(new Uint8Array(20_000_000).fill(0x61)).length)); } };",
            limits: new IsolateLimits { CpuTimeMs = 5 });

        var response = await isolate.FetchAsync();

        Assert.That((response.Status, response.BodyText), Is.EqualTo((503, "Error 1102: Worker exceeded resource limits\n\nWorker exceeded its CPU time limit (5 ms).\n")));
    }
}
