using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// <remarks>
    /// This registers the formatter itself rather than through
    /// <c>AddConsoleFormatter&lt;TFormatter, TOptions&gt;</c>, which also binds the options to the
    /// <c>Logging:Console:FormatterOptions</c> configuration section by reflection and so cannot be
    /// trimmed or compiled ahead of time. The command reads no logging configuration, so nothing
    /// is lost; options come from <paramref name="configure"/> only.
    /// </remarks>
    public static ILoggingBuilder AddJsonLinesConsole(this ILoggingBuilder builder, Action<JsonLinesFormatterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConsole(options => options.FormatterName = JsonLinesFormatter.FormatterName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, JsonLinesFormatter>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
