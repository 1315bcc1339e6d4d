using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Workers.Cli.Logging;

/// <summary>
/// A console formatter that writes each log entry as one JSON object on one line (JSON Lines),
/// for log shippers and <c>jq</c>:
/// <c>{"time":"2026-05-01T12:00:00.123Z","level":"info","category":"Workers.Request","message":"api GET / 200 1.2ms …","worker":"api","status":200,…}</c>.
/// </summary>
/// <remarks>
/// <para>
/// Properties, in order: <c>time</c> (ISO 8601, UTC, milliseconds), <c>level</c>
/// (<c>trace</c>, <c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>, <c>critical</c>),
/// <c>category</c>, <c>message</c> (the formatted message), then every structured field of the
/// entry under its camelCase name (<c>WallMs</c> becomes <c>wallMs</c>) except
/// <c>{OriginalFormat}</c>, then <c>exception</c> (<c>"Type: message"</c>) and <c>stack</c> (the
/// exception's full text: inner exceptions and stack traces) when there is one, then
/// <c>scopes</c> when scopes are on.
/// </para>
/// <para>
/// Numbers stay JSON numbers (NaN and infinities, which JSON cannot hold, become strings),
/// booleans stay booleans, null stays null, a sequence becomes an array, and anything else is
/// written as its invariant-culture text. A field whose name would repeat one already written
/// (including the fixed ones above) gets a leading underscore, or is dropped if that repeats too.
/// Strings are escaped by <see cref="Utf8JsonWriter"/> (quotes, backslashes, control characters;
/// a lone surrogate becomes U+FFFD), so no value can break the line; a value whose
/// <c>ToString</c> throws is written as a placeholder instead of failing the log call.
/// </para>
/// </remarks>
internal sealed class JsonLinesFormatter : ConsoleFormatter, IDisposable
{
    /// <summary>The formatter's name, for <see cref="ConsoleLoggerOptions.FormatterName"/>.</summary>
    public const string FormatterName = "jsonl";

    private const int MaxArrayItems = 100;

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        // Non-ASCII text stays readable; everything JSON requires is still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    [ThreadStatic]
    private static Buffers? t_buffers;

    private readonly TimeProvider _time;
    private readonly IDisposable? _optionsReload;
    private JsonLinesFormatterOptions _options;

    /// <summary>Creates the formatter; the console logger's service provider calls this.</summary>
    public JsonLinesFormatter(IOptionsMonitor<JsonLinesFormatterOptions> options)
        : this(options?.CurrentValue!, TimeProvider.System)
    {
        _optionsReload = options!.OnChange(changed => _options = changed);
    }

    /// <summary>Creates the formatter with fixed options and a clock, for tests.</summary>
    internal JsonLinesFormatter(JsonLinesFormatterOptions options, TimeProvider time)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
    }

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        // Take this thread's buffers for the duration, so a nested log call (a value whose
        // ToString logs) gets fresh ones instead of overwriting the line being built.
        var buffers = t_buffers ?? new Buffers();
        t_buffers = null;
        var output = buffers.Output;
        output.ResetWrittenCount();
        var writer = buffers.Writer(output);
        var names = buffers.Names;
        names.Clear();
        try
        {
            writer.WriteStartObject();
            writer.WriteString("time", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("level", LevelName(logEntry.LogLevel));
            writer.WriteString("category", logEntry.Category);
            writer.WriteString("message", Message(logEntry));
            names.UnionWith(s_fixedNames);

            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                WriteFields(writer, fields, names);
            }

            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("exception", Describe(exception));
                writer.WriteString("stack", SafeText(exception));
            }

            if (_options.IncludeScopes && scopeProvider is not null)
            {
                WriteScopes(writer, scopeProvider);
            }

            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            writer.Reset();
        }

        textWriter.Write(Encoding.UTF8.GetString(output.WrittenSpan));
        textWriter.Write(Environment.NewLine);
        if (output.Capacity <= Buffers.KeepCapacity)
        {
            t_buffers = buffers;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _optionsReload?.Dispose();

    private static readonly string[] s_fixedNames = ["time", "level", "category", "message", "exception", "stack", "scopes"];

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };

#pragma warning disable CA1031 // A log call must never fail because of what it was given to log.
    private static string Message<TState>(in LogEntry<TState> logEntry)
    {
        try
        {
            return logEntry.Formatter(logEntry.State, logEntry.Exception) ?? "";
        }
        catch (Exception e)
        {
            return $"<message could not be formatted: {e.GetType().Name}>";
        }
    }

    private static string Describe(Exception exception)
    {
        string message;
        try
        {
            message = exception.Message;
        }
        catch (Exception)
        {
            message = "<no message>";
        }

        return $"{exception.GetType().FullName}: {message}";
    }

    private static string SafeText(object value)
    {
        try
        {
            return (value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString()) ?? "";
        }
        catch (Exception e)
        {
            return $"<{value.GetType().Name} could not be written: {e.GetType().Name}>";
        }
    }

    private static void WriteFields(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> fields, HashSet<string> names)
    {
        List<KeyValuePair<string, object?>> items;
        try
        {
            items = [.. fields];
        }
        catch (Exception e)
        {
            writer.WriteString("_fields", $"<fields could not be read: {e.GetType().Name}>");
            return;
        }

        foreach (var (key, value) in items)
        {
            if (string.IsNullOrEmpty(key) || key == "{OriginalFormat}")
            {
                continue;
            }

            var name = JsonNamingPolicy.CamelCase.ConvertName(key);
            if (!names.Add(name) && !names.Add(name = "_" + name))
            {
                continue;
            }

            writer.WritePropertyName(name);
            WriteValue(writer, value, nested: false);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, bool nested)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                WriteFloat(writer, number);
                break;
            case float number:
                WriteFloat(writer, number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case byte or sbyte or short or ushort:
                writer.WriteNumberValue(Convert.ToInt32(value, CultureInfo.InvariantCulture));
                break;
            case uint number:
                writer.WriteNumberValue(number);
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case DateTime time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case Enum:
            case char:
                writer.WriteStringValue(SafeText(value));
                break;
            case IEnumerable sequence when !nested:
                WriteArray(writer, sequence);
                break;
            default:
                writer.WriteStringValue(SafeText(value));
                break;
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double number)
    {
        if (double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, IEnumerable sequence)
    {
        // Read the items first: a sequence that throws half way must not leave half an array.
        var items = new List<object?>();
        try
        {
            foreach (var item in sequence)
            {
                if (items.Count == MaxArrayItems)
                {
                    items.Add("…");
                    break;
                }

                items.Add(item);
            }
        }
        catch (Exception e)
        {
            writer.WriteStringValue($"<{sequence.GetType().Name} could not be read: {e.GetType().Name}>");
            return;
        }

        writer.WriteStartArray();
        foreach (var item in items)
        {
            WriteValue(writer, item, nested: true);
        }

        writer.WriteEndArray();
    }

    private static void WriteScopes(Utf8JsonWriter writer, IExternalScopeProvider scopeProvider)
    {
        var scopes = new List<object?>();
        try
        {
            scopeProvider.ForEachScope(static (scope, list) => list.Add(scope), scopes);
        }
        catch (Exception)
        {
            // A scope provider that fails leaves the scopes read so far.
        }

        if (scopes.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("scopes");
        foreach (var scope in scopes)
        {
            // A scope with named values becomes an object; a plain one (a string, or a template
            // with no placeholders) stays its text.
            if (scope is IEnumerable<KeyValuePair<string, object?>> fields && HasNamedValues(fields))
            {
                writer.WriteStartObject();
                writer.WriteString("message", SafeText(scope));
                WriteFields(writer, fields, ["message"]);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStringValue(scope is null ? null : SafeText(scope));
            }
        }

        writer.WriteEndArray();
    }

    private static bool HasNamedValues(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        try
        {
            return fields.Any(field => !string.IsNullOrEmpty(field.Key) && field.Key != "{OriginalFormat}");
        }
        catch (Exception)
        {
            return false;
        }
    }
#pragma warning restore CA1031

    /// <summary>One thread's reusable output buffer, JSON writer and name set.</summary>
    private sealed class Buffers
    {
        public const int KeepCapacity = 64 * 1024;

        private Utf8JsonWriter? _writer;

        public ArrayBufferWriter<byte> Output { get; } = new(1024);

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public Utf8JsonWriter Writer(IBufferWriter<byte> output)
        {
            if (_writer is null)
            {
                _writer = new Utf8JsonWriter(output, s_writerOptions);
            }
            else
            {
                _writer.Reset(output);
            }

            return _writer;
        }
    }
}
