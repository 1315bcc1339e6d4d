using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;

namespace Workers.Cli.Commands;

/// <summary>
/// <c>workers serve [files...]</c>: serves one or many workers over HTTP until Ctrl+C or SIGTERM.
/// Each file is a worker script or a configuration file (wrangler.toml / wrangler.json(c), or a
/// multi-worker file); with none, the wrangler file of the current folder.
/// </summary>
internal static class ServeCommand
{
    /// <summary>How long shutdown waits for requests in flight.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default metrics path: Cloudflare never gives /cdn-cgi/ paths to a worker, so it shadows no route.</summary>
    public const string DefaultMetricsPath = "/cdn-cgi/workers/metrics";

    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Worker scripts (.js, .mjs) and configuration files (wrangler.toml, wrangler.json, wrangler.jsonc, or a multi-worker file). Default: the wrangler file in the current folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => 8787 };
        port.Validators.Add(r => Range(r, r.GetValueOrDefault<int>(), 0, 65535, "--port"));
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var name = new Option<string?>("--name") { Description = "The name of a worker given as a single script (default: the file name without extension)." };
        var cpuMs = new Option<int?>("--cpu-ms") { Description = "CPU time limit per request, in milliseconds of JavaScript execution (default: limits.cpu_ms, else 30000)." };
        cpuMs.Validators.Add(r => Positive(r, r.GetValueOrDefault<int?>(), "--cpu-ms"));
        var cpuSteps = new Option<long?>("--cpu-steps") { Description = "Statement limit per request: deterministic, for CI (default: off)." };
        cpuSteps.Validators.Add(r => Positive(r, r.GetValueOrDefault<long?>(), "--cpu-steps"));
        var memoryMb = new Option<int?>("--memory-mb") { Description = "Memory limit: MiB one turn of JavaScript may keep (heap growth, garbage excluded; default 128)." };
        memoryMb.Validators.Add(r => Positive(r, r.GetValueOrDefault<int?>(), "--memory-mb"));
        var vars = new Option<string[]>("--var") { Description = "A variable for env, as KEY:VALUE, for every worker, over its configured vars; repeatable.", AllowMultipleArgumentsPerToken = false };
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
        var logFormat = new Option<string>("--log-format") { Description = "Log lines as readable text or as JSON lines.", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var maxInstances = new Option<int>("--max-instances") { Description = "Most isolates one worker may run at once, so a CPU-bound worker can use that many cores.", DefaultValueFactory = _ => Environment.ProcessorCount };
        maxInstances.Validators.Add(r => Positive(r, (int?)r.GetValueOrDefault<int>(), "--max-instances"));
        var maxIsolates = new Option<int>("--max-isolates") { Description = "Most isolates alive in the process; the least recently used idle ones are evicted past it.", DefaultValueFactory = _ => 1000 };
        maxIsolates.Validators.Add(r => Positive(r, (int?)r.GetValueOrDefault<int>(), "--max-isolates"));
        var maxHeapMb = new Option<int?>("--max-heap-mb") { Description = "Managed heap size (MiB) past which idle isolates are evicted (default: no cap)." };
        maxHeapMb.Validators.Add(r => Positive(r, r.GetValueOrDefault<int?>(), "--max-heap-mb"));
        var idleTimeout = new Option<int>("--idle-timeout") { Description = "Seconds an isolate may stay idle before it is evicted.", DefaultValueFactory = _ => 300 };
        idleTimeout.Validators.Add(r => Positive(r, (int?)r.GetValueOrDefault<int>(), "--idle-timeout"));
        var watch = new Option<bool>("--watch") { Description = "Reload a worker when its script, configuration or secrets change; a broken edit keeps the last good version serving." };
        var testScheduled = new Option<bool>("--test-scheduled") { Description = "Also trigger scheduled handlers with GET /__scheduled?cron=..., as wrangler dev --test-scheduled." };
        var metricsPath = new Option<string>("--metrics-path") { Description = "Path that serves Prometheus metrics; 'off' serves none.", DefaultValueFactory = _ => DefaultMetricsPath };
        metricsPath.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (value != "off" && !value.StartsWith('/'))
            {
                r.AddError($"--metrics-path must start with '/' or be 'off', got '{value}'.");
            }
        });

        var command = new Command("serve", "Serve workers over HTTP.")
        {
            files, port, host, name, cpuMs, cpuSteps, memoryMb, vars, upstream, logLevel, logFormat,
            maxInstances, maxIsolates, maxHeapMb, idleTimeout, watch, testScheduled, metricsPath,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var metrics = parseResult.GetValue(metricsPath)!;
            var settings = new ServeSettings
            {
                Inputs = parseResult.GetValue(files) ?? [],
                Name = parseResult.GetValue(name),
                Host = parseResult.GetValue(host)!,
                Port = parseResult.GetValue(port),
                CpuMs = parseResult.GetValue(cpuMs),
                CpuSteps = parseResult.GetValue(cpuSteps),
                MemoryMb = parseResult.GetValue(memoryMb),
                Vars = ParseVars(parseResult.GetValue(vars)),
                Upstream = parseResult.GetValue(upstream),
                LogLevel = parseResult.GetValue(logLevel),
                JsonLogs = parseResult.GetValue(logFormat) == "json",
                MaxInstances = parseResult.GetValue(maxInstances),
                MaxIsolates = parseResult.GetValue(maxIsolates),
                MaxHeapMb = parseResult.GetValue(maxHeapMb),
                IdleTimeout = TimeSpan.FromSeconds(parseResult.GetValue(idleTimeout)),
                Watch = parseResult.GetValue(watch),
                TestScheduled = parseResult.GetValue(testScheduled),
                MetricsPath = metrics == "off" ? null : metrics,
            };
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
