using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Workers.Runtime.Execution;

namespace Workers.Runtime.Hosting.Scheduling;

/// <summary>
/// The HTTP endpoints that trigger a scheduled event by hand during development, as
/// <c>wrangler dev</c> offers them (https://developers.cloudflare.com/workers/configuration/cron-triggers/#test-cron-triggers-locally).
/// </summary>
/// <remarks>
/// <para>
/// <c>/cdn-cgi/local/scheduled</c> is Miniflare's endpoint (<c>packages/miniflare/src/workers/core/scheduled.ts</c>
/// and <c>constants.ts</c> in cloudflare/workers-sdk); wrangler still accepts the paths it replaced,
/// <c>/cdn-cgi/handler/scheduled</c> and <c>/cdn-cgi/mf/scheduled</c>, and so do we. They need no flag:
/// <c>wrangler dev</c> always turns them on (<c>unsafeTriggerHandlers: true</c>). Query parameters:
/// <c>cron</c> (default empty), <c>time</c> (milliseconds since the Unix epoch, read like JavaScript's
/// <c>parseInt</c>; default now) and <c>format=json</c>. The answer is the outcome name as text, or
/// <c>{"outcome":...,"noRetry":...}</c> as JSON, with status 200 when the outcome is <c>ok</c> and 500 otherwise.
/// </para>
/// <para>
/// <c>/__scheduled</c> exists only with <c>--test-scheduled</c> (wrangler's
/// <c>templates/middleware/middleware-scheduled.ts</c>). It takes <c>cron</c> only; the scheduled
/// time is now. Wrangler answers <c>Ran scheduled event</c>. Wrangler runs the handler inside the
/// fetch event and answers 200 even when the worker has no scheduled handler; here it is a real
/// scheduled event, and a failed outcome answers 500 with the outcome and the error.
/// </para>
/// <para>
/// Deliberate difference: a <c>time</c> that is not a number is a 400 here, where Miniflare would
/// pass an invalid date on and fail with a 500.
/// </para>
/// </remarks>
internal static class ScheduledEndpoint
{
    /// <summary>Miniflare's current path for triggering a scheduled event.</summary>
    public const string LocalPath = "/cdn-cgi/local/scheduled";

    /// <summary>The path before Miniflare 5, still accepted by wrangler.</summary>
    public const string HandlerPath = "/cdn-cgi/handler/scheduled";

    /// <summary>The older, deprecated Miniflare path, still accepted by wrangler.</summary>
    public const string LegacyPath = "/cdn-cgi/mf/scheduled";

    /// <summary>wrangler's <c>--test-scheduled</c> path.</summary>
    public const string TestScheduledPath = "/__scheduled";

    /// <summary>
    /// Whether <paramref name="request"/> asks to trigger a scheduled event, and with what. Returns
    /// true with <paramref name="info"/> set for a valid trigger request; false otherwise, with
    /// <paramref name="badRequest"/> set when the path is a trigger endpoint but the query is not
    /// valid (answer with it), or null when the request is not for a trigger endpoint at all (route
    /// it to the worker as usual). The scheduled time defaults to now on the system clock.
    /// </summary>
    /// <param name="request">The incoming request.</param>
    /// <param name="testScheduledEnabled">Whether <c>/__scheduled</c> is served (wrangler's <c>--test-scheduled</c>).</param>
    /// <param name="info">The event to dispatch.</param>
    /// <param name="badRequest">A 400 response for a malformed trigger request.</param>
    public static bool TryParse(WorkerRequest request, bool testScheduledEnabled, [NotNullWhen(true)] out ScheduledEventInfo? info, out WorkerResponse? badRequest)
        => TryParse(request, testScheduledEnabled, TimeProvider.System, out info, out badRequest);

    /// <summary>As <see cref="TryParse(WorkerRequest, bool, out ScheduledEventInfo?, out WorkerResponse?)"/>, with "now" read from <paramref name="timeProvider"/>.</summary>
    public static bool TryParse(WorkerRequest request, bool testScheduledEnabled, TimeProvider timeProvider, [NotNullWhen(true)] out ScheduledEventInfo? info, out WorkerResponse? badRequest)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(timeProvider);
        info = null;
        badRequest = null;
        var path = request.Url.AbsolutePath;
        var testScheduled = testScheduledEnabled && path == TestScheduledPath;
        if (!testScheduled && !IsTriggerPath(path))
        {
            return false;
        }

        var query = QueryParameters.Parse(request.Url);
        var cron = query.Get("cron") ?? string.Empty;
        var scheduledTime = timeProvider.GetUtcNow();
        if (!testScheduled && query.Get("time") is { Length: > 0 } time)
        {
            if (!TryParseTime(time, out scheduledTime))
            {
                badRequest = Text(400, "Bad Request", $"Invalid 'time' parameter '{time}': expected milliseconds since the Unix epoch.\n");
                return false;
            }
        }

        info = new ScheduledEventInfo(scheduledTime, cron);
        return true;
    }

    /// <summary>
    /// The answer of <c>/cdn-cgi/local/scheduled</c>: the outcome name as text, status 200 when it
    /// is <c>ok</c> and 500 otherwise.
    /// </summary>
    public static WorkerResponse ToResponse(ScheduledResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (status, reason) = Status(result);
        return Text(status, reason, result.Outcome);
    }

    /// <summary>
    /// The answer to <paramref name="request"/>, a trigger request that <see cref="TryParse(WorkerRequest, bool, out ScheduledEventInfo?, out WorkerResponse?)"/>
    /// accepted: JSON for <c>format=json</c>, wrangler's text for <c>/__scheduled</c>, otherwise as
    /// <see cref="ToResponse(ScheduledResult)"/>.
    /// </summary>
    public static WorkerResponse ToResponse(ScheduledResult result, WorkerRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var (status, reason) = Status(result);
        if (request.Url.AbsolutePath == TestScheduledPath)
        {
            return result.IsOk
                ? Text(status, reason, "Ran scheduled event")
                : Text(status, reason, $"Scheduled event failed ({result.Outcome})" + (result.Error is null ? "\n" : $": {result.Error}\n"));
        }

        if (QueryParameters.Parse(request.Url).Get("format") == "json")
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("outcome", result.Outcome);
                json.WriteBoolean("noRetry", result.NoRetry);
                json.WriteEndObject();
            }

            return new WorkerResponse(status, reason, [new("content-type", "application/json")], buffer.ToArray());
        }

        return ToResponse(result);
    }

    private static bool IsTriggerPath(string path) => path is LocalPath or HandlerPath or LegacyPath;

    private static (int Status, string Reason) Status(ScheduledResult result)
        => result.IsOk ? (200, "OK") : (500, "Internal Server Error");

    private static WorkerResponse Text(int status, string reason, string body)
        => new(status, reason, [new("content-type", "text/plain;charset=UTF-8")], Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// Reads a time the way Miniflare does (<c>new Date(parseInt(time))</c>): optional white space,
    /// an optional sign and decimal digits, ignoring whatever follows them.
    /// </summary>
    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        var span = text.AsSpan().TrimStart();
        var length = span.Length > 0 && span[0] is '+' or '-' ? 1 : 0;
        var digits = length;
        while (length < span.Length && char.IsAsciiDigit(span[length]))
        {
            length++;
        }

        if (length == digits
            || !long.TryParse(span[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds < DateTimeOffset.MinValue.ToUnixTimeMilliseconds()
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }

    /// <summary>
    /// A URL's query read as <c>URLSearchParams</c> reads it
    /// (https://url.spec.whatwg.org/#concept-urlencoded-parser): <c>&amp;</c>-separated pairs, <c>+</c>
    /// for a space, percent-escapes decoded; <see cref="Get"/> returns the first value of a name.
    /// </summary>
    private sealed class QueryParameters
    {
        private readonly List<KeyValuePair<string, string>> _pairs = [];

        public static QueryParameters Parse(Uri url)
        {
            var parameters = new QueryParameters();
            var query = url.Query;
            if (query.StartsWith('?'))
            {
                query = query[1..];
            }

            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                parameters._pairs.Add(new(Decode(name), Decode(value)));
            }

            return parameters;
        }

        public string? Get(string name)
        {
            foreach (var (key, value) in _pairs)
            {
                if (key == name)
                {
                    return value;
                }
            }

            return null;
        }

        private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }
}
