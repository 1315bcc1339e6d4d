namespace Workers.Runtime.Hosting.Config;

/// <summary>What one <see cref="ConfigLoader.Load"/> call collects on the way: warnings and the files it read.</summary>
internal sealed class LoadContext
{
    private readonly List<string> _files = [];
    private readonly HashSet<string> _fileSet = new(StringComparer.Ordinal);

    public List<string> Warnings { get; } = [];

    public IReadOnlyList<string> Files => _files;

    public void AddFile(string path)
    {
        if (_fileSet.Add(path))
        {
            _files.Add(path);
        }
    }

    /// <summary>Adds a warning about <paramref name="file"/>: <c>wrangler.toml: unknown key 'foo' (ignored)</c>.</summary>
    public void Warn(string file, string message) => Warnings.Add($"{ConfigPaths.Display(file)}: {message}");
}
