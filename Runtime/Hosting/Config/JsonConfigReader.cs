using System.Text.Json;

namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// Reads a JSON or JSONC configuration file (wrangler.json / wrangler.jsonc) into a
/// <see cref="ConfigNode"/> tree. Comments and trailing commas are allowed in both, as wrangler
/// parses both with a JSONC parser; a key given twice in one object is an error.
/// </summary>
internal static class JsonConfigReader
{
    private static readonly JsonDocumentOptions s_options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses <paramref name="text"/>, read from <paramref name="file"/>.</summary>
    /// <exception cref="ConfigException">The text is not valid JSON(C); the exception carries the line and column when known.</exception>
    public static ConfigNode Read(string text, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(text, s_options);
            return Convert(document.RootElement);
        }
        catch (JsonException e)
        {
            // System.Text.Json counts lines and bytes from 0 and appends them to its message.
            var message = e.Message;
            var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (suffix >= 0)
            {
                message = message[..suffix];
            }

            int? line = e.LineNumber is { } l ? (int)l + 1 : null;
            int? column = e.BytePositionInLine is { } c ? (int)c + 1 : null;
            throw new ConfigException(file, key: null, message.TrimEnd(), line, column, e);
        }
    }

    private static ConfigNode Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<KeyValuePair<string, ConfigNode>>();
                foreach (var property in element.EnumerateObject())
                {
                    members.Add(new(property.Name, Convert(property.Value)));
                }

                return ConfigNode.Table(members, fromJson: true);
            case JsonValueKind.Array:
                return ConfigNode.Array(element.EnumerateArray().Select(Convert).ToList(), fromJson: true);
            case JsonValueKind.String:
                return ConfigNode.String(element.GetString()!, fromJson: true);
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var integer))
                {
                    return ConfigNode.FromInteger(integer, fromJson: true);
                }

                return ConfigNode.FromFloat(element.TryGetDouble(out var number) ? number : double.NaN, element.GetRawText(), fromJson: true);
            case JsonValueKind.True:
                return ConfigNode.FromBoolean(true, fromJson: true);
            case JsonValueKind.False:
                return ConfigNode.FromBoolean(false, fromJson: true);
            default:
                return ConfigNode.Null();
        }
    }
}
