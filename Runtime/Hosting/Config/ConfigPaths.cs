namespace Workers.Runtime.Hosting.Config;

/// <summary>Path helpers shared by the configuration loader.</summary>
internal static class ConfigPaths
{
    /// <summary>
    /// How a file is named in messages: relative to the current directory when it lies below it
    /// (<c>site/wrangler.toml</c>), otherwise its full path.
    /// </summary>
    public static string Display(string path)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
        {
            return path;
        }

        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? path : relative;
    }

    /// <summary>
    /// Whether <paramref name="path"/> names a TypeScript (or JSX) source, which needs a build step
    /// this runtime does not have.
    /// </summary>
    public static bool NeedsBuild(string path)
    {
        var extension = Path.GetExtension(path);
        return extension.Equals(".ts", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".tsx", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".mts", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".cts", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".jsx", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The message for a script that needs a build step.</summary>
    public static string NeedsBuildMessage(string path) =>
        $"{Path.GetExtension(path)} files need a build step, and TypeScript/JSX is not supported: build the worker "
        + $"(for example with `wrangler deploy --dry-run --outdir dist` or esbuild) and point at the built .js file instead of {ConfigPaths.Display(path)}";
}
