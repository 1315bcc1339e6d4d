namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// Finds and reads a worker's local secrets the way <c>wrangler dev</c> does: <c>.dev.vars</c> in the
/// folder if it exists; otherwise <c>.env</c>, then <c>.env.local</c> over it.
/// </summary>
/// <remarks>
/// Sources: https://developers.cloudflare.com/workers/local-development/environment-variables/ ("If you
/// define a .dev.vars file, then values in .env files will not be included") and wrangler's
/// <c>getVarsForDev</c> / <c>getDefaultEnvFiles</c> (workers-sdk <c>packages/wrangler/src/dev/dev-vars.ts</c>,
/// <c>src/config/dot-env.ts</c>). Not done here: the per-environment files (<c>.dev.vars.&lt;env&gt;</c>,
/// <c>.env.&lt;env&gt;</c>, as there is no <c>--env</c>), <c>${VAR}</c> expansion in <c>.env</c> files, and
/// reading the process environment.
/// </remarks>
internal static class SecretsFiles
{
    /// <summary>The files that can hold secrets for a worker whose secrets live in <paramref name="directory"/>, in the order they are considered.</summary>
    public static IReadOnlyList<string> Candidates(string directory) =>
    [
        Path.Combine(directory, ".dev.vars"),
        Path.Combine(directory, ".env"),
        Path.Combine(directory, ".env.local"),
    ];

    /// <summary>Reads the secrets in <paramref name="directory"/>; <paramref name="fileRead"/> is told each file read.</summary>
    /// <exception cref="ConfigException">A file is malformed or cannot be read.</exception>
    public static OrderedDictionary<string, string> Load(string directory, Action<string> fileRead)
    {
        var candidates = Candidates(directory);
        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(candidates[0]))
        {
            Merge(result, candidates[0], fileRead);
            return result;
        }

        foreach (var file in candidates.Skip(1))
        {
            if (File.Exists(file))
            {
                Merge(result, file, fileRead);
            }
        }

        return result;
    }

    private static void Merge(OrderedDictionary<string, string> into, string file, Action<string> fileRead)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(file, key: null, $"cannot be read: {e.Message}", innerException: e);
        }

        fileRead(file);
        foreach (var (key, value) in DotEnvParser.Parse(text, file))
        {
            into[key] = value;
        }
    }
}
