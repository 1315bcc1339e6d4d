using Workers.Runtime.Hosting.Http;

namespace Workers.Runtime.Tests.Hosting.Http;

[TestFixture]
public sealed class FileDescriptorLimitTests
{
    [Test]
    public void Raised_OnLinux_IsTheHardLimitAndTheProcessNowHasIt()
    {
        Assume.That(OperatingSystem.IsLinux() && Environment.Is64BitProcess, "reads /proc/self/limits");

        var raised = FileDescriptorLimit.Raised;

        // "Max open files            1048576              1048576              files"
        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(raised, Is.EqualTo(long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture)), "what the process has now");
        Assert.That(fields[0], Is.EqualTo(fields[1]), "soft limit raised to the hard one");
    }
}
