using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Workers.Runtime.Tests.Benchmarks;

/// <summary>
/// Runs the load benchmark script (<c>Benchmarks/load/run.sh --quick --ours-only</c>) end to end:
/// it builds the CLI in Release, serves the benchmark workers and drives them with wrk. Catches a
/// script that has rotted, and a server that cannot take load at all.
/// </summary>
[TestFixture]
[Category("Load")]
[NonParallelizable]
public sealed partial class LoadScriptTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    [Test]
    public async Task QuickRun_OursOnly_PrintsPositiveThroughputForHello()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the load script reads /proc and needs bash and wrk: Linux only");
        }

        var script = Path.Combine(FindRepoRoot(), "Benchmarks", "load", "run.sh");
        Assert.That(File.Exists(script), Is.True, $"missing {script}");

        var (code, stdout, stderr) = await RunAsync("bash", script, "--quick", "--ours-only");

        if (stderr.Contains("wrk is not installed", StringComparison.Ordinal))
        {
            Assert.Fail("wrk is not installed and run.sh could not install it (needs root and apt-get): "
                + "install it with `apt-get install -y wrk`.\n" + stderr);
        }

        Assert.That(code, Is.EqualTo(0), $"run.sh exited with {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");

        var rows = HelloRow().Matches(stdout);
        Assert.That(rows, Is.Not.Empty, $"no hello row in the table:\n{stdout}");
        foreach (Match row in rows)
        {
            var requestsPerSecond = double.Parse(row.Groups["rps"].Value, CultureInfo.InvariantCulture);
            Assert.That(requestsPerSecond, Is.GreaterThan(0), $"hello at {row.Groups["conns"].Value} connections:\n{stdout}");
        }
    }

    /// <summary>The folder holding workers.slnx, above the test binaries.</summary>
    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "workers.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no workers.slnx above {AppContext.BaseDirectory}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM first: the script's trap stops the servers it started. Then anything left.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            if (!process.WaitForExit(20_000))
            {
                process.Kill(entireProcessTree: true);
            }

            Assert.Fail($"run.sh did not finish within {s_timeout}\nstdout:\n{Read(stdout)}\nstderr:\n{Read(stderr)}");
        }

        process.WaitForExit(); // drains the redirected output
        return (process.ExitCode, Read(stdout), Read(stderr));
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    // A table row such as "| hello | 8 | 14090 | - | ...".
    [GeneratedRegex(@"^\| hello \| (?<conns>\d+) \| (?<rps>[0-9.]+) \|", RegexOptions.Multiline)]
    private static partial Regex HelloRow();
}
