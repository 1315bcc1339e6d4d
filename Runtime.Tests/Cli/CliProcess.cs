using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Workers.Runtime.Tests.Cli;

/// <summary>
/// Runs the real <c>workers</c> command (the built workers.dll next to the tests) as a child
/// process, reads its output and stops it with SIGTERM, as a user or a supervisor would.
/// </summary>
internal sealed partial class CliProcess : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private CliProcess(Process process) => _process = process;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static CliProcess Start(params string[] args) => StartIn(null, args);

    /// <summary>Starts the command in <paramref name="workingDirectory"/> (null: the test's own).</summary>
    public static CliProcess StartIn(string? workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "workers.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (cli._stderr)
                {
                    cli._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to completion and returns the exit code.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunInAsync(null, args);

    /// <summary>Runs to completion in <paramref name="workingDirectory"/> and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunInAsync(string? workingDirectory, params string[] args)
    {
        using var cli = StartIn(workingDirectory, args);
        var code = await cli.WaitForExitAsync();
        return (code, cli.Stdout, cli.Stderr);
    }

    /// <summary>Whether this process ignores SIGINT: a child started from it then ignores it too (POSIX keeps ignored signals across exec).</summary>
    public static bool SigintIgnored()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & 0x2) != 0;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until standard output holds <paramref name="text"/> (a line written so far or later).</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            if (_stdout.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((text, seen));
        }

        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(seen.Task, exited).WaitAsync(s_timeout) != seen.Task)
        {
            throw new InvalidOperationException($"workers exited before writing '{text}'. stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
    }

    /// <summary>Waits for the "Ready on URL" line and returns the URL.</summary>
    public async Task<Uri> WaitForReadyAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited).WaitAsync(s_timeout);
        if (first != _ready.Task)
        {
            throw new InvalidOperationException($"workers exited before it was ready. stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return await _ready.Task;
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(s_timeout);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a service manager does on stop.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt() => Signal("-INT");

    /// <summary>Waits for the exit, at most <paramref name="timeout"/>; null when it has not exited by then.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(10_000);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} failed");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            _stdout.AppendLine(line);
            var text = _stdout.ToString();
            foreach (var waiter in _waiters.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult();
            }
        }

        var match = ReadyLine().Match(line);
        if (match.Success)
        {
            _ready.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"^Ready on (http://\S+)")]
    private static partial Regex ReadyLine();
}
