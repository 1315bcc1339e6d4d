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
        var inputs = settings.Inputs.Select(Path.GetFullPath).ToList();
        if (inputs.Count == 0)
        {
            if (ProjectLoader.FindConfig(Environment.CurrentDirectory) is not { } found)
            {
                await error.WriteLineAsync("workers: nothing to serve: give a worker script or a wrangler.toml / wrangler.json(c), or run where one is.");
                return 2;
            }

            inputs.Add(found);
        }

        foreach (var input in inputs.Where(i => !File.Exists(i)))
        {
            await error.WriteLineAsync($"workers: file not found: {input}");
            return 2;
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
            }, cancellationToken);
        }
        catch (Exception e) when (e is ConfigException or WorkerLoadException or ArgumentException)
        {
            await error.WriteLineAsync($"workers: {e.Message}");
            return 1;
        }

        await using (group)
        {
            HttpServer server;
            try
            {
                server = await HttpServer.StartAsync(settings.Host, settings.Port, group.DispatchAsync, loggerFactory.CreateLogger("Workers.Http"));
            }
            catch (HttpServerStartException e)
            {
                await error.WriteLineAsync($"workers: {e.Message}");
                return 1;
            }

            await output.WriteLineAsync($"Ready on {server.Url}");
            await DescribeAsync(output, group, server.Url, settings);
            await output.FlushAsync(cancellationToken);

            ReloadWatcher? watcher = null;
            if (settings.Watch)
            {
                watcher = new ReloadWatcher(async () =>
                {
                    await ReloadAsync(loader, group, logger);
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
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: drain below.
            }

            await output.WriteLineAsync("Shutting down: waiting for requests in flight...");
            await server.StopAsync(ServeCommand.DrainTimeout);
            await output.WriteLineAsync("Stopped.");
        }

        return 0;
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

    private static async Task ReloadAsync(ProjectLoader loader, WorkerGroup group, ILogger logger)
    {
        try
        {
            var workers = loader.Load();
            foreach (var warning in loader.Warnings)
            {
                Log.ReloadWarning(logger, warning);
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
    }
}
