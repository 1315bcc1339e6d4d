using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Workers.Runtime.Tests.WebApi.Console;

/// <summary>One captured log entry.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, string Message);

/// <summary>
/// A logger and logger factory that keep every entry, for asserting on what the runtime logs.
/// <see cref="WaitForAsync"/> lets a test wait for a line instead of sleeping.
/// </summary>
internal sealed class CapturingLogger : ILogger, ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource<LogEntry> Done)> _waiters = [];
    private readonly string _category;
    private readonly CapturingLogger? _root;

    public CapturingLogger()
        : this("", null)
    {
    }

    private CapturingLogger(string category, CapturingLogger? root)
    {
        _category = category;
        _root = root;
    }

    private CapturingLogger Root => _root ?? this;

    public IReadOnlyList<LogEntry> Entries => [.. Root._entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var entry = new LogEntry(_category, logLevel, formatter(state, exception));
        var root = Root;
        root._entries.Enqueue(entry);
        lock (root._waiters)
        {
            foreach (var (match, done) in root._waiters.ToArray())
            {
                if (match(entry))
                {
                    done.TrySetResult(entry);
                    root._waiters.Remove((match, done));
                }
            }
        }
    }

    /// <summary>Completes with the first entry (already logged or future) whose message contains <paramref name="text"/>.</summary>
    public Task<LogEntry> WaitForAsync(string text)
    {
        var root = Root;
        var done = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Match(LogEntry e) => e.Message.Contains(text, StringComparison.Ordinal);
        lock (root._waiters)
        {
            var existing = root._entries.FirstOrDefault(Match);
            if (existing is not null)
            {
                done.TrySetResult(existing);
            }
            else
            {
                root._waiters.Add((Match, done));
            }
        }

        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Root);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
