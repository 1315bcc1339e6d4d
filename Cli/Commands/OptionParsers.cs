using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Hosting.Config;

namespace Workers.Cli.Commands;

/// <summary>
/// Turns the text of a flag into its value, or reports a one-line error that names the flag as the
/// user typed it and the value given: <c>--port: expected a port number from 0 to 65535, got 'abc'</c>.
/// </summary>
/// <remarks>
/// Every typed option of <c>workers serve</c> parses through these instead of System.CommandLine's
/// converters, for two reasons. Its 2.0 converters have no <see cref="Uri"/> (so <c>--upstream URL</c>
/// failed whatever the URL), and a failed conversion throws from <c>GetValueOrDefault</c> in a validator,
/// which ended the process with a stack trace. And the checks live in one place, so every message
/// has the same shape. Each message starts with the flag and <c>": "</c>, which is how
/// <see cref="UsageErrors"/> tells them from the parser's own.
/// </remarks>
internal static class OptionParsers
{
    /// <summary>The longest a value is quoted in a message; longer values are cut.</summary>
    private const int MaxShown = 80;

    /// <summary>The flag as typed (<c>-p</c> or <c>--port</c>); the option's name when nothing was typed.</summary>
    public static string Flag(SymbolResult result) => result switch
    {
        OptionResult option => option.IdentifierToken?.Value ?? option.Option.Name,
        ArgumentResult { Parent: OptionResult option } => option.IdentifierToken?.Value ?? option.Option.Name,
        ArgumentResult argument => argument.Argument.Name,
        _ => string.Empty,
    };

    /// <summary>A value as messages show it: in single quotes, control characters escaped, long values cut.</summary>
    public static string Show(string value)
    {
        var text = new StringBuilder("'");
        var shown = value.Length > MaxShown ? value[..MaxShown] : value;
        foreach (var c in shown)
        {
            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\'' => "\\'",
                '\\' => "\\\\",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        text.Append('\'');
        if (value.Length > MaxShown)
        {
            text.Append(CultureInfo.InvariantCulture, $"... ({value.Length} characters)");
        }

        return text.ToString();
    }

    /// <summary>Adds <c>{flag}: expected {expected}, got '{value}'</c> to the result's errors.</summary>
    public static void Fail(ArgumentResult result, string expected, string value) =>
        result.AddError($"{Flag(result)}: expected {expected}, got {Show(value)}");

    private static string Value(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;

    /// <summary>A port, 0 to 65535.</summary>
    public static int? Port(ArgumentResult result)
    {
        var text = Value(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return port;
        }

        Fail(result, "a port number from 0 to 65535", text);
        return null;
    }

    /// <summary>A whole number of <paramref name="unit"/> greater than zero.</summary>
    public static Func<ArgumentResult, int?> PositiveInt(string unit) => result =>
    {
        var text = Value(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        Fail(result, $"a whole number of {unit} greater than 0 (at most {int.MaxValue.ToString("N0", CultureInfo.InvariantCulture)})", text);
        return null;
    };

    /// <summary>A whole number of <paramref name="unit"/> greater than zero, up to <see cref="long.MaxValue"/>.</summary>
    public static Func<ArgumentResult, long?> PositiveLong(string unit) => result =>
    {
        var text = Value(result);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        Fail(result, $"a whole number of {unit} greater than 0", text);
        return null;
    };

    /// <summary>An absolute http or https URL with a host.</summary>
    public static Uri? HttpUrl(ArgumentResult result)
    {
        var text = Value(result);
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0)
        {
            return uri;
        }

        Fail(result, "an absolute http:// or https:// URL such as http://127.0.0.1:3000", text);
        return null;
    }

    /// <summary>Any text but an empty or blank one.</summary>
    public static Func<ArgumentResult, string?> NonEmpty(string what) => result =>
    {
        var text = Value(result);
        if (!string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        Fail(result, what, text);
        return null;
    };

    /// <summary>Every occurrence of a repeatable flag: none may be empty or blank.</summary>
    public static Func<ArgumentResult, string[]> NonEmptyList(string what) => result =>
    {
        var values = result.Tokens.Select(t => t.Value).ToArray();
        foreach (var blank in values.Where(string.IsNullOrWhiteSpace).Take(1))
        {
            Fail(result, what, blank);
        }

        return values;
    };

    /// <summary><c>--var KEY:VALUE</c>, repeatable: a non-empty key, a colon, and any value (which may hold more colons).</summary>
    public static string[] KeyValues(ArgumentResult result)
    {
        var values = result.Tokens.Select(t => t.Value).ToArray();
        foreach (var bad in values.Where(v => v.IndexOf(':', StringComparison.Ordinal) <= 0).Take(1))
        {
            Fail(result, "KEY:VALUE (a name, a colon, then the value)", bad);
        }

        return values;
    }

    /// <summary>A worker name as wrangler accepts it.</summary>
    public static string? WorkerName(ArgumentResult result)
    {
        var text = Value(result);
        if (ConfigLoader.IsValidWorkerName(text))
        {
            return text;
        }

        Fail(result, "a worker name of lowercase letters, digits, '-' and '_', not starting with '-' (wrangler's rule)", text);
        return null;
    }

    /// <summary>A compatibility date, <c>YYYY-MM-DD</c>.</summary>
    public static string? CompatibilityDate(ArgumentResult result)
    {
        var text = Value(result);
        if (ConfigLoader.IsValidCompatibilityDate(text))
        {
            return text;
        }

        Fail(result, "a date written YYYY-MM-DD", text);
        return null;
    }

    /// <summary>
    /// A log level, in wrangler's words (<c>debug</c>, <c>info</c>, <c>log</c>, <c>warn</c>, <c>error</c>,
    /// <c>none</c>) or .NET's (<c>Trace</c>, <c>Information</c>, <c>Warning</c>, <c>Critical</c>...), any case.
    /// </summary>
    /// <remarks>
    /// wrangler's <c>log</c> sits between <c>info</c> and <c>debug</c>; here <c>console.log</c> and
    /// <c>console.info</c> both log at Information, so both words mean Information.
    /// </remarks>
    public static LogLevel LogLevelValue(ArgumentResult result)
    {
        var text = Value(result);
        LogLevel? level = text.ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "LOG" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "CRITICAL" => LogLevel.Critical,
            "NONE" => LogLevel.None,
            _ => null,
        };
        if (level is { } found)
        {
            return found;
        }

        Fail(result, "debug, info, log, warn, error or none (or trace, information, warning, critical)", text);
        return LogLevel.Information;
    }

    /// <summary>One of <paramref name="choices"/>, exactly.</summary>
    public static Func<ArgumentResult, string?> OneOf(params string[] choices) => result =>
    {
        var text = Value(result);
        if (choices.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        Fail(result, choices.Length == 2 ? $"{choices[0]} or {choices[1]}" : "one of " + string.Join(", ", choices), text);
        return null;
    };

    /// <summary>A path that starts with '/', or <c>off</c>.</summary>
    public static string? MetricsPath(ArgumentResult result)
    {
        var text = Value(result);
        if (text == "off" || (text.StartsWith('/') && !text.Any(char.IsWhiteSpace)))
        {
            return text;
        }

        Fail(result, "a path starting with '/' (no spaces), or off", text);
        return null;
    }
}
