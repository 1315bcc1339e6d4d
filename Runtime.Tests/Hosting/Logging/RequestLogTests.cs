using System.Globalization;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting.Logging;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting.Logging;

[TestFixture]
public sealed class RequestLogTests
{
    private static readonly string[] s_usageFields = ["CpuMs", "Steps", "AllocatedBytes", "Subrequests"];

    private static WorkerResponse Response(int status, RequestUsage? usage = null, WorkerError? error = null)
        => new(status, "", [], ReadOnlyMemory<byte>.Empty) { Error = error, Usage = usage };

    private static StructuredEntry Single(StateCapturingLogger logger)
    {
        Assert.That(logger.Entries, Has.Count.EqualTo(1));
        return logger.Entries[0];
    }

    [Test]
    public void Write_ScriptAnswered_LogsReadableLineAndEveryField()
    {
        var logger = new StateCapturingLogger();
        var request = new WorkerRequest("GET", new Uri("http://localhost:8787/users/7?x=1"));
        var response = Response(200, new RequestUsage(1.2345678, 8431, 421_888, 0));

        RequestLog.Write(logger, "api", request, response, TimeSpan.FromMilliseconds(3.4321));

        var entry = Single(logger);
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(entry.EventId.Id, Is.EqualTo(601));
        Assert.That(entry.Message, Is.EqualTo("api GET /users/7?x=1 200 3.4ms (cpu 1.2ms, steps 8,431, alloc 421.9 kB, subrequests 0)"));
        Assert.That(entry.Fields["Worker"], Is.EqualTo("api"));
        Assert.That(entry.Fields["Method"], Is.EqualTo("GET"));
        Assert.That(entry.Fields["Path"], Is.EqualTo("/users/7?x=1"));
        Assert.That(entry.Fields["Status"], Is.EqualTo(200));
        Assert.That(entry.Fields["WallMs"], Is.EqualTo(3.432), "rounded to the microsecond");
        Assert.That(entry.Fields["CpuMs"], Is.EqualTo(1.235));
        Assert.That(entry.Fields["Steps"], Is.EqualTo(8431L));
        Assert.That(entry.Fields["AllocatedBytes"], Is.EqualTo(421_888L), "exact bytes in the field");
        Assert.That(entry.Fields["Subrequests"], Is.EqualTo(0));
        Assert.That(entry.Fields.Keys, Does.Not.Contain("Error"));
    }

    [Test]
    public void Write_NoUsage_LogsWithoutUsageFields()
    {
        var logger = new StateCapturingLogger();

        RequestLog.Write(logger, "api", "POST", "/missing", Response(404), TimeSpan.FromMilliseconds(0.26));

        var entry = Single(logger);
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(entry.EventId.Id, Is.EqualTo(600));
        Assert.That(entry.Message, Is.EqualTo("api POST /missing 404 0.3ms"));
        Assert.That(entry.Fields["Status"], Is.EqualTo(404));
        Assert.That(entry.Fields["WallMs"], Is.EqualTo(0.26));
        Assert.That(entry.Fields.Keys, Has.None.AnyOf(s_usageFields));
    }

    [Test]
    public void Write_UncaughtException_LogsWarningWithErrorKind()
    {
        var logger = new StateCapturingLogger();
        var response = Response(500, new RequestUsage(0.5, 120, 2048, 1), new WorkerError(WorkerErrorKind.UncaughtException, "boom"));

        RequestLog.Write(logger, "api", "GET", "/boom", response, TimeSpan.FromMilliseconds(2));

        var entry = Single(logger);
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.Message, Is.EqualTo("api GET /boom 500 2.0ms uncaught_exception (cpu 0.5ms, steps 120, alloc 2.0 kB, subrequests 1)"));
        Assert.That(entry.Fields["Error"], Is.EqualTo("uncaught_exception"));
        Assert.That(entry.Fields["Subrequests"], Is.EqualTo(1));
        Assert.That(entry.Fields.Keys, Does.Not.Contain("Limit"));
    }

    [Test]
    public void Write_LimitBreach_LogsErrorAndLimit()
    {
        var logger = new StateCapturingLogger();
        var response = Response(503, new RequestUsage(50, 1_000_000, 0, 0), new WorkerError(WorkerErrorKind.LimitExceeded, "too much", LimitKind.CpuSteps));

        RequestLog.Write(logger, "api", "GET", "/loop", response, TimeSpan.FromMilliseconds(61.04));

        var entry = Single(logger);
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.Message, Is.EqualTo("api GET /loop 503 61.0ms limit_exceeded: cpu_steps (cpu 50.0ms, steps 1,000,000, alloc 0.0 kB, subrequests 0)"));
        Assert.That(entry.Fields["Error"], Is.EqualTo("limit_exceeded"));
        Assert.That(entry.Fields["Limit"], Is.EqualTo("cpu_steps"));
        Assert.That(entry.Fields["Steps"], Is.EqualTo(1_000_000L));
    }

    [Test]
    public void Write_RuntimeErrorWithoutUsage_LogsWarningWithErrorKind()
    {
        var logger = new StateCapturingLogger();

        RequestLog.Write(logger, "api", "GET", "/", Response(500, error: new WorkerError(WorkerErrorKind.Internal, "x")), TimeSpan.FromMilliseconds(1));

        var entry = Single(logger);
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.Message, Is.EqualTo("api GET / 500 1.0ms internal"));
        Assert.That(entry.Fields["Error"], Is.EqualTo("internal"));
        Assert.That(entry.Fields.Keys, Has.None.AnyOf(s_usageFields));
    }

    [TestCase(WorkerErrorKind.ClientDisconnected, 499, "client_disconnected")]
    [TestCase(WorkerErrorKind.ResponseTimeout, 524, "response_timeout")]
    public void Write_CancelledRequest_LogsItsStatusAndKindWithUsage(WorkerErrorKind kind, int status, string label)
    {
        var logger = new StateCapturingLogger();
        var response = Response(status, new RequestUsage(0.5, 40, 1000, 0), new WorkerError(kind, "cancelled"));

        RequestLog.Write(logger, "api", "GET", "/slow", response, TimeSpan.FromSeconds(100));

        var entry = Single(logger);
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.EventId.Id, Is.EqualTo(603));
        Assert.That(entry.Message, Is.EqualTo($"api GET /slow {status} 100000.0ms {label} (cpu 0.5ms, steps 40, alloc 1.0 kB, subrequests 0)"));
        Assert.That(entry.Fields["Status"], Is.EqualTo(status));
        Assert.That(entry.Fields["Error"], Is.EqualTo(label));
        Assert.That(entry.Fields.Keys, Does.Not.Contain("Limit"));
    }

    [Test]
    public void Write_InformationDisabled_LogsOnlyErrors()
    {
        var logger = new StateCapturingLogger(LogLevel.Warning);

        RequestLog.Write(logger, "api", "GET", "/", Response(200, new RequestUsage(1, 1, 1, 0)), TimeSpan.Zero);
        RequestLog.Write(logger, "api", "GET", "/", Response(500, new RequestUsage(1, 1, 1, 0), new WorkerError(WorkerErrorKind.NoHandler, "x")), TimeSpan.Zero);

        Assert.That(Single(logger).Fields["Error"], Is.EqualTo("no_handler"));
    }

    [Test]
    public void Write_UnderAnotherCulture_FormatsNumbersInvariantly()
    {
        var logger = new StateCapturingLogger();
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            RequestLog.Write(logger, "api", "GET", "/", Response(200, new RequestUsage(1.5, 12345, 1_500_000, 2)), TimeSpan.FromMilliseconds(1234.5));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.That(Single(logger).Message, Is.EqualTo("api GET / 200 1234.5ms (cpu 1.5ms, steps 12,345, alloc 1,500.0 kB, subrequests 2)"));
    }

    [Test]
    public void Category_IsWorkersRequest()
    {
        Assert.That(RequestLog.Category, Is.EqualTo("Workers.Request"));
    }
}
