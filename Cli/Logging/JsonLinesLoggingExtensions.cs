using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Workers.Cli.Logging;

/// <summary>Registers the JSON-lines console output.</summary>
internal static class JsonLinesLoggingExtensions
{
    /// <summary>
    /// Adds the console logger with the <c>jsonl</c> formatter: one JSON object per line on
    /// standard output (see <see cref="JsonLinesFormatter"/>).
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="configure">Optional formatter options, e.g. to include scopes.</param>
    public static ILoggingBuilder AddJsonLinesConsole(this ILoggingBuilder builder, Action<JsonLinesFormatterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConsole(options => options.FormatterName = JsonLinesFormatter.FormatterName);
        if (configure is null)
        {
            builder.AddConsoleFormatter<JsonLinesFormatter, JsonLinesFormatterOptions>();
        }
        else
        {
            builder.AddConsoleFormatter<JsonLinesFormatter, JsonLinesFormatterOptions>(configure);
        }

        return builder;
    }
}
