using Microsoft.Extensions.Logging;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Cli.Commands;

/// <summary>Runs <c>workers serve</c>: loads the worker, listens, and drains on shutdown.</summary>
internal static class Serve
{
    public static async Task<int> RunAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.ScriptPath))
        {
            await error.WriteLineAsync($"workers: script not found: {settings.ScriptPath}");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(settings.LogLevel)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            }));

        WorkerHost host;
        try
        {
            var script = WorkerScript.Load(settings.ScriptPath);
            host = await WorkerHost.StartAsync(new WorkerHostOptions
            {
                Script = script,
                Name = settings.Name,
                Limits = settings.Limits,
                Vars = settings.Vars,
                Upstream = settings.Upstream,
                LoggerFactory = loggerFactory,
            }, cancellationToken);
        }
        catch (WorkerLoadException e)
        {
            await error.WriteLineAsync($"workers: {e.Message}");
            return 1;
        }

        await using (host)
        {
            HttpServer server;
            try
            {
                server = await HttpServer.StartAsync(settings.Host, settings.Port, host.DispatchAsync, loggerFactory.CreateLogger("Workers.Http"));
            }
            catch (HttpServerStartException e)
            {
                await error.WriteLineAsync($"workers: {e.Message}");
                return 1;
            }

            await output.WriteLineAsync($"Ready on {server.Url}");
            await output.FlushAsync(cancellationToken);
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
}
