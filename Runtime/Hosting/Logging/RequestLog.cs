using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting.Metrics;

namespace Workers.Runtime.Hosting.Logging;

/// <summary>
/// The one log line written per request, in category <see cref="Category"/>, e.g.
/// <c>api GET /users/7 200 3.4ms (cpu 1.2ms, steps 8,431, alloc 421.9 kB, subrequests 0)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The line carries named fields for structured sinks (the JSON-lines console formatter writes
/// each as a property): <c>Worker</c>, <c>Method</c>, <c>Path</c>, <c>Status</c>, <c>WallMs</c>,
/// and, when a script ran, <c>CpuMs</c>, <c>Steps</c>, <c>AllocatedBytes</c>,
/// <c>Subrequests</c>; a runtime error adds <c>Error</c> (the snake_case
/// <see cref="WorkerErrorKind"/>, e.g. <c>uncaught_exception</c>) and a limit breach
/// <c>Limit</c> (e.g. <c>cpu_time</c>). A request cancelled because its client disconnected
/// logs status <c>499</c> with <c>Error</c> <c>client_disconnected</c> (the status is nginx's
/// convention and was never sent: nobody was left to receive it), one that passed the response
/// deadline <c>524</c> with <c>response_timeout</c>; both with the usage until then. Milliseconds are rounded to the microsecond; bytes stay
/// exact in the field and read as kilobytes (1,000 bytes, one decimal) in the message. Numbers
/// are formatted with the invariant culture.
/// </para>
/// <para>
/// The readable layout puts the fields that identify the request first, in fixed order
/// (worker, method, path, status, wall time), then the error if any, then the usage in
/// parentheses, so a terminal of request lines reads down in columns. A request the runtime
/// answered with an error page logs at <see cref="LogLevel.Warning"/>, any other at
/// <see cref="LogLevel.Information"/>; the exception itself is logged separately by the host.
/// Event ids: 600 (no script ran), 601 (with usage), 602–604 (runtime error without usage,
/// with usage, limit breach).
/// </para>
/// </remarks>
public static partial class RequestLog
{
    /// <summary>The logger category of request lines.</summary>
    public const string Category = "Workers.Request";

    /// <summary>Writes the line for a request a worker (or the router in front of it) answered.</summary>
    /// <param name="logger">A logger, normally of category <see cref="Category"/>.</param>
    /// <param name="worker">The worker's name.</param>
    /// <param name="request">The request; its method and its URL's path and query are logged.</param>
    /// <param name="response">The response; a null <see cref="WorkerResponse.Usage"/> (no script ran) omits the usage.</param>
    /// <param name="wall">Wall time from receiving the request to the response.</param>
    public static void Write(ILogger logger, string worker, WorkerRequest request, WorkerResponse response, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        // Checked before the path is computed: with the line off, a request costs nothing here.
        if (logger.IsEnabled(LevelOf(response)))
        {
            Write(logger, worker, request.Method, request.Url.PathAndQuery, response, wall);
        }
    }

    /// <summary>Writes the line for a request a worker (or the router in front of it) answered.</summary>
    /// <param name="logger">A logger, normally of category <see cref="Category"/>.</param>
    /// <param name="worker">The worker's name.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path and query as the client sent them.</param>
    /// <param name="response">The response; a null <see cref="WorkerResponse.Usage"/> (no script ran) omits the usage.</param>
    /// <param name="wall">Wall time from receiving the request to the response.</param>
    public static void Write(ILogger logger, string worker, string method, string path, WorkerResponse response, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(response);
        var error = response.Error;
        if (!logger.IsEnabled(LevelOf(response)))
        {
            return;
        }

        var wallMs = Milliseconds(wall.TotalMilliseconds);
        var status = response.Status;
        if (response.Usage is not { } usage)
        {
            if (error is null)
            {
                Log.Request(logger, worker, method, path, status, wallMs);
            }
            else
            {
                Log.RequestError(logger, worker, method, path, status, wallMs, LabelValues.Of(error.Kind));
            }

            return;
        }

        var cpuMs = Milliseconds(usage.CpuMilliseconds);
        var allocated = usage.AllocatedBytes;
        if (error is null)
        {
            Log.RequestUsage(logger, worker, method, path, status, wallMs, cpuMs, usage.Steps, allocated, usage.Subrequests);
        }
        else if (error.Kind == WorkerErrorKind.LimitExceeded && error.Limit is { } limit)
        {
            Log.RequestLimit(logger, worker, method, path, status, wallMs, LabelValues.Of(error.Kind), LabelValues.Of(limit), cpuMs, usage.Steps, allocated, usage.Subrequests);
        }
        else
        {
            Log.RequestUsageError(logger, worker, method, path, status, wallMs, LabelValues.Of(error.Kind), cpuMs, usage.Steps, allocated, usage.Subrequests);
        }
    }

    private static LogLevel LevelOf(WorkerResponse response) => response.Error is null ? LogLevel.Information : LogLevel.Warning;

    private static double Milliseconds(double value) => double.IsFinite(value) ? Math.Round(value, 3) : 0;

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "{Worker} {Method} {Path} {Status} {WallMs:F1}ms")]
        public static partial void Request(ILogger logger, string worker, string method, string path, int status, double wallMs);

        [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "{Worker} {Method} {Path} {Status} {WallMs:F1}ms {Error}")]
        public static partial void RequestError(ILogger logger, string worker, string method, string path, int status, double wallMs, string error);

        [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "{Worker} {Method} {Path} {Status} {WallMs:F1}ms (cpu {CpuMs:F1}ms, steps {Steps:N0}, alloc {AllocatedBytes:#,0,.0} kB, subrequests {Subrequests})")]
        public static partial void RequestUsage(ILogger logger, string worker, string method, string path, int status, double wallMs, double cpuMs, long steps, long allocatedBytes, int subrequests);

        [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "{Worker} {Method} {Path} {Status} {WallMs:F1}ms {Error} (cpu {CpuMs:F1}ms, steps {Steps:N0}, alloc {AllocatedBytes:#,0,.0} kB, subrequests {Subrequests})")]
        public static partial void RequestUsageError(ILogger logger, string worker, string method, string path, int status, double wallMs, string error, double cpuMs, long steps, long allocatedBytes, int subrequests);

        [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "{Worker} {Method} {Path} {Status} {WallMs:F1}ms {Error}: {Limit} (cpu {CpuMs:F1}ms, steps {Steps:N0}, alloc {AllocatedBytes:#,0,.0} kB, subrequests {Subrequests})")]
        public static partial void RequestLimit(ILogger logger, string worker, string method, string path, int status, double wallMs, string error, string limit, double cpuMs, long steps, long allocatedBytes, int subrequests);
    }
}
