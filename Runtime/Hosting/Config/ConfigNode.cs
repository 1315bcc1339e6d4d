using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// One value of a parsed configuration file, the same for TOML and JSON so that validation is
/// written once. Tables keep their keys in declaration order. <see cref="Line"/> and
/// <see cref="Column"/> point at the key that holds the value when the reader knows it (TOML).
/// </summary>
internal sealed class ConfigNode
{
    private static readonly IReadOnlyList<KeyValuePair<string, ConfigNode>> s_noMembers = [];
    private static readonly IReadOnlyList<ConfigNode> s_noItems = [];

    private ConfigNode(ConfigNodeKind kind, bool fromJson, int? line, int? column)
    {
        Kind = kind;
        FromJson = fromJson;
        Line = line;
        Column = column;
    }

    public ConfigNodeKind Kind { get; }

    /// <summary>Whether the value came from a JSON file (messages then say "object" where TOML says "table").</summary>
    public bool FromJson { get; }

    public int? Line { get; }

    public int? Column { get; }

    /// <summary>The text of a string; the source text of a number or date.</summary>
    public string Text { get; private init; } = string.Empty;

    public long Integer { get; private init; }

    public double Float { get; private init; }

    public bool Boolean { get; private init; }

    public IReadOnlyList<KeyValuePair<string, ConfigNode>> Members { get; private init; } = s_noMembers;

    public IReadOnlyList<ConfigNode> Items { get; private init; } = s_noItems;

    /// <summary>"table" for TOML, "object" for JSON.</summary>
    public string TableWord => FromJson ? "object" : "table";

    /// <summary>"a table" for TOML, "an object" for JSON.</summary>
    public string ATable => FromJson ? "an object" : "a table";

    /// <summary>An inline table of one key in the syntax of the file: <c>{ cpu_ms = 50 }</c> or <c>{ "cpu_ms": 50 }</c>.</summary>
    public string Example(string key, string value) => FromJson ? $"{{ \"{key}\": {value} }}" : $"{{ {key} = {value} }}";

    public static ConfigNode Table(IReadOnlyList<KeyValuePair<string, ConfigNode>> members, bool fromJson, int? line = null, int? column = null) =>
        new(ConfigNodeKind.Table, fromJson, line, column) { Members = members };

    public static ConfigNode Array(IReadOnlyList<ConfigNode> items, bool fromJson, int? line = null, int? column = null) =>
        new(ConfigNodeKind.Array, fromJson, line, column) { Items = items };

    public static ConfigNode String(string value, bool fromJson, int? line = null, int? column = null) =>
        new(ConfigNodeKind.String, fromJson, line, column) { Text = value };

    public static ConfigNode FromInteger(long value, bool fromJson, int? line = null, int? column = null) =>
        new(ConfigNodeKind.Integer, fromJson, line, column) { Integer = value, Text = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>A float; <paramref name="text"/> is its source text, which is what JSON output repeats.</summary>
    public static ConfigNode FromFloat(double value, string text, bool fromJson, int? line = null, int? column = null) =>
        new(ConfigNodeKind.Float, fromJson, line, column) { Float = value, Text = text };

    public static ConfigNode FromBoolean(bool value, bool fromJson, int? line = null, int? column = null) =>
        new(ConfigNodeKind.Boolean, fromJson, line, column) { Boolean = value, Text = value ? "true" : "false" };

    public static ConfigNode DateTime(string text, int? line = null, int? column = null) =>
        new(ConfigNodeKind.DateTime, fromJson: false, line, column) { Text = text };

    public static ConfigNode Null(int? line = null, int? column = null) =>
        new(ConfigNodeKind.Null, fromJson: true, line, column) { Text = "null" };

    /// <summary>The member named <paramref name="key"/> of a table, or null.</summary>
    public ConfigNode? Member(string key)
    {
        foreach (var member in Members)
        {
            if (member.Key == key)
            {
                return member.Value;
            }
        }

        return null;
    }

    /// <summary>How the value is shown in an error message: a string in quotes, a number as written, or its kind.</summary>
    public string Describe() => Kind switch
    {
        ConfigNodeKind.String => Quote(Text),
        ConfigNodeKind.Table => FromJson ? "an object" : "a table",
        ConfigNodeKind.Array => "an array",
        ConfigNodeKind.DateTime => $"the date {Text}",
        _ => Text,
    };

    /// <summary>
    /// <paramref name="text"/> as a JSON string literal, for error messages: in double quotes, with
    /// quotes, control characters and non-ASCII escaped, and a lone surrogate as <c>\uFFFD</c>.
    /// </summary>
    /// <remarks>
    /// Written with <see cref="Utf8JsonWriter"/> and its default encoder, which gives the same text
    /// as <c>JsonSerializer.Serialize(text)</c> without the reflection-based serializer that trimming
    /// and NativeAOT cannot keep. (<see cref="JsonEncodedText.Encode(string, System.Text.Encodings.Web.JavaScriptEncoder?)"/>
    /// would throw on a lone surrogate, which a JSON file can hold as an escape.)
    /// </remarks>
    public static string Quote(string text)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 2);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Whether every number inside can be written as JSON (TOML allows nan and inf; JSON does not).</summary>
    public bool IsJsonRepresentable() => Kind switch
    {
        ConfigNodeKind.Float => FromJson || double.IsFinite(Float),
        ConfigNodeKind.DateTime => false,
        ConfigNodeKind.Table => Members.All(m => m.Value.IsJsonRepresentable()),
        ConfigNodeKind.Array => Items.All(i => i.IsJsonRepresentable()),
        _ => true,
    };

    /// <summary>The value as compact JSON text, keys in declaration order.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private void WriteJson(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case ConfigNodeKind.Table:
                writer.WriteStartObject();
                foreach (var member in Members)
                {
                    writer.WritePropertyName(member.Key);
                    member.Value.WriteJson(writer);
                }

                writer.WriteEndObject();
                break;
            case ConfigNodeKind.Array:
                writer.WriteStartArray();
                foreach (var item in Items)
                {
                    item.WriteJson(writer);
                }

                writer.WriteEndArray();
                break;
            case ConfigNodeKind.String:
            case ConfigNodeKind.DateTime:
                writer.WriteStringValue(Text);
                break;
            case ConfigNodeKind.Integer:
                writer.WriteNumberValue(Integer);
                break;
            case ConfigNodeKind.Float when FromJson:
                writer.WriteRawValue(Text);
                break;
            case ConfigNodeKind.Float:
                writer.WriteNumberValue(Float);
                break;
            case ConfigNodeKind.Boolean:
                writer.WriteBooleanValue(Boolean);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
