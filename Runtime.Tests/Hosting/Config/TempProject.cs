namespace Workers.Runtime.Tests.Hosting.Config;

/// <summary>A temporary folder of configuration files, scripts and secrets, deleted on dispose.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "workers-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the project.</summary>
    public string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>Writes <paramref name="content"/> to <paramref name="relative"/>, creating folders, and returns the full path.</summary>
    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes a trivial worker script to <paramref name="relative"/>.</summary>
    public string Script(string relative) =>
        Write(relative, "export default { fetch() { return new Response('ok'); } };\n");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
