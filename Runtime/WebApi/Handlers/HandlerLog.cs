using Microsoft.Extensions.Logging;

namespace Workers.Runtime.WebApi.Handlers;

/// <summary>Log messages of the handler layer.</summary>
internal static partial class HandlerLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "[{Worker}] Uncaught (in a waitUntil promise) {Description}")]
    public static partial void LogWaitUntilRejected(this ILogger logger, string worker, string description);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "[{Worker}] A scheduled event arrived but the worker has no handler for it: {Message}")]
    public static partial void LogNoScheduledHandler(this ILogger logger, string worker, string message);
}
