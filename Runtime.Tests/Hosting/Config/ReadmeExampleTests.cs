using System.Text.RegularExpressions;
using Workers.Runtime.Hosting.Config;

namespace Workers.Runtime.Tests.Hosting.Config;

/// <summary>The complete examples in Runtime/Hosting/Config/README.md load, and mean the same in TOML and JSON.</summary>
[TestFixture]
public sealed partial class ReadmeExampleTests
{
    private TempProject _project = null!;

    [SetUp]
    public void CreateProject() => _project = new TempProject();

    [TearDown]
    public void DeleteProject() => _project.Dispose();

    [GeneratedRegex("```(?<lang>[a-z]+)\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    private static List<(string Lang, string Body)> ReadmeBlocks()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Runtime", "Hosting", "Config", "README.md")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root with Runtime/Hosting/Config/README.md");
        var text = File.ReadAllText(Path.Combine(directory!.FullName, "Runtime", "Hosting", "Config", "README.md")).ReplaceLineEndings("\n");
        return CodeBlock().Matches(text).Select(m => (m.Groups["lang"].Value, m.Groups["body"].Value)).ToList();
    }

    private ProjectConfig LoadExample(string fileName, string body)
    {
        var blocks = ReadmeBlocks();
        _project.Script("api/index.js");
        _project.Script("site/src/index.js");
        _project.Write("site/wrangler.toml", blocks.Single(b => b.Lang == "toml" && b.Body.StartsWith("name = \"site\"", StringComparison.Ordinal)).Body);
        return ConfigLoader.Load([_project.Write(fileName, body)]);
    }

    [Test]
    public void Readme_TomlAndJsonExamples_LoadToTheSameWorkers()
    {
        var blocks = ReadmeBlocks();
        var toml = LoadExample("workers.toml", blocks.Single(b => b.Lang == "toml" && b.Body.Contains("[[workers]]", StringComparison.Ordinal)).Body);
        var json = LoadExample("workers.jsonc", blocks.Single(b => b.Lang == "jsonc").Body);

        foreach (var project in new[] { toml, json })
        {
            Assert.That(project.Warnings, Is.Empty);
            Assert.That(project.Workers.Select(w => (w.Name, w.IsDefault)), Is.EqualTo(new[] { ("api", false), ("site", true) }));
            var api = project.Workers[0];
            Assert.That(api.Routes, Is.EqualTo(new[] { "example.com/api/*", "api.example.com" }));
            Assert.That(api.Vars["GREETING"], Is.EqualTo("hello"));
            Assert.That(api.JsonVars["MAX_ITEMS"], Is.EqualTo("50"));
            Assert.That(api.JsonVars["FEATURES"], Is.EqualTo("""{"search":true,"beta":false}"""));
            Assert.That(api.Crons, Is.EqualTo(new[] { "*/15 * * * *" }));
            Assert.That(api.CpuMs, Is.EqualTo(100));
        }
    }

    [Test]
    public void Readme_DevExample_SetsIpAndPort()
    {
        var block = ReadmeBlocks().Single(b => b.Lang == "toml" && b.Body.StartsWith("[dev]", StringComparison.Ordinal)).Body;
        _project.Script("index.js");

        var project = ConfigLoader.Load([_project.Write("wrangler.toml", "name = \"w\"\nmain = \"index.js\"\ncompatibility_date = \"2026-01-01\"\n" + block)]);

        Assert.That((project.Dev.Ip, project.Dev.Port), Is.EqualTo(("0.0.0.0", 9000)));
        Assert.That(project.Warnings, Is.Empty);
    }

    [Test]
    public void Readme_DotenvExample_ParsesAsDescribed()
    {
        var block = ReadmeBlocks().Single(b => b.Lang == "sh" && b.Body.Contains("API_KEY=abc123", StringComparison.Ordinal)).Body;

        var values = DotEnvParser.Parse(block, "README.md");

        Assert.Multiple(() =>
        {
            Assert.That(values["API_KEY"], Is.EqualTo("abc123"));
            Assert.That(values["TOKEN"], Is.EqualTo("xyz"));
            Assert.That(values["GREETING"], Is.EqualTo("hello world"));
            Assert.That(values["URL"], Is.EqualTo("https://a.example/?q=1"));
            Assert.That(values["HASHED"], Is.EqualTo("abc#123"));
            Assert.That(values["LITERAL"], Is.EqualTo("no \\n escapes"));
            Assert.That(values["MULTI"], Is.EqualTo("line one\nline two"));
            Assert.That(values["PEM"], Is.EqualTo("-----BEGIN KEY-----\n...\n-----END KEY-----"));
        });
    }
}
