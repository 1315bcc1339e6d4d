using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Cli;
using Workers.Cli.Commands;
using Workers.Runtime.Hosting.Config;
using Workers.Runtime.Tests.Hosting.Config;

namespace Workers.Runtime.Tests.Cli;

/// <summary>How <c>workers serve</c>'s flags turn into settings, in process: log levels, the listen address's precedence, and the overrides of the configuration.</summary>
[TestFixture]
public sealed class ServeOptionsTests
{
    private TempProject _project = null!;

    [SetUp]
    public void CreateProject() => _project = new TempProject();

    [TearDown]
    public void DeleteProject() => _project.Dispose();

    [TestCase("debug", LogLevel.Debug)]
    [TestCase("info", LogLevel.Information)]
    [TestCase("log", LogLevel.Information)]
    [TestCase("warn", LogLevel.Warning)]
    [TestCase("error", LogLevel.Error)]
    [TestCase("none", LogLevel.None)]
    [TestCase("Trace", LogLevel.Trace)]
    [TestCase("Information", LogLevel.Information)]
    [TestCase("WARNING", LogLevel.Warning)]
    [TestCase("critical", LogLevel.Critical)]
    public void LogLevel_WranglerAndDotNetNames_AnyCase(string text, LogLevel expected)
    {
        var parseResult = CliRoot.Create().Parse(["serve", "--log-level", text]);

        Assert.That(UsageErrors.Find(parseResult), Is.Empty);
        Assert.That(parseResult.GetValue<LogLevel>("--log-level"), Is.EqualTo(expected));
    }

    [Test]
    public void LogLevel_NotGiven_IsInformation() =>
        Assert.That(CliRoot.Create().Parse(["serve"]).GetValue<LogLevel>("--log-level"), Is.EqualTo(LogLevel.Information));

    [Test]
    public void Parse_IpIsAnAliasOfHost()
    {
        var parseResult = CliRoot.Create().Parse(["serve", "--ip", "0.0.0.0"]);

        Assert.That(UsageErrors.Find(parseResult), Is.Empty);
        Assert.That(parseResult.GetValue<string?>("--host"), Is.EqualTo("0.0.0.0"));
    }

    private static ServeSettings Settings(IReadOnlyList<string> inputs, string? host = null, int? port = null) => new()
    {
        Inputs = inputs,
        Host = host,
        Port = port,
        MaxInstances = 1,
        MaxIsolates = 10,
        IdleTimeout = TimeSpan.FromMinutes(1),
    };

    [TestCase(null, null, null, null, "127.0.0.1", 8787)]
    [TestCase(null, null, "0.0.0.0", 9000, "0.0.0.0", 9000)]
    [TestCase("10.0.0.1", 0, "0.0.0.0", 9000, "10.0.0.1", 0)]
    [TestCase(null, 1234, null, 9000, "127.0.0.1", 1234)]
    public void ListenAddress_FlagThenDevThenDefault(string? host, int? port, string? devIp, int? devPort, string expectedHost, int expectedPort)
    {
        var address = Serve.ListenAddress(Settings([], host, port), new DevSettings { Ip = devIp, Port = devPort });

        Assert.That(address, Is.EqualTo((expectedHost, expectedPort)));
    }

    [Test]
    public void Load_CompatibilityFlags_AreRecordedOverTheFileAndSilenceTheMissingDateWarning()
    {
        _project.Script("index.js");
        var config = _project.Write("wrangler.toml", "name = \"site\"\nmain = \"index.js\"\ncompatibility_flags = [\"old\"]\n");
        var loader = new ProjectLoader(Settings([config]) with { CompatibilityDate = "2026-03-04", CompatibilityFlags = ["nodejs_compat"] }, NullLoggerFactory.Instance);

        loader.Load();

        Assert.That(loader.Definitions.Single().CompatibilityDate, Is.EqualTo("2026-03-04"));
        Assert.That(loader.Definitions.Single().CompatibilityFlags, Is.EqualTo(new[] { "nodejs_compat" }));
        Assert.That(loader.Warnings, Is.Empty);
    }

    [Test]
    public void Load_WithoutCompatibilityFlags_KeepsTheFilesAndWarnsAboutTheMissingDate()
    {
        _project.Script("index.js");
        var config = _project.Write("wrangler.toml", "name = \"site\"\nmain = \"index.js\"\ncompatibility_flags = [\"old\"]\n");
        var loader = new ProjectLoader(Settings([config]), NullLoggerFactory.Instance);

        loader.Load();

        Assert.That(loader.Definitions.Single().CompatibilityDate, Is.Null);
        Assert.That(loader.Definitions.Single().CompatibilityFlags, Is.EqualTo(new[] { "old" }));
        Assert.That(loader.Warnings, Has.One.Contains("compatibility_date is not set"));
    }

    [Test]
    public void Load_ScriptWithCompatibilityDate_RecordsIt()
    {
        var script = _project.Script("api.js");
        var loader = new ProjectLoader(Settings([script]) with { CompatibilityDate = "2025-01-31" }, NullLoggerFactory.Instance);

        loader.Load();

        Assert.That(loader.Definitions.Single().CompatibilityDate, Is.EqualTo("2025-01-31"));
        Assert.That(loader.Definitions.Single().Name, Is.EqualTo("api"));
    }

    [Test]
    public void Load_NameWithOneWranglerFile_RenamesItsWorker()
    {
        _project.Script("index.js");
        var config = _project.Write("wrangler.toml", "name = \"site\"\nmain = \"index.js\"\ncompatibility_date = \"2026-01-01\"\n");
        var loader = new ProjectLoader(Settings([config]) with { Name = "renamed" }, NullLoggerFactory.Instance);

        var workers = loader.Load();

        Assert.That(workers.Single().Name, Is.EqualTo("renamed"));
        Assert.That(loader.Definitions.Single().IsDefault, Is.True);
    }

    [Test]
    public void Load_NameWithAMultiWorkerFile_FailsNamingTheFile()
    {
        _project.Script("a.js");
        _project.Script("b.js");
        var config = _project.Write("workers.toml", """
            [[workers]]
            name = "a"
            main = "a.js"
            [[workers]]
            name = "b"
            main = "b.js"
            """);
        var loader = new ProjectLoader(Settings([config]) with { Name = "renamed" }, NullLoggerFactory.Instance);

        var e = Assert.Throws<ConfigException>(() => loader.Load())!;

        Assert.That(e.Message, Does.Contain("configures 2 workers, and a name given on the command line (--name) can only name one"));
    }

    [Test]
    public void Load_DevSettingsOfTheFirstFile_AreTheLoaders()
    {
        _project.Script("index.js");
        var config = _project.Write("wrangler.toml", "name = \"site\"\nmain = \"index.js\"\ncompatibility_date = \"2026-01-01\"\n[dev]\nip = \"0.0.0.0\"\nport = 9100\n");
        var loader = new ProjectLoader(Settings([config]), NullLoggerFactory.Instance);

        loader.Load();

        Assert.That((loader.Dev.Ip, loader.Dev.Port), Is.EqualTo(("0.0.0.0", 9100)));
    }

    /// <summary>The table of wrangler dev's flags in README.md: every hidden flag is in it, the refused ones in the refused row.</summary>
    [Test]
    public void Readme_WranglerFlagTable_ListsEveryWranglerFlag()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root with README.md");
        var rows = File.ReadAllLines(Path.Combine(directory!.FullName, "README.md"))
            .Where(l => l.StartsWith("| works |", StringComparison.Ordinal) || l.StartsWith("| warns ", StringComparison.Ordinal) || l.StartsWith("| refused ", StringComparison.Ordinal))
            .ToList();
        Assert.That(rows, Has.Count.EqualTo(3));
        var refusedRow = rows.Single(r => r.StartsWith("| refused ", StringComparison.Ordinal));
        var command = ServeCommand.Create();

        Assert.Multiple(() =>
        {
            foreach (var option in command.Options.Where(o => o.Hidden))
            {
                Assert.That(string.Concat(rows), Does.Contain($"`{option.Name}"), option.Name);
                var isRefused = UsageErrors.Find(CliRoot.Create().Parse(["serve", option.Name, "x"])).Any(m => m.Contains("not supported", StringComparison.Ordinal));
                Assert.That(refusedRow.Contains($"`{option.Name}`", StringComparison.Ordinal), Is.EqualTo(isRefused), $"{option.Name} in the refused row");
            }
        });
    }

    [Test]
    public void Suggestion_CloseName_IsOffered()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UsageErrors.Suggestion("--inspect-port", ["--inspector-port", "--port"]), Is.EqualTo(" (did you mean '--inspector-port'?)"));
            Assert.That(UsageErrors.Suggestion("--test-sched", ["--test-scheduled", "--port"]), Is.EqualTo(" (did you mean '--test-scheduled'?)"));
            Assert.That(UsageErrors.Suggestion("--zzz", ["--port", "--host"]), Is.Empty);
            Assert.That(UsageErrors.Suggestion("-x", ["-p", "-c"]), Is.Empty);
        });
    }
}
