using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting.Scheduling;

namespace Workers.Runtime.Tests.Hosting.Scheduling;

/// <summary>The hand-trigger endpoints of wrangler dev: which requests they take, and what they answer.</summary>
[TestFixture]
public sealed class ScheduledEndpointTests
{
    private static readonly DateTimeOffset s_now = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private static readonly RequestUsage s_usage = new(1.5, 10, 100, 0);

    [TestCase("/cdn-cgi/local/scheduled")]
    [TestCase("/cdn-cgi/handler/scheduled")]
    [TestCase("/cdn-cgi/mf/scheduled")]
    public void TryParse_TriggerPathWithoutQuery_NowAndEmptyCron(string path)
    {
        var accepted = Parse("http://localhost:8787" + path, testScheduled: false, out var info, out var badRequest);

        Assert.That(accepted, Is.True);
        Assert.That(badRequest, Is.Null);
        Assert.That(info!.ScheduledTime, Is.EqualTo(s_now));
        Assert.That(info.Cron, Is.Empty);
    }

    [Test]
    public void TryParse_CronAndTime_ReadAsMiniflareReadsThem()
    {
        var accepted = Parse("http://localhost/cdn-cgi/local/scheduled?format=json&cron=0+0+0+0+0&time=1234567890987", false, out var info, out _);

        Assert.That(accepted, Is.True);
        Assert.That(info!.Cron, Is.EqualTo("0 0 0 0 0"));
        Assert.That(info.ScheduledTime.ToUnixTimeMilliseconds(), Is.EqualTo(1234567890987));
    }

    [TestCase("cron=*%2F5%20*%20*%20*%20*", "*/5 * * * *")]
    [TestCase("cron=a%2Bb", "a+b")]
    [TestCase("cron=first&cron=second", "first")]
    [TestCase("cron=", "")]
    [TestCase("other=1", "")]
    public void TryParse_CronParameter_DecodedLikeUrlSearchParams(string query, string expected)
    {
        Parse("http://localhost/cdn-cgi/handler/scheduled?" + query, false, out var info, out _);

        Assert.That(info!.Cron, Is.EqualTo(expected));
    }

    [TestCase("time=1000", 1000L)]
    [TestCase("time=1000.9", 1000L)]
    [TestCase("time=1000abc", 1000L)]
    [TestCase("time=%201000", 1000L)]
    [TestCase("time=-1000", -1000L)]
    public void TryParse_TimeParameter_ReadLikeParseInt(string query, long expected)
    {
        Parse("http://localhost/cdn-cgi/local/scheduled?" + query, false, out var info, out _);

        Assert.That(info!.ScheduledTime.ToUnixTimeMilliseconds(), Is.EqualTo(expected));
    }

    [Test]
    public void TryParse_EmptyTime_IsNow()
    {
        Parse("http://localhost/cdn-cgi/local/scheduled?time=", false, out var info, out _);

        Assert.That(info!.ScheduledTime, Is.EqualTo(s_now));
    }

    [TestCase("time=abc")]
    [TestCase("time=-")]
    [TestCase("time=99999999999999999999")]
    [TestCase("time=999999999999999")]
    public void TryParse_TimeNotANumber_400(string query)
    {
        var accepted = Parse("http://localhost/cdn-cgi/local/scheduled?" + query, false, out var info, out var badRequest);

        Assert.That(accepted, Is.False);
        Assert.That(info, Is.Null);
        Assert.That(badRequest!.Status, Is.EqualTo(400));
        Assert.That(badRequest.BodyText, Does.Contain("time"));
    }

    [Test]
    public void TryParse_TestScheduledEnabled_AcceptsUnderscorePathWithCronOnly()
    {
        var accepted = Parse("http://localhost/__scheduled?cron=*+*+*+*+*&time=1000", true, out var info, out _);

        Assert.That(accepted, Is.True);
        Assert.That(info!.Cron, Is.EqualTo("* * * * *"));
        Assert.That(info.ScheduledTime, Is.EqualTo(s_now), "wrangler's /__scheduled always uses the current time");
    }

    [Test]
    public void TryParse_TestScheduledDisabled_UnderscorePathGoesToTheWorker()
    {
        var accepted = Parse("http://localhost/__scheduled", false, out var info, out var badRequest);

        Assert.That(accepted, Is.False);
        Assert.That(info, Is.Null);
        Assert.That(badRequest, Is.Null);
    }

    [TestCase("http://localhost/")]
    [TestCase("http://localhost/cdn-cgi/local/scheduled/")]
    [TestCase("http://localhost/cdn-cgi/local/scheduledx")]
    [TestCase("http://localhost/CDN-CGI/local/scheduled")]
    [TestCase("http://localhost/api/__scheduled")]
    public void TryParse_OtherPath_NotATrigger(string url)
    {
        var accepted = Parse(url, true, out var info, out var badRequest);

        Assert.That(accepted, Is.False);
        Assert.That(info, Is.Null);
        Assert.That(badRequest, Is.Null);
    }

    [TestCase("ok", 200)]
    [TestCase("exception", 500)]
    [TestCase("exceededCpu", 500)]
    public void ToResponse_Text_OutcomeWithStatus(string outcome, int status)
    {
        var response = ScheduledEndpoint.ToResponse(new ScheduledResult(outcome, false, null, s_usage));

        Assert.That(response.Status, Is.EqualTo(status));
        Assert.That(response.BodyText, Is.EqualTo(outcome));
        Assert.That(response.Header("content-type"), Does.StartWith("text/plain"));
    }

    [TestCase("ok", true, 200)]
    [TestCase("exception", false, 500)]
    public void ToResponse_FormatJson_OutcomeAndNoRetry(string outcome, bool noRetry, int status)
    {
        var request = new WorkerRequest("GET", new Uri("http://localhost/cdn-cgi/local/scheduled?format=json"));

        var response = ScheduledEndpoint.ToResponse(new ScheduledResult(outcome, noRetry, outcome == "ok" ? null : "Uncaught Error: x", s_usage), request);
        using var json = JsonDocument.Parse(response.Body);

        Assert.That(response.Status, Is.EqualTo(status));
        Assert.That(response.Header("content-type"), Is.EqualTo("application/json"));
        Assert.That(json.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "outcome", "noRetry" }));
        Assert.That(json.RootElement.GetProperty("outcome").GetString(), Is.EqualTo(outcome));
        Assert.That(json.RootElement.GetProperty("noRetry").GetBoolean(), Is.EqualTo(noRetry));
    }

    [Test]
    public void ToResponse_TestScheduledOk_RanScheduledEvent()
    {
        var request = new WorkerRequest("GET", new Uri("http://localhost/__scheduled?cron=*+*+*+*+*"));

        var response = ScheduledEndpoint.ToResponse(new ScheduledResult("ok", false, null, s_usage), request);

        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(response.BodyText, Is.EqualTo("Ran scheduled event"));
    }

    [Test]
    public void ToResponse_TestScheduledFailed_500WithOutcomeAndError()
    {
        var request = new WorkerRequest("GET", new Uri("http://localhost/__scheduled"));

        var response = ScheduledEndpoint.ToResponse(new ScheduledResult("exception", false, "Uncaught Error: boom", s_usage), request);

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.Contain("exception").And.Contain("Uncaught Error: boom"));
    }

    private static bool Parse(string url, bool testScheduled, out ScheduledEventInfo? info, out WorkerResponse? badRequest)
        => ScheduledEndpoint.TryParse(new WorkerRequest("GET", new Uri(url)), testScheduled, new FakeTimeProvider(s_now), out info, out badRequest);
}
