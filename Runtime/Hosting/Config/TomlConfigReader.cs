using System.Globalization;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;
using Tomlyn.Syntax;

namespace Workers.Runtime.Hosting.Config;

/// <summary>Reads a TOML configuration file into a <see cref="ConfigNode"/> table with key positions.</summary>
internal static class TomlConfigReader
{
    /// <summary>Parses <paramref name="text"/>, read from <paramref name="file"/>.</summary>
    /// <exception cref="ConfigException">The text is not valid TOML; the exception carries the line and column.</exception>
    public static ConfigNode Read(string text, string file)
    {
        var options = new TomlSerializerOptions { SourceName = file, DuplicateKeyHandling = TomlDuplicateKeyHandling.Error };
        try
        {
            // The model deserializer (Tomlyn 2.10.2) accepts a key defined twice; the syntax
            // parser's validation rejects it, as TOML requires, so it runs first.
            SyntaxParser.ParseStrict(text, options, file, validate: true);
            var store = new TomlMetadataStore();
            var context = new ConfigTomlContext(new TomlSerializerOptions
            {
                SourceName = file,
                MetadataStore = store,
                DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
            });
            var table = TomlSerializer.Deserialize(text, context.TomlTable) ?? new TomlTable();
            return Convert(table, store, line: null, column: null);
        }
        catch (TomlException e)
        {
            throw SyntaxError(file, e);
        }
    }

    private static ConfigException SyntaxError(string file, TomlException e)
    {
        if (e.Diagnostics is { Count: > 0 } diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Kind == DiagnosticMessageKind.Error)
                {
                    // TomlTextPosition counts from 0 (its ToString adds 1); TomlException.Line does not.
                    var start = diagnostic.Span.Start;
                    return new ConfigException(file, key: null, diagnostic.Message.TrimEnd(), start.Line + 1, start.Column + 1, e);
                }
            }
        }

        return new ConfigException(file, key: null, e.Message.TrimEnd(), e.Line > 0 ? e.Line : null, e.Column > 0 ? e.Column : null, e);
    }

    private static ConfigNode Convert(object? value, TomlMetadataStore store, int? line, int? column)
    {
        switch (value)
        {
            case TomlTable table:
                store.TryGetProperties(table, out var metadata);
                var members = new List<KeyValuePair<string, ConfigNode>>(table.Count);
                foreach (var (key, item) in table)
                {
                    int? keyLine = line, keyColumn = column;
                    if (metadata is not null && metadata.TryGetProperty(key, out var property) && property?.Span is { } span)
                    {
                        keyLine = span.Start.Line + 1;
                        keyColumn = span.Start.Column + 1;
                    }

                    members.Add(new(key, Convert(item, store, keyLine, keyColumn)));
                }

                return ConfigNode.Table(members, fromJson: false, line, column);
            case TomlTableArray tables:
                return ConfigNode.Array(tables.Select(t => Convert(t, store, line, column)).ToList(), fromJson: false, line, column);
            case TomlArray array:
                return ConfigNode.Array(array.Select(i => Convert(i, store, line, column)).ToList(), fromJson: false, line, column);
            case string text:
                return ConfigNode.String(text, fromJson: false, line, column);
            case long integer:
                return ConfigNode.FromInteger(integer, fromJson: false, line, column);
            case double number:
                return ConfigNode.FromFloat(number, number.ToString("R", CultureInfo.InvariantCulture), fromJson: false, line, column);
            case bool flag:
                return ConfigNode.FromBoolean(flag, fromJson: false, line, column);
            case TomlDateTime date:
                return ConfigNode.DateTime(date.ToString(), line, column);
            default:
                return ConfigNode.String(System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, fromJson: false, line, column);
        }
    }
}
