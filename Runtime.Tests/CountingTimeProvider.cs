using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace Workers.Runtime.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts the timers created on it and not yet
/// disposed, so a test can assert that nothing is left armed (a request's timers, its response
/// deadline, its waitUntil limit) once the events that made them are over.
/// </summary>
internal sealed class CountingTimeProvider : TimeProvider
{
    private int _live;

    public FakeTimeProvider Fake { get; } = new(DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture));

    /// <summary>Timers created and not yet disposed.</summary>
    public int LiveTimers => Volatile.Read(ref _live);

    public void Advance(TimeSpan delta) => Fake.Advance(delta);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new CountedTimer(this, Fake.CreateTimer(callback, state, dueTime, period));
    }

    private sealed class CountedTimer(CountingTimeProvider owner, ITimer inner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._live);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
