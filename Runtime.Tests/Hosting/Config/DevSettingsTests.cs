using Workers.Runtime.Hosting.Config;

namespace Workers.Runtime.Tests.Hosting.Config;

/// <summary>The <c>dev</c> table (<c>[dev]</c> in TOML): ip and port apply, wrangler's other keys warn by name, and only the first file's applies.</summary>
[TestFixture]
public sealed class DevSettingsTests
{
    private const string Worker = """
        name = "w"
        main = "index.js"
        compatibility_date = "2026-08-01"

        """;

    private TempProject _project = null!;

    [SetUp]
    public void CreateProject()
    {
        _project = new TempProject();
        _project.Script("index.js");
    }

    [TearDown]
    public void DeleteProject() => _project.Dispose();

    private ProjectConfig Load(string toml, string file = "wrangler.toml") => ConfigLoader.Load([_project.Write(file, toml)]);

    [Test]
    public void Load_DevIpAndPort_AreRead()
    {
        var project = Load(Worker + "[dev]\nip = \"0.0.0.0\"\nport = 9000\n");

        Assert.That((project.Dev.Ip, project.Dev.Port), Is.EqualTo(("0.0.0.0", 9000)));
        Assert.That(project.Dev.ConfigPath, Is.EqualTo(_project.PathOf("wrangler.toml")));
        Assert.That(project.Warnings, Is.Empty);
    }

    [Test]
    public void Load_NoDev_LeavesEverythingUnset()
    {
        var project = Load(Worker);

        Assert.That((project.Dev.Ip, project.Dev.Port, project.Dev.ConfigPath), Is.EqualTo(((string?)null, (int?)null, (string?)null)));
    }

    [Test]
    public void Load_DevInJson_IsReadToo()
    {
        var project = Load("""
            { "name": "w", "main": "index.js", "compatibility_date": "2026-08-01",
              "dev": { "ip": "localhost", "port": 0, "local_protocol": "http", "enable_containers": false, "generate_types": false } }
            """, "wrangler.jsonc");

        Assert.That((project.Dev.Ip, project.Dev.Port), Is.EqualTo(("localhost", 0)));
        Assert.That(project.Warnings, Is.Empty, "the values that ask for what happens anyway do not warn");
    }

    [TestCase("port = \"8787\"", "dev.port: must be a port number from 0 to 65535, got \"8787\"", 5)]
    [TestCase("port = 70000", "dev.port: must be a port number from 0 to 65535, got 70000", 5)]
    [TestCase("port = -1", "dev.port: must be a port number from 0 to 65535, got -1", 5)]
    [TestCase("ip = 127", "dev.ip: must be an address to listen on", 5)]
    [TestCase("ip = \"\"", "dev.ip: must be an address to listen on", 5)]
    [TestCase("local_protocol = \"ftp\"", "dev.local_protocol: must be \"http\" or \"https\", got \"ftp\"", 5)]
    [TestCase("inspector_port = \"x\"", "dev.inspector_port: must be a port number", 5)]
    [TestCase("enable_containers = \"yes\"", "dev.enable_containers: must be true or false", 5)]
    public void Load_DevValueOfTheWrongKind_FailsWithLineAndKey(string line, string expected, int lineNumber)
    {
        var file = _project.Write("wrangler.toml", Worker + "[dev]\n" + line + "\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Message, Does.StartWith($"{file}:{lineNumber}:1: ").And.Contain(expected));
    }

    [Test]
    public void Load_DevThatIsNotATable_Fails()
    {
        var file = _project.Write("wrangler.toml", Worker.Replace("name = \"w\"", "dev = 8787\nname = \"w\"", StringComparison.Ordinal));

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Message, Does.Contain("dev: must be a table such as { port = 8787 }, got 8787"));
    }

    [Test]
    public void Load_DevKeysWithoutLocalMeaning_WarnByName()
    {
        var project = Load(Worker + """
            [dev]
            local_protocol = "https"
            upstream_protocol = "https"
            host = "example.com"
            inspector_port = 9229
            inspector_ip = "127.0.0.1"
            enable_containers = true
            container_engine = "unix:///var/run/docker.sock"
            generate_types = true
            live_reload = true
            """);

        Assert.That(project.Warnings.Select(w => w[(w.IndexOf(": ", StringComparison.Ordinal) + 2)..]), Is.EqualTo(new[]
        {
            "dev.local_protocol = \"https\": HTTPS is not supported locally (serving http)",
            "'dev.upstream_protocol' is ignored: requests keep the URL they arrived with (--upstream sets where passThroughOnException() sends them)",
            "'dev.host' is ignored: requests keep the URL they arrived with (--upstream sets where passThroughOnException() sends them)",
            "'dev.inspector_port' is ignored: there is no DevTools inspector",
            "'dev.inspector_ip' is ignored: there is no DevTools inspector",
            "'dev.enable_containers' is ignored: containers are not supported",
            "'dev.container_engine' is ignored: containers are not supported",
            "'dev.generate_types' is ignored: no types are generated",
            "unknown key 'dev.live_reload' (ignored)",
        }));
        Assert.That((project.Dev.Ip, project.Dev.Port), Is.EqualTo(((string?)null, (int?)null)));
    }

    [Test]
    public void Load_SeveralFiles_TheFirstFilesDevAppliesAndOthersThatDisagreeWarn()
    {
        _project.Script("b/index.js");
        _project.Script("c/index.js");
        var first = _project.Write("a/wrangler.toml", Worker.Replace("\"w\"", "\"a\"", StringComparison.Ordinal).Replace("index.js", "../index.js", StringComparison.Ordinal) + "[dev]\nport = 8000\n");
        var second = _project.Write("b/wrangler.toml", Worker.Replace("\"w\"", "\"b\"", StringComparison.Ordinal) + "[dev]\nport = 9000\nip = \"0.0.0.0\"\n");
        var third = _project.Write("c/wrangler.toml", Worker.Replace("\"w\"", "\"c\"", StringComparison.Ordinal) + "[dev]\nport = 8000\n");

        var project = ConfigLoader.Load([first, second, third]);

        Assert.That((project.Dev.Ip, project.Dev.Port, project.Dev.ConfigPath), Is.EqualTo(((string?)null, (int?)8000, first)));
        Assert.That(project.Warnings, Is.EqualTo(new[]
        {
            $"{second}: dev.ip = \"0.0.0.0\" is not used: only the dev settings of the first file given apply ({first}: ip not set)",
            $"{second}: dev.port = 9000 is not used: only the dev settings of the first file given apply ({first}: port 8000)",
        }), "the third file agrees with the first");
    }

    [Test]
    public void Load_MultiWorkerFile_TopLevelDevAppliesAndAnEntrysDevWarns()
    {
        _project.Script("site/index.js");
        _project.Write("site/wrangler.toml", Worker.Replace("\"w\"", "\"site\"", StringComparison.Ordinal) + "[dev]\nport = 9999\n");

        var project = Load("""
            [dev]
            port = 8111

            [[workers]]
            name = "api"
            main = "index.js"
            compatibility_date = "2026-08-01"
            dev = { port = 1 }

            [[workers]]
            config = "site/wrangler.toml"
            """, "workers.toml");

        Assert.That(project.Dev.Port, Is.EqualTo(8111));
        Assert.That(project.Warnings, Has.Exactly(2).Items);
        Assert.That(project.Warnings[0], Does.EndWith("'workers[0].dev' is ignored: the process listens on one address, so 'dev' goes at the top of the multi-worker file"));
        Assert.That(project.Warnings[1], Does.EndWith($"dev.port = 9999 is not used: only the dev settings of the first file given apply ({_project.PathOf("workers.toml")}: port 8111)"));
    }

    [Test]
    public void Load_NameOverride_RenamesTheOnlyWorker()
    {
        var project = ConfigLoader.Load([_project.Write("wrangler.toml", Worker)], new ConfigOverrides { Name = "other" });

        Assert.That(project.Workers.Single().Name, Is.EqualTo("other"));
    }

    [Test]
    public void Load_InvalidOverrides_AreArgumentErrors()
    {
        var file = _project.Write("wrangler.toml", Worker);

        Assert.Multiple(() =>
        {
            Assert.That(() => ConfigLoader.Load([file], new ConfigOverrides { Name = "Bad Name" }), Throws.ArgumentException);
            Assert.That(() => ConfigLoader.Load([file], new ConfigOverrides { CompatibilityDate = "2026-02-30" }), Throws.ArgumentException);
        });
    }
}
