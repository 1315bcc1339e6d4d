using System.Text;

namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// Parses the dotenv format that wrangler reads from <c>.dev.vars</c> and <c>.env</c> (wrangler uses
/// the npm <c>dotenv</c> package; this follows its rules, listed in Config/README.md).
/// </summary>
/// <remarks>
/// One deviation on purpose: where <c>dotenv</c> skips a line it cannot read, this fails naming the
/// file and line, because a silently dropped secret is harder to find than an error. Error messages
/// never repeat the line's text, as it may hold a secret.
/// </remarks>
internal static class DotEnvParser
{
    /// <summary>Parses <paramref name="text"/>, read from <paramref name="file"/>. A name given twice keeps its first position and its last value.</summary>
    /// <exception cref="ConfigException">A line is not <c>NAME=VALUE</c>, or a quoted value is not closed.</exception>
    public static OrderedDictionary<string, string> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        var line = 1;
        while (i < text.Length)
        {
            SkipBlanks(text, ref i);
            if (i >= text.Length)
            {
                break;
            }

            if (text[i] == '\n')
            {
                i++;
                line++;
                continue;
            }

            if (text[i] == '#')
            {
                SkipToEndOfLine(text, ref i);
                continue;
            }

            var startLine = line;
            if (text.AsSpan(i).StartsWith("export", StringComparison.Ordinal) && i + 6 < text.Length && text[i + 6] is ' ' or '\t')
            {
                i += 6;
                SkipBlanks(text, ref i);
            }

            var keyStart = i;
            while (i < text.Length && IsNameChar(text[i]))
            {
                i++;
            }

            if (i == keyStart)
            {
                throw Malformed(file, startLine, "expected NAME=VALUE, where NAME is letters, digits, '_', '.' or '-'");
            }

            var key = text[keyStart..i];
            SkipBlanks(text, ref i);
            if (i >= text.Length || text[i] != '=')
            {
                throw Malformed(file, startLine, "expected NAME=VALUE, found no '=' after the name");
            }

            i++;
            SkipBlanks(text, ref i);
            string value;
            if (i < text.Length && text[i] is '"' or '\'' or '`')
            {
                value = ReadQuoted(text, ref i, ref line, file, key);
                SkipBlanks(text, ref i);
                if (i < text.Length && text[i] == '#')
                {
                    SkipToEndOfLine(text, ref i);
                }
                else if (i < text.Length && text[i] != '\n')
                {
                    throw Malformed(file, line, $"unexpected text after the closing quote of {key}");
                }
            }
            else
            {
                // As in dotenv, an unquoted value ends at the first '#': quote a value that contains one.
                var valueStart = i;
                while (i < text.Length && text[i] is not '\n' and not '#')
                {
                    i++;
                }

                value = text[valueStart..i].Trim(' ', '\t');
                SkipToEndOfLine(text, ref i);
            }

            result[key] = value;
        }

        return result;
    }

    private static string ReadQuoted(string text, ref int i, ref int line, string file, string key)
    {
        var quote = text[i];
        var startLine = line;
        i++;
        var value = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw Malformed(file, startLine, $"the value of {key} opens a {quote} quote that is never closed");
            }

            var c = text[i];
            if (c == quote)
            {
                i++;
                return value.ToString();
            }

            if (quote == '"' && c == '\\' && i + 1 < text.Length)
            {
                var escaped = text[i + 1] switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '"' => '"',
                    '\\' => '\\',
                    _ => (char?)null,
                };
                if (escaped is { } e)
                {
                    value.Append(e);
                    i += 2;
                    continue;
                }
            }

            if (c == '\n')
            {
                line++;
            }

            value.Append(c);
            i++;
        }
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static void SkipBlanks(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipToEndOfLine(string text, ref int i)
    {
        while (i < text.Length && text[i] != '\n')
        {
            i++;
        }
    }

    private static ConfigException Malformed(string file, int line, string reason) =>
        new(file, key: null, reason, line);
}
