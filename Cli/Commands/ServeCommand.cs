using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Workers.Cli.Commands;

/// <summary>
/// <c>workers serve [files...]</c>: serves one or many workers over HTTP until Ctrl+C or SIGTERM.
/// Each file is a worker script or a configuration file (wrangler.toml / wrangler.json(c), or a
/// multi-worker file); with none, the wrangler file of the current folder.
/// </summary>
/// <remarks>
/// Every value is parsed by <see cref="OptionParsers"/>, so a malformed one is a one-line usage
/// error naming the flag (exit code 2, see <see cref="CliRoot"/>). wrangler dev's flags that do
/// nothing here are <see cref="WranglerDevFlags"/>.
/// </remarks>
internal static class ServeCommand
{
    /// <summary>How long shutdown waits for requests in flight.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default metrics path: Cloudflare never gives /cdn-cgi/ paths to a worker, so it shadows no route.</summary>
    public const string DefaultMetricsPath = "/cdn-cgi/workers/metrics";

    /// <summary>The port when neither <c>--port</c> nor <c>dev.port</c> gives one: wrangler dev's.</summary>
    public const int DefaultPort = 8787;

    /// <summary>The address when neither <c>--host</c>/<c>--ip</c> nor <c>dev.ip</c> gives one: this machine only.</summary>
    public const string DefaultHost = "127.0.0.1";

    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Worker scripts (.js, .mjs) and configuration files (wrangler.toml, wrangler.json, wrangler.jsonc, or a multi-worker file). Default: the wrangler file in the current folder. A name starting with '-' goes after '--'.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var config = new Option<string[]>("--config", "-c")
        {
            Description = "A configuration file to serve, as if given as a FILE; repeatable (wrangler dev -c a -c b). These come before the FILEs.",
            HelpName = "file",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = OptionParsers.NonEmptyList("a file name"),
        };
        var port = new Option<int?>("--port", "-p")
        {
            Description = $"Port to listen on; 0 picks a free one. Default: dev.port of the first configuration file, else {DefaultPort}.",
            HelpName = "port",
            CustomParser = OptionParsers.Port,
        };
        var host = new Option<string?>("--host", "--ip")
        {
            Description = $"Address to listen on (0.0.0.0: every interface). Default: dev.ip of the first configuration file, else {DefaultHost}.",
            HelpName = "address",
            CustomParser = OptionParsers.NonEmpty("an address to listen on, such as 127.0.0.1 or 0.0.0.0"),
        };
        var name = new Option<string?>("--name")
        {
            Description = "The worker's name, when one worker is served (default: its configured name, or a script's file name without extension).",
            HelpName = "name",
            CustomParser = OptionParsers.WorkerName,
        };
        var compatibilityDate = new Option<string?>("--compatibility-date")
        {
            Description = "Compatibility date (YYYY-MM-DD) of every worker, over compatibility_date. Recorded only: there is one behaviour.",
            HelpName = "date",
            CustomParser = OptionParsers.CompatibilityDate,
        };
        var compatibilityFlags = new Option<string[]>("--compatibility-flags", "--compatibility-flag")
        {
            Description = "A compatibility flag of every worker, replacing compatibility_flags; repeatable. Recorded only.",
            HelpName = "flag",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = OptionParsers.NonEmptyList("a compatibility flag"),
        };
        var cwd = new Option<string?>("--cwd")
        {
            Description = "Run as if started in this folder: files, and the wrangler file looked for, are relative to it.",
            HelpName = "folder",
            CustomParser = OptionParsers.NonEmpty("a folder"),
        };
        var cpuMs = new Option<int?>("--cpu-ms")
        {
            Description = "CPU time limit per request, in milliseconds of JavaScript execution (default: limits.cpu_ms, else 30000).",
            HelpName = "ms",
            CustomParser = OptionParsers.PositiveInt("milliseconds"),
        };
        var cpuSteps = new Option<long?>("--cpu-steps")
        {
            Description = "Statement limit per request: deterministic, for CI (default: off).",
            HelpName = "n",
            CustomParser = OptionParsers.PositiveLong("statements"),
        };
        var memoryMb = new Option<int?>("--memory-mb")
        {
            Description = "Memory limit: MiB one turn of JavaScript may keep (heap growth, garbage excluded; default 128).",
            HelpName = "mib",
            CustomParser = OptionParsers.PositiveInt("MiB"),
        };
        var vars = new Option<string[]>("--var")
        {
            Description = "A variable for env, as KEY:VALUE (a string), for every worker, over its configured vars; repeat the flag for each.",
            HelpName = "key:value",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = OptionParsers.KeyValues,
        };
        var upstream = new Option<Uri?>("--upstream")
        {
            Description = "Origin that requests pass through to after passThroughOnException(), e.g. http://127.0.0.1:3000.",
            HelpName = "url",
            CustomParser = OptionParsers.HttpUrl,
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Minimum level of log lines: debug, info, log, warn, error, none (wrangler's), or trace, information, warning, critical.",
            HelpName = "level",
            DefaultValueFactory = _ => LogLevel.Information,
            CustomParser = OptionParsers.LogLevelValue,
        };
        var logFormat = new Option<string?>("--log-format")
        {
            Description = "Log lines as readable text or as JSON lines: text or json (default: text).",
            HelpName = "format",
            CustomParser = OptionParsers.OneOf("text", "json"),
        };
        var maxInstances = new Option<int?>("--max-instances")
        {
            Description = "Most isolates one worker may run at once, so a CPU-bound worker can use that many cores (default: the core count).",
            HelpName = "n",
            CustomParser = OptionParsers.PositiveInt("isolates"),
        };
        var maxIsolates = new Option<int?>("--max-isolates")
        {
            Description = "Most isolates alive in the process; the least recently used idle ones are evicted past it (default: 1000).",
            HelpName = "n",
            CustomParser = OptionParsers.PositiveInt("isolates"),
        };
        var maxHeapMb = new Option<int?>("--max-heap-mb")
        {
            Description = "Managed heap size (MiB) past which idle isolates are evicted (default: no cap).",
            HelpName = "mib",
            CustomParser = OptionParsers.PositiveInt("MiB"),
        };
        var idleTimeout = new Option<int?>("--idle-timeout")
        {
            Description = "Seconds an isolate may stay idle before it is evicted (default: 300).",
            HelpName = "seconds",
            CustomParser = OptionParsers.PositiveInt("seconds"),
        };
        var watch = new Option<bool>("--watch") { Description = "Reload a worker when its script, configuration or secrets change; a broken edit keeps the last good version serving." };
        var testScheduled = new Option<bool>("--test-scheduled") { Description = "Also trigger scheduled handlers with GET /__scheduled?cron=..., as wrangler dev --test-scheduled." };
        var metricsPath = new Option<string?>("--metrics-path")
        {
            Description = $"Path that serves Prometheus metrics; off serves none (default: {DefaultMetricsPath}).",
            HelpName = "path",
            CustomParser = OptionParsers.MetricsPath,
        };

        var command = new Command("serve", "Serve workers over HTTP. wrangler dev's other flags are accepted: each one that does nothing here draws a warning naming it (see README.md).")
        {
            files, config, port, host, name, compatibilityDate, compatibilityFlags, cwd, cpuMs, cpuSteps, memoryMb, vars,
            upstream, logLevel, logFormat, maxInstances, maxIsolates, maxHeapMb, idleTimeout, watch, testScheduled, metricsPath,
        };
        var wrangler = WranglerDevFlags.AddTo(command);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var metrics = parseResult.GetValue(metricsPath) ?? DefaultMetricsPath;
            var settings = new ServeSettings
            {
                Inputs = [.. parseResult.GetValue(config) ?? [], .. parseResult.GetValue(files) ?? []],
                WorkingDirectory = parseResult.GetValue(cwd),
                Name = parseResult.GetValue(name),
                CompatibilityDate = parseResult.GetValue(compatibilityDate),
                CompatibilityFlags = parseResult.GetResult(compatibilityFlags) is null ? null : parseResult.GetValue(compatibilityFlags),
                Host = parseResult.GetValue(host),
                Port = parseResult.GetValue(port),
                CpuMs = parseResult.GetValue(cpuMs),
                CpuSteps = parseResult.GetValue(cpuSteps),
                MemoryMb = parseResult.GetValue(memoryMb),
                Vars = ParseVars(parseResult.GetValue(vars)),
                Upstream = parseResult.GetValue(upstream),
                LogLevel = parseResult.GetValue(logLevel),
                JsonLogs = parseResult.GetValue(logFormat) == "json",
                MaxInstances = parseResult.GetValue(maxInstances) ?? Environment.ProcessorCount,
                MaxIsolates = parseResult.GetValue(maxIsolates) ?? 1000,
                MaxHeapMb = parseResult.GetValue(maxHeapMb),
                IdleTimeout = TimeSpan.FromSeconds(parseResult.GetValue(idleTimeout) ?? 300),
                Watch = parseResult.GetValue(watch),
                TestScheduled = parseResult.GetValue(testScheduled),
                MetricsPath = metrics == "off" ? null : metrics,
                Warnings = wrangler.Warnings(parseResult),
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
}
