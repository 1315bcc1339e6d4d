using Microsoft.Extensions.Logging.Console;

namespace Workers.Cli.Logging;

/// <summary>
/// Options of the <c>jsonl</c> console formatter. Of the inherited options only
/// <see cref="ConsoleFormatterOptions.IncludeScopes"/> is used (defaults to false); timestamps
/// are always ISO 8601 in UTC, so <see cref="ConsoleFormatterOptions.TimestampFormat"/> and
/// <see cref="ConsoleFormatterOptions.UseUtcTimestamp"/> are ignored.
/// </summary>
internal sealed class JsonLinesFormatterOptions : ConsoleFormatterOptions
{
}
