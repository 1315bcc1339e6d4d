using System.Globalization;
using System.Text;
using Workers.Runtime.Hosting.Metrics;

namespace Workers.Runtime.Tests.Hosting.Metrics;

/// <summary>One sample line of the Prometheus text format.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict parser for the Prometheus text exposition format 0.0.4, so tests assert on parsed
/// series and values rather than on fragments of text. Malformed lines fail the test.
/// </summary>
internal sealed class Exposition
{
    private Exposition(IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, string> types, IReadOnlyDictionary<string, string> help)
    {
        Samples = samples;
        Types = types;
        Help = help;
    }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Metric family name to its <c># TYPE</c>.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Metric family name to its <c># HELP</c>.</summary>
    public IReadOnlyDictionary<string, string> Help { get; }

    public static async Task<Exposition> ScrapeAsync(WorkerMetrics metrics)
    {
        using var output = new MemoryStream();
        await metrics.WriteAsync(output);
        return Parse(Encoding.UTF8.GetString(output.ToArray()));
    }

    public static Exposition Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                Assert.That(parts, Has.Length.EqualTo(2), $"TYPE line: {line}");
                types.Add(parts[0], parts[1]);
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                help.Add(rest[..space], rest[(space + 1)..]);
                continue;
            }

            Assert.That(line, Does.Not.StartWith("#"), "only HELP and TYPE comments are expected");
            samples.Add(ParseSample(line));
        }

        return new Exposition(samples, types, help);
    }

    /// <summary>The samples named <paramref name="name"/> whose labels are exactly <paramref name="labels"/>.</summary>
    public IReadOnlyList<Sample> Find(string name, params (string Name, string Value)[] labels)
    {
        return Samples.Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).ToList();
    }

    /// <summary>The value of the single sample matching exactly; fails when there is none or more than one.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var found = Find(name, labels);
        Assert.That(found, Has.Count.EqualTo(1), $"one sample {name}{{{string.Join(",", labels.Select(l => $"{l.Name}={l.Value}"))}}}");
        return found[0].Value;
    }

    /// <summary>Samples carrying a label with the given value, e.g. everything of one worker.</summary>
    public IEnumerable<Sample> WithLabel(string label, string value) => Samples.Where(s => s.Labels.TryGetValue(label, out var v) && v == value);

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        Assert.That(i, Is.GreaterThan(0), $"metric name in: {line}");
        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var nameStart = i;
                while (line[i] != '=')
                {
                    i++;
                }

                var labelName = line[nameStart..i];
                i++;
                Assert.That(line[i], Is.EqualTo('"'), $"quoted label value in: {line}");
                i++;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            var other => throw new AssertionException($"bad escape \\{other} in: {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++;
                labels.Add(labelName, value.ToString());
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Assert.That(line[i], Is.EqualTo(' '), $"space before the value in: {line}");
        var fields = line[(i + 1)..].Split(' ');
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }
}
