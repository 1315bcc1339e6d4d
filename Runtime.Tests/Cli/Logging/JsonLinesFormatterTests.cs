using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workers.Cli.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting.Logging;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Cli.Logging;

[TestFixture]
public sealed class JsonLinesFormatterTests
{
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 12, 30, 45, 678, TimeSpan.Zero);

    /// <summary>A logger that renders every entry through the formatter into one string.</summary>
    private sealed class FormattingLogger(JsonLinesFormatter formatter, string category, IExternalScopeProvider? scopes = null) : ILogger
    {
        public StringWriter Output { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatterFunc)
            => formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatterFunc), scopes, Output);
    }

    private static (FormattingLogger Logger, JsonLinesFormatter Formatter) Create(string category = "Test", bool includeScopes = false)
    {
        var time = new FakeTimeProvider(s_now);
        var formatter = new JsonLinesFormatter(new JsonLinesFormatterOptions { IncludeScopes = includeScopes }, time);
        return (new FormattingLogger(formatter, category, includeScopes ? new LoggerExternalScopeProvider() : null), formatter);
    }

    /// <summary>Splits the output into lines, checks each is one JSON object, and returns them parsed.</summary>
    private static List<JsonElement> Lines(FormattingLogger logger)
    {
        var text = logger.Output.ToString();
        Assert.That(text, Does.EndWith(Environment.NewLine));
        var lines = text.Split(Environment.NewLine)[..^1];
        var parsed = new List<JsonElement>();
        foreach (var line in lines)
        {
            Assert.That(line, Does.Not.Contain('\n').And.Not.Contain('\r'), "one entry, one line");
            using var document = JsonDocument.Parse(line);
            Assert.That(document.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
            parsed.Add(document.RootElement.Clone());
        }

        return parsed;
    }

    private static JsonElement Single(FormattingLogger logger)
    {
        var lines = Lines(logger);
        Assert.That(lines, Has.Count.EqualTo(1));
        return lines[0];
    }

    private static string[] Names(JsonElement line) => [.. line.EnumerateObject().Select(p => p.Name)];

    [Test]
    public void Write_RequestLine_WritesFixedPropertiesThenCamelCaseFieldsAsNumbers()
    {
        var (logger, _) = Create(RequestLog.Category);
        var response = new WorkerResponse(200, "", [], ReadOnlyMemory<byte>.Empty) { Usage = new RequestUsage(1.26, 8431, 421_888, 2) };

        RequestLog.Write(logger, "api", "GET", "/users/7", response, TimeSpan.FromMilliseconds(3.5));

        var line = Single(logger);
        Assert.That(Names(line), Is.EqualTo(new[] { "time", "level", "category", "message", "worker", "method", "path", "status", "wallMs", "cpuMs", "steps", "allocatedBytes", "subrequests" }));
        Assert.That(line.GetProperty("time").GetString(), Is.EqualTo("2026-05-01T12:30:45.678Z"));
        Assert.That(line.GetProperty("level").GetString(), Is.EqualTo("info"));
        Assert.That(line.GetProperty("category").GetString(), Is.EqualTo("Workers.Request"));
        Assert.That(line.GetProperty("message").GetString(), Is.EqualTo("api GET /users/7 200 3.5ms (cpu 1.3ms, steps 8,431, alloc 421.9 kB, subrequests 2)"));
        Assert.That(line.GetProperty("worker").GetString(), Is.EqualTo("api"));
        Assert.That(line.GetProperty("status").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(line.GetProperty("status").GetInt32(), Is.EqualTo(200));
        Assert.That(line.GetProperty("wallMs").GetDouble(), Is.EqualTo(3.5));
        Assert.That(line.GetProperty("cpuMs").GetDouble(), Is.EqualTo(1.26));
        Assert.That(line.GetProperty("steps").GetInt64(), Is.EqualTo(8431));
        Assert.That(line.GetProperty("allocatedBytes").GetInt64(), Is.EqualTo(421_888));
        Assert.That(line.GetProperty("subrequests").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public void Write_LimitBreachLine_CarriesErrorAndLimitAtWarn()
    {
        var (logger, _) = Create(RequestLog.Category);
        var response = new WorkerResponse(503, "", [], ReadOnlyMemory<byte>.Empty)
        {
            Usage = new RequestUsage(10, 5, 0, 0),
            Error = new WorkerError(WorkerErrorKind.LimitExceeded, "x", LimitKind.Memory),
        };

        RequestLog.Write(logger, "api", "GET", "/", response, TimeSpan.FromMilliseconds(11));

        var line = Single(logger);
        Assert.That(line.GetProperty("level").GetString(), Is.EqualTo("warn"));
        Assert.That(line.GetProperty("error").GetString(), Is.EqualTo("limit_exceeded"));
        Assert.That(line.GetProperty("limit").GetString(), Is.EqualTo("memory"));
    }

    [TestCase(LogLevel.Trace, "trace")]
    [TestCase(LogLevel.Debug, "debug")]
    [TestCase(LogLevel.Information, "info")]
    [TestCase(LogLevel.Warning, "warn")]
    [TestCase(LogLevel.Error, "error")]
    [TestCase(LogLevel.Critical, "critical")]
    public void Write_Level_IsLowerCaseShortName(LogLevel level, string expected)
    {
        var (logger, _) = Create();
#pragma warning disable CA1848, CA2254 // The level is the parameter under test.
        logger.Log(level, "hello");
#pragma warning restore CA1848, CA2254

        Assert.That(Single(logger).GetProperty("level").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public void Write_AwkwardStrings_AreEscapedAndRoundTrip()
    {
        var (logger, _) = Create("Cat\"egory\n");
        const string Awkward = "quote \" backslash \\ newline \n return \r tab \t nul \0 bell \a é 漢字 😀 \u2028 </script>";

#pragma warning disable CA1848 // A one-off message in a test.
        logger.LogInformation("{Text} and {Lone}", Awkward, "a\uD800b");
#pragma warning restore CA1848

        var line = Single(logger);
        Assert.That(line.GetProperty("category").GetString(), Is.EqualTo("Cat\"egory\n"));
        Assert.That(line.GetProperty("text").GetString(), Is.EqualTo(Awkward));
        Assert.That(line.GetProperty("lone").GetString(), Is.EqualTo("a\uFFFDb"), "a lone surrogate becomes U+FFFD");
        Assert.That(line.GetProperty("message").GetString(), Is.EqualTo(Awkward + " and a\uFFFDb"));
    }

    [Test]
    public void Write_Exception_WritesTypeMessageAndStack()
    {
        var (logger, _) = Create();
        Exception caught;
        try
        {
            try
            {
                throw new FormatException("inner cause");
            }
            catch (FormatException inner)
            {
                throw new InvalidOperationException("it \"broke\"", inner);
            }
        }
        catch (InvalidOperationException e)
        {
            caught = e;
        }

#pragma warning disable CA1848 // A one-off message in a test.
        logger.LogError(caught, "Request failed for {Worker}", "api");
#pragma warning restore CA1848

        var line = Single(logger);
        Assert.That(Names(line), Is.EqualTo(new[] { "time", "level", "category", "message", "worker", "exception", "stack" }));
        Assert.That(line.GetProperty("message").GetString(), Is.EqualTo("Request failed for api"));
        Assert.That(line.GetProperty("exception").GetString(), Is.EqualTo("System.InvalidOperationException: it \"broke\""));
        var stack = line.GetProperty("stack").GetString();
        Assert.That(stack, Does.Contain(nameof(Write_Exception_WritesTypeMessageAndStack)));
        Assert.That(stack, Does.Contain("System.FormatException: inner cause"), "inner exceptions are kept");
    }

    [Test]
    public void Write_OddFieldValues_NeverThrowAndKeepTypes()
    {
        var (logger, _) = Create();
        var fields = new List<KeyValuePair<string, object?>>
        {
            new("Nothing", null),
            new("Flag", true),
            new("Small", (byte)7),
            new("Big", ulong.MaxValue),
            new("Money", 12.50m),
            new("NotANumber", double.NaN),
            new("Forever", float.PositiveInfinity),
            new("When", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2))),
            new("Kind", LogLevel.Warning),
            new("List", new object?[] { 1, "two", null, 3.5 }),
            new("Broken", new ThrowingToString()),
            new("BrokenList", new ThrowingSequence()),
            new("Message", "a field called message"),
            new("", "no name"),
            new("{OriginalFormat}", "template"),
        };

        logger.Log(LogLevel.Information, default, fields, null, (_, _) => "odd");

        var line = Single(logger);
        Assert.That(line.GetProperty("message").GetString(), Is.EqualTo("odd"));
        Assert.That(line.GetProperty("nothing").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(line.GetProperty("flag").GetBoolean(), Is.True);
        Assert.That(line.GetProperty("small").GetInt32(), Is.EqualTo(7));
        Assert.That(line.GetProperty("big").GetUInt64(), Is.EqualTo(ulong.MaxValue));
        Assert.That(line.GetProperty("money").GetDecimal(), Is.EqualTo(12.50m));
        Assert.That(line.GetProperty("notANumber").GetString(), Is.EqualTo("NaN"), "JSON has no NaN");
        Assert.That(line.GetProperty("forever").GetString(), Is.EqualTo("Infinity"));
        Assert.That(line.GetProperty("when").GetString(), Is.EqualTo("2026-01-02T03:04:05.0000000+02:00"));
        Assert.That(line.GetProperty("kind").GetString(), Is.EqualTo("Warning"));
        var list = line.GetProperty("list");
        Assert.That(list.ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(list.EnumerateArray().Select(e => e.ValueKind), Is.EqualTo(new[] { JsonValueKind.Number, JsonValueKind.String, JsonValueKind.Null, JsonValueKind.Number }));
        Assert.That(line.GetProperty("broken").GetString(), Does.Contain("could not be written"));
        Assert.That(line.GetProperty("brokenList").GetString(), Does.Contain("could not be read"));
        Assert.That(line.GetProperty("_message").GetString(), Is.EqualTo("a field called message"), "a field never overwrites a fixed property");
        Assert.That(Names(line), Has.None.EqualTo("").And.None.EqualTo("{OriginalFormat}").And.None.EqualTo("originalFormat"));
        Assert.That(Names(line).Count(n => n == "message"), Is.EqualTo(1));
    }

    [Test]
    public void Write_MessageFormatterThrows_StillWritesALine()
    {
        var (logger, _) = Create();

        logger.Log<object?>(LogLevel.Information, default, null, null, (_, _) => throw new InvalidOperationException("bad"));

        Assert.That(Single(logger).GetProperty("message").GetString(), Does.Contain("could not be formatted"));
    }

    [Test]
    public void Write_ManyEntries_OneLineEach()
    {
        var (logger, _) = Create();
        for (var i = 0; i < 3; i++)
        {
#pragma warning disable CA1848 // A one-off message in a test.
            logger.LogInformation("entry {Index}\nwith a newline", i);
#pragma warning restore CA1848
        }

        var lines = Lines(logger);
        Assert.That(lines.Select(l => l.GetProperty("index").GetInt32()), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void Write_ScopesIncluded_WritesThemAsAnArray()
    {
        var (logger, _) = Create(includeScopes: true);
#pragma warning disable CA1848 // A one-off message in a test.
        using (logger.BeginScope("plain scope"))
        using (logger.BeginScope("request {RequestId}", 42))
        {
            logger.LogInformation("inside");
        }
#pragma warning restore CA1848

        var scopes = Single(logger).GetProperty("scopes").EnumerateArray().ToList();
        Assert.That(scopes, Has.Count.EqualTo(2));
        Assert.That(scopes[0].GetString(), Is.EqualTo("plain scope"));
        Assert.That(scopes[1].GetProperty("message").GetString(), Is.EqualTo("request 42"));
        Assert.That(scopes[1].GetProperty("requestId").GetInt32(), Is.EqualTo(42));
    }

    [Test]
    public void AddJsonLinesConsole_RegistersTheFormatterAndSelectsIt()
    {
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddJsonLinesConsole(o => o.IncludeScopes = true));
        using var provider = services.BuildServiceProvider();

        var formatters = provider.GetServices<ConsoleFormatter>().ToList();
        Assert.That(formatters.OfType<JsonLinesFormatter>().Single().Name, Is.EqualTo("jsonl"));
        Assert.That(provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName, Is.EqualTo("jsonl"));
        Assert.That(provider.GetRequiredService<IOptionsMonitor<JsonLinesFormatterOptions>>().CurrentValue.IncludeScopes, Is.True);
    }

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }

    private sealed class ThrowingSequence : IEnumerable<int>
    {
        public IEnumerator<int> GetEnumerator()
        {
            yield return 1;
            throw new InvalidOperationException("gone");
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
