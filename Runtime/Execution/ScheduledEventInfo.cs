namespace Workers.Runtime.Execution;

/// <summary>
/// What a scheduled (cron) event tells the script: when it was due and which cron expression
/// fired it. The script sees these as <c>controller.scheduledTime</c> and <c>controller.cron</c>.
/// </summary>
public sealed class ScheduledEventInfo
{
    /// <summary>Creates the description of one scheduled event.</summary>
    /// <param name="scheduledTime">When the event was due; the script sees it in whole milliseconds since the Unix epoch.</param>
    /// <param name="cron">The cron expression that fired it, as configured; empty for an event triggered by hand.</param>
    public ScheduledEventInfo(DateTimeOffset scheduledTime, string cron = "")
    {
        ArgumentNullException.ThrowIfNull(cron);
        ScheduledTime = scheduledTime;
        Cron = cron;
    }

    /// <summary>When the event was due (not when it ran).</summary>
    public DateTimeOffset ScheduledTime { get; }

    /// <summary>The cron expression that fired the event; empty when triggered by hand without one.</summary>
    public string Cron { get; }
}
