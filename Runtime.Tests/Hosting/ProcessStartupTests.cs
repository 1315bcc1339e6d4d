using Workers.Runtime.Tests.Cli;

namespace Workers.Runtime.Tests.Hosting;

[TestFixture]
public sealed class ProcessStartupTests
{
    [Test]
    public async Task SkipTimeZoneSorting_InTheCli_KeepsTimeZonesWorkingForScripts()
    {
        // Run in a child process: the tuning changes process-wide state.
        var dir = Path.Combine(Path.GetTempPath(), "workers-tz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var script = Path.Combine(dir, "tz.js");
            await File.WriteAllTextAsync(script, """
                export default { fetch() {
                  const d = new Date(Date.UTC(2024, 6, 1, 12, 0, 0));
                  const text = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hour12: false }).format(d);
                  return new Response(text + ' ' + Intl.DateTimeFormat().resolvedOptions().timeZone);
                } };
                """);
            using var cli = CliProcess.Start("serve", script, "--port", "0");
            var url = await cli.WaitForReadyAsync();
            Assert.That(await Hosting.TestServer.Client.GetStringAsync(url), Is.EqualTo("08 UTC"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void SkipTimeZoneSorting_OnThisRuntime_FindsThePrivateCache()
    {
        // Fails when a .NET update renames the private cache, so the lost start-up time is noticed.
        // In this test process it can at most leave the zone list unsorted, which no test reads.
        Assert.That(Workers.Runtime.Hosting.ProcessStartup.SkipTimeZoneSorting(), Is.True);
    }
}
