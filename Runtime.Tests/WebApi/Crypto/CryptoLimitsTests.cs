using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.WebApi.Crypto;

/// <summary>Host work a script asks for is charged to its CPU limit even when no statement follows it.</summary>
[TestFixture]
public sealed class CryptoLimitsTests
{
    [Test]
    public async Task DigestOfALargeBuffer_AsTheLastThingARequestDoes_IsFoundOverTheCpuLimit()
    {
        // ~60 MB of SHA-512 takes tens of milliseconds or more; the limit is 5 ms.
        await using var isolate = await TestIsolate.StartAsync(
            "export default { async fetch() { await crypto.subtle.digest('SHA-512', new Uint8Array(60_000_000)); return new Response('hashed'); } };",
            limits: new IsolateLimits { CpuTimeMs = 5 });

        var response = await isolate.FetchAsync();

        Assert.That((response.Status, response.BodyText), Is.EqualTo((503, "Error 1102: Worker exceeded resource limits\n\nWorker exceeded its CPU time limit (5 ms).\n")));
    }

    [Test]
    public async Task DigestOfASmallBuffer_StaysWithinTheLimit()
    {
        await using var isolate = await TestIsolate.StartAsync(limits: new IsolateLimits { CpuTimeMs = 1_000 });

        Assert.That(await isolate.EvalAsync("crypto.subtle.digest('SHA-256', new Uint8Array(3)).then(b => b.byteLength)"), Is.EqualTo("32"));
    }
}
