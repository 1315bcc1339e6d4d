using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Cli.Commands;

/// <summary><c>workers serve &lt;script&gt;</c>: serves one worker over HTTP until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    /// <summary>How long shutdown waits for requests in flight.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var script = new Argument<FileInfo>("script") { Description = "The worker script (ES module or service-worker syntax)." };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => 8787 };
        port.Validators.Add(r => Range(r, r.GetValueOrDefault<int>(), 0, 65535, "--port"));
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var name = new Option<string?>("--name") { Description = "The worker's name in logs (default: the script's file name without extension)." };
        var cpuMs = new Option<int?>("--cpu-ms") { Description = "CPU time limit per request, in milliseconds of JavaScript execution (default 30000)." };
        cpuMs.Validators.Add(r => Positive(r, r.GetValueOrDefault<int?>(), "--cpu-ms"));
        var cpuSteps = new Option<long?>("--cpu-steps") { Description = "Statement limit per request: deterministic, for CI (default: off)." };
        cpuSteps.Validators.Add(r => Positive(r, r.GetValueOrDefault<long?>(), "--cpu-steps"));
        var memoryMb = new Option<int?>("--memory-mb") { Description = "Memory limit: MiB one turn of JavaScript may allocate (default 128)." };
        memoryMb.Validators.Add(r => Positive(r, r.GetValueOrDefault<int?>(), "--memory-mb"));
        var vars = new Option<string[]>("--var") { Description = "A variable for env, as KEY:VALUE; repeatable.", AllowMultipleArgumentsPerToken = false };
        vars.Validators.Add(r =>
        {
            foreach (var v in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (v.IndexOf(':', StringComparison.Ordinal) <= 0)
                {
                    r.AddError($"--var expects KEY:VALUE, got '{v}'.");
                }
            }
        });
        var upstream = new Option<Uri?>("--upstream") { Description = "Origin that requests pass through to after passThroughOnException(), e.g. http://127.0.0.1:3000." };
        upstream.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<Uri?>() is { } u && (!u.IsAbsoluteUri || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
            {
                r.AddError($"--upstream must be an absolute http or https URL, got '{u}'.");
            }
        });
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum level of log lines.", DefaultValueFactory = _ => LogLevel.Information };

        var command = new Command("serve", "Serve a worker script over HTTP.")
        {
            script, port, host, name, cpuMs, cpuSteps, memoryMb, vars, upstream, logLevel,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var limits = new IsolateLimits();
            if (parseResult.GetValue(cpuMs) is { } ms)
            {
                limits.CpuTimeMs = ms;
            }

            limits.CpuSteps = parseResult.GetValue(cpuSteps);
            if (parseResult.GetValue(memoryMb) is { } mb)
            {
                limits.MemoryBytes = mb * 1024L * 1024L;
            }

            var file = parseResult.GetValue(script)!;
            var settings = new ServeSettings(
                file.FullName,
                parseResult.GetValue(name) ?? Path.GetFileNameWithoutExtension(file.Name),
                parseResult.GetValue(host)!,
                parseResult.GetValue(port),
                limits,
                ParseVars(parseResult.GetValue(vars)),
                parseResult.GetValue(upstream),
                parseResult.GetValue(logLevel));
            return await Serve.RunAsync(settings, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static Dictionary<string, string> ParseVars(string[]? pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            result[pair[..colon]] = pair[(colon + 1)..];
        }

        return result;
    }

    private static void Range(OptionResult result, int value, int min, int max, string option)
    {
        if (value < min || value > max)
        {
            result.AddError($"{option} must be between {min} and {max}, got {value}.");
        }
    }

    private static void Positive<T>(OptionResult result, T? value, string option) where T : struct, IComparable<T>
    {
        if (value is { } v && v.CompareTo(default) <= 0)
        {
            result.AddError($"{option} must be a positive number, got {v}.");
        }
    }
}
