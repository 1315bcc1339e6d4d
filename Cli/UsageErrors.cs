using System.CommandLine;
using System.CommandLine.Parsing;
using Workers.Cli.Commands;

namespace Workers.Cli;

/// <summary>
/// Turns what is wrong with a command line into one-line messages that name the flag or word at
/// fault: <c>unknown option '--foo' (did you mean '--port'?)</c>, <c>--port: needs a value</c>,
/// <c>--port: expected a port number from 0 to 65535, got 'abc'</c>.
/// </summary>
/// <remarks>
/// System.CommandLine takes any word starting with '-' that is no option for an argument, so an
/// unknown flag would become a file name; here every such word before <c>--</c> that no option took
/// as its value is an unknown option. Its own messages are localized and multi-line; those are
/// rebuilt from the parse result's structure, and the messages of <see cref="OptionParsers"/> kept.
/// </remarks>
internal static class UsageErrors
{
    /// <summary>The usage errors of <paramref name="parseResult"/>; empty when it can run.</summary>
    public static IReadOnlyList<string> Find(ParseResult parseResult)
    {
        var messages = new List<string>();
        var command = parseResult.CommandResult.Command;
        var taken = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        foreach (var option in OptionResults(parseResult.RootCommandResult))
        {
            taken.UnionWith(option.Tokens);
        }

        foreach (var token in parseResult.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                break;
            }

            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && !taken.Contains(token))
            {
                var name = OptionName(token.Value);
                messages.Add($"unknown option {OptionParsers.Show(name)}{Suggestion(name, OptionNames(command))}");
            }
        }

        if (command is RootCommand)
        {
            foreach (var word in parseResult.UnmatchedTokens.Where(t => !t.StartsWith('-')))
            {
                var names = command.Subcommands.Select(c => c.Name).ToList();
                var suggestion = Suggestion(word, names);
                messages.Add($"unknown command {OptionParsers.Show(word)}{(suggestion.Length > 0 ? suggestion : $" (commands: {string.Join(", ", names)})")}");
            }
        }

        if (messages.Count > 0)
        {
            return messages.Distinct(StringComparer.Ordinal).ToList();
        }

        foreach (var error in parseResult.Errors)
        {
            messages.Add(Describe(error));
        }

        return messages.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The name part of <c>--name=value</c> or <c>--name:value</c>.</summary>
    private static string OptionName(string token)
    {
        var end = token.IndexOfAny(['=', ':']);
        return end > 0 ? token[..end] : token;
    }

    private static IEnumerable<OptionResult> OptionResults(SymbolResult result)
    {
        var children = result switch
        {
            CommandResult command => command.Children,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is OptionResult option)
            {
                yield return option;
            }
            else
            {
                foreach (var nested in OptionResults(child))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<string> OptionNames(Command command)
    {
        for (var current = (Symbol?)command; current is Command c; current = c.Parents.FirstOrDefault())
        {
            foreach (var option in c.Options.Where(o => current == command || o.Recursive))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases)
                {
                    yield return alias;
                }
            }
        }
    }

    private static string Describe(ParseError error)
    {
        if (error.SymbolResult is OptionResult or ArgumentResult { Parent: OptionResult })
        {
            var flag = OptionParsers.Flag(error.SymbolResult);
            if (error.Message.StartsWith(flag + ": ", StringComparison.Ordinal))
            {
                return error.Message;
            }

            var tokens = error.SymbolResult.Tokens;
            return tokens.Count switch
            {
                0 => $"{flag}: needs a value",
                1 => $"{flag}: cannot use {OptionParsers.Show(tokens[0].Value)}",
                _ => $"{flag}: given {tokens.Count} times ({string.Join(", ", tokens.Select(t => OptionParsers.Show(t.Value)))}); give it once",
            };
        }

        // Anything else the parser reports (none is known to reach here): its text, on one line.
        return error.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ');
    }

    /// <summary><c> (did you mean '--port'?)</c> when one candidate is close to <paramref name="word"/>; empty otherwise.</summary>
    internal static string Suggestion(string word, IEnumerable<string> candidates)
    {
        // A one-letter flag is as close to every other one-letter flag: no guess is better than a wrong one.
        if (word.TrimStart('-').Length < 2)
        {
            return string.Empty;
        }

        candidates = candidates.Where(c => c.TrimStart('-').Length >= 2).ToList();
        var best = candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Candidate: c, Distance: Distance(word, c)))
            .Where(c => c.Distance <= Math.Max(2, word.Length / 5))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best.Candidate is not null)
        {
            return $" (did you mean {OptionParsers.Show(best.Candidate)}?)";
        }

        var prefixed = candidates.Where(c => word.Length >= 4 && c.StartsWith(word, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        return prefixed.Count == 1 ? $" (did you mean {OptionParsers.Show(prefixed[0])}?)" : string.Empty;
    }

    /// <summary>Levenshtein distance, with a swap of two neighbours counted as one edit.</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 3 || a.Length > 200 || b.Length > 200)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
