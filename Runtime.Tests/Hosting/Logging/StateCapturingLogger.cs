using Microsoft.Extensions.Logging;

namespace Workers.Runtime.Tests.Hosting.Logging;

/// <summary>One captured entry with its structured fields.</summary>
internal sealed record StructuredEntry(LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields);

/// <summary>A logger that keeps each entry's level, event id, message and named fields.</summary>
internal sealed class StateCapturingLogger(LogLevel minimum = LogLevel.Trace) : ILogger
{
    public List<StructuredEntry> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                fields.Add(key, value);
            }
        }

        Entries.Add(new StructuredEntry(logLevel, eventId, formatter(state, exception), fields));
    }
}
