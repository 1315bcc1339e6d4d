using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Cronos;

namespace Workers.Runtime.Hosting.Scheduling;

/// <summary>
/// Parses cron expressions as Cloudflare's Cron Triggers read them
/// (https://developers.cloudflare.com/workers/configuration/cron-triggers/#supported-cron-expressions):
/// five fields, evaluated in UTC, with the Quartz-style extensions <c>L</c>, <c>W</c> and <c>#</c>.
/// </summary>
/// <remarks>
/// Cloudflare numbers weekdays 1-7 from Sunday, as Quartz does (<c>0 17 * * 1</c> is 5 PM on
/// Sunday, <c>2-6</c> Monday to Friday, <c>6L</c> the last Friday), while Cronos, like Unix cron,
/// numbers them 0-7 from Sunday with 1 for Monday. The weekday field's numbers are therefore
/// shifted down by one before Cronos sees them; names (<c>MON</c>, <c>fri</c>) and step sizes are
/// left alone. A weekday 0 is rejected, since Cloudflare accepts only 1-7.
/// </remarks>
internal static class CloudflareCron
{
    /// <summary>Parses <paramref name="cron"/>, or explains why it is not a valid Cloudflare cron expression.</summary>
    public static bool TryParse(string cron, [NotNullWhen(true)] out CronExpression? expression, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(cron);
        expression = null;
        var fields = cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"Invalid cron expression '{cron}': expected 5 fields (minute hour day-of-month month day-of-week), found {fields.Length}.";
            return false;
        }

        if (!TryTranslateWeekdays(fields[4], out var weekdays, out error))
        {
            error = $"Invalid cron expression '{cron}': {error}";
            return false;
        }

        fields[4] = weekdays;
        if (!CronExpression.TryParse(string.Join(' ', fields), CronFormat.Standard, out expression))
        {
            error = $"Invalid cron expression '{cron}'.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Parses <paramref name="cron"/>.</summary>
    /// <exception cref="FormatException">It is not a valid Cloudflare cron expression.</exception>
    public static CronExpression Parse(string cron)
        => TryParse(cron, out var expression, out var error) ? expression : throw new FormatException(error);

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC, or null if there is none.</summary>
    public static DateTimeOffset? NextOccurrence(CronExpression expression, DateTimeOffset after)
    {
        var next = expression.GetNextOccurrence(after.UtcDateTime, TimeZoneInfo.Utc);
        return next is { } utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null;
    }

    /// <summary>Shifts the weekday numbers of one field from Cloudflare's 1-7 to Cronos' 0-6.</summary>
    private static bool TryTranslateWeekdays(string field, out string translated, [NotNullWhen(false)] out string? error)
    {
        var result = new StringBuilder(field.Length);
        foreach (var item in field.Split(','))
        {
            if (result.Length > 0)
            {
                result.Append(',');
            }

            // Only the part before a step ("/2") or an nth-weekday ("#3") names weekdays.
            var end = item.IndexOfAny(['/', '#']);
            var head = end < 0 ? item : item[..end];
            var tail = end < 0 ? string.Empty : item[end..];
            for (var i = 0; i < head.Length;)
            {
                if (!char.IsAsciiDigit(head[i]))
                {
                    result.Append(head[i++]);
                    continue;
                }

                var start = i;
                while (i < head.Length && char.IsAsciiDigit(head[i]))
                {
                    i++;
                }

                if (!int.TryParse(head.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 7)
                {
                    translated = field;
                    error = $"weekday '{head[start..i]}' is out of range: Cloudflare numbers weekdays 1-7, 1 being Sunday.";
                    return false;
                }

                result.Append((day - 1).ToString(CultureInfo.InvariantCulture));
            }

            result.Append(tail);
        }

        translated = result.ToString();
        error = null;
        return true;
    }
}
