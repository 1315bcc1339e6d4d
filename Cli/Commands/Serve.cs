using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Workers.Cli.Logging;
using Workers.Runtime.Hosting;
using Workers.Runtime.Hosting.Config;
using Workers.Runtime.Isolates;

namespace Workers.Cli.Commands;

/// <summary>Runs <c>workers serve</c>: loads the workers, listens, reloads on change, and drains on shutdown.</summary>
internal static partial class Serve
{
    public static async Task<int> RunAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        foreach (var warning in settings.Warnings)
        {
            await error.WriteLineAsync($"workers: warning: {warning}");
        }

        if (await ResolveInputsAsync(settings, error) is not { } inputs)
        {
            return ExitCodes.Usage;
        }

        settings = settings with { Inputs = inputs };
        using var loggerFactory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(settings.LogLevel);
            if (settings.JsonLogs)
            {
                builder.AddJsonLinesConsole();
            }
            else
            {
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                });
            }
        });
        var logger = loggerFactory.CreateLogger("Workers.Serve");

        // From here on, a first Ctrl+C or SIGTERM stops gracefully and a second one exits at once.
        using var signals = new ShutdownSignals(signal => ForceExit(signal, output, error));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.Stopping);

        var loader = new ProjectLoader(settings, loggerFactory);
        WorkerGroup group;
        try
        {
            var workers = loader.Load();
            foreach (var warning in loader.Warnings)
            {
                await error.WriteLineAsync($"workers: warning: {warning}");
            }

            group = await WorkerGroup.StartAsync(new WorkerGroupOptions
            {
                Workers = workers,
                Isolates = new IsolateManagerOptions
                {
                    MaxIsolates = settings.MaxIsolates,
                    MaxMemoryBytes = settings.MaxHeapMb * 1024L * 1024L,
                    IdleTimeout = settings.IdleTimeout,
                },
                MetricsPath = settings.MetricsPath,
                ScheduledTriggers = true,
                TestScheduled = settings.TestScheduled,
                LoggerFactory = loggerFactory,
            }, stopping.Token);
        }
        catch (Exception e) when (e is ConfigException or WorkerLoadException or ArgumentException)
        {
            await error.WriteLineAsync($"workers: {Describe(e)}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await error.WriteLineAsync("workers: stopped before the workers started.");
            return ExitCode(signals.First);
        }

        await using (group)
        {
            var (host, port) = ListenAddress(settings, loader.Dev);
            HttpServer server;
            try
            {
                server = await HttpServer.StartAsync(host, port, group.DispatchAsync, loggerFactory.CreateLogger("Workers.Http"));
            }
            catch (HttpServerStartException e)
            {
                // wrangler's --host is the host requests are forwarded to; here it is where to listen.
                var hint = settings.Host is { } given && !IPAddress.TryParse(given, out _) && !given.Equals("localhost", StringComparison.OrdinalIgnoreCase) && given is not ("*" or "+")
                    ? " (--host is the address to listen on, such as 127.0.0.1 or 0.0.0.0; wrangler dev's --host, the host to forward requests to, has no equivalent here)"
                    : string.Empty;
                await error.WriteLineAsync($"workers: {e.Message}{hint}");
                return ExitCodes.Failed;
            }

            await output.WriteLineAsync($"Ready on {server.Url}");
            await DescribeAsync(output, group, server.Url, settings);
            await output.FlushAsync(CancellationToken.None);

            ReloadWatcher? watcher = null;
            if (settings.Watch)
            {
                watcher = new ReloadWatcher(async () =>
                {
                    await ReloadAsync(loader, group, logger, settings, (host, port));
                    // A reload can add or drop files (a new worker, a new secrets file).
                    watcher!.Watch(loader.WatchPaths);
                });
                watcher.Watch(loader.WatchPaths);
                if (watcher.IsPolling)
                {
                    await output.WriteLineAsync(
                        $"Watching {loader.WatchPaths.Count} files by polling every second (more than {ReloadWatcher.MaxFolderWatchers} folders, or the system's limit on file watchers reached).");
                }
            }

            using var stopWatching = watcher;
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: drain below.
            }

            await output.WriteLineAsync("Shutting down: waiting for requests in flight (Ctrl+C again to exit at once)...");
            await output.FlushAsync(CancellationToken.None);
            await server.StopAsync(ServeCommand.DrainTimeout);
            await output.WriteLineAsync("Stopped.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The address to listen on: a flag wins, then the <c>dev</c> settings of the first configuration
    /// file, then the defaults (wrangler's precedence).
    /// </summary>
    internal static (string Host, int Port) ListenAddress(ServeSettings settings, DevSettings dev) =>
        (settings.Host ?? dev.Ip ?? ServeCommand.DefaultHost, settings.Port ?? dev.Port ?? ServeCommand.DefaultPort);

    /// <summary>
    /// Applies <c>--cwd</c> and turns the inputs into full paths; with none, finds the wrangler file of
    /// the folder. Null, after writing a one-line error, when that fails.
    /// </summary>
    private static async Task<List<string>?> ResolveInputsAsync(ServeSettings settings, TextWriter error)
    {
        if (settings.WorkingDirectory is { } cwd)
        {
            if (!Directory.Exists(cwd))
            {
                await error.WriteLineAsync($"workers: --cwd: no such folder: {OptionParsers.Show(cwd)}");
                return null;
            }

            Environment.CurrentDirectory = Path.GetFullPath(cwd);
        }

        if (settings.Name is not null && settings.Inputs.Count > 1)
        {
            await error.WriteLineAsync($"workers: --name: names the one worker served, and {settings.Inputs.Count} files are given (set 'name' in each configuration file instead)");
            return null;
        }

        var inputs = new List<string>(settings.Inputs.Count);
        foreach (var input in settings.Inputs)
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                await error.WriteLineAsync("workers: an empty file name was given");
                return null;
            }

            string path;
            try
            {
                path = Path.GetFullPath(input);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                await error.WriteLineAsync($"workers: not a usable file name: {OptionParsers.Show(input)}");
                return null;
            }

            if (Directory.Exists(path))
            {
                var hint = ProjectLoader.FindConfig(path) is { } inside ? $" (to serve its wrangler file: workers serve {Path.GetRelativePath(Environment.CurrentDirectory, inside)})" : string.Empty;
                await error.WriteLineAsync($"workers: {input} is a folder, not a worker script or configuration file{hint}");
                return null;
            }

            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"workers: file not found: {path}");
                return null;
            }

            if (inputs.Contains(path, StringComparer.Ordinal))
            {
                await error.WriteLineAsync($"workers: {input} is given twice");
                return null;
            }

            inputs.Add(path);
        }

        if (inputs.Count == 0)
        {
            if (ProjectLoader.FindConfig(Environment.CurrentDirectory) is not { } found)
            {
                await error.WriteLineAsync("workers: nothing to serve: give a worker script or a wrangler.toml / wrangler.json(c), or run where one is.");
                return null;
            }

            inputs.Add(found);
        }

        return inputs;
    }

    /// <summary>A load error as one line: an <see cref="ArgumentException"/>'s message without its "(Parameter 'x')" tail.</summary>
    private static string Describe(Exception e)
    {
        var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
        return message.ReplaceLineEndings(" ");
    }

    /// <summary>128 + the signal's number, as a shell reports a process ended by it: 130 for SIGINT, 143 for SIGTERM.</summary>
    internal static int ExitCode(PosixSignal? signal) => signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    private static void ForceExit(PosixSignal signal, TextWriter output, TextWriter error)
    {
        try
        {
            output.Flush();
            error.WriteLine($"workers: {(signal == PosixSignal.SIGTERM ? "SIGTERM" : "Ctrl+C")} again: exiting now, without waiting for requests in flight.");
            error.Flush();
        }
        catch (IOException)
        {
            // The terminal is gone: exit all the same.
        }

        Environment.Exit(ExitCode(signal));
    }

    private static async Task DescribeAsync(TextWriter output, WorkerGroup group, Uri url, ServeSettings settings)
    {
        if (group.Workers.Count > 1)
        {
            foreach (var (name, host) in group.Workers)
            {
                var routes = host.Options.Routes.Concat(host.Options.CustomDomains).ToList();
                var where = routes.Count > 0 ? string.Join(", ", routes) : "no routes";
                var isDefault = host.Options.IsDefault ? " (default)" : string.Empty;
                await output.WriteLineAsync($"  {name}{isDefault}: http://{name}.localhost:{url.Port}/, {where}");
            }
        }

        if (settings.MetricsPath is { } metrics)
        {
            await output.WriteLineAsync($"Metrics on {new Uri(url, metrics)}");
        }
    }

    private static async Task ReloadAsync(ProjectLoader loader, WorkerGroup group, ILogger logger, ServeSettings settings, (string Host, int Port) listening)
    {
        try
        {
            var workers = loader.Load();
            foreach (var warning in loader.Warnings)
            {
                Log.ReloadWarning(logger, warning);
            }

            var (host, port) = ListenAddress(settings, loader.Dev);
            if (host != listening.Host || port != listening.Port)
            {
                Log.AddressChanged(logger, $"{host}:{port}", $"{listening.Host}:{listening.Port}");
            }

            var summary = await group.ReloadAsync(workers);
            if (summary.Started.Count > 0 || summary.Removed.Count > 0)
            {
                Log.Reloaded(logger, string.Join(", ", summary.Started.Concat(summary.Removed.Select(r => r + " (removed)"))));
            }
        }
        catch (Exception e) when (e is ConfigException or WorkerLoadException or ArgumentException)
        {
            Log.ReloadFailed(logger, e.Message);
        }
#pragma warning disable CA1031 // A failed reload must never stop the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ReloadCrashed(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Reloaded: {Workers}")]
        public static partial void Reloaded(ILogger logger, string workers);

        [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "Reload failed, still serving the last good version: {Message}")]
        public static partial void ReloadFailed(ILogger logger, string message);

        [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "{Warning}")]
        public static partial void ReloadWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 703, Level = LogLevel.Error, Message = "Reload failed, still serving the last good version")]
        public static partial void ReloadCrashed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "The dev settings now say {Address}: restart workers serve to listen there (still listening on {Listening})")]
        public static partial void AddressChanged(ILogger logger, string address, string listening);
    }
}
