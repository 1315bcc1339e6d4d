using Workers.Runtime.Hosting.Config;

namespace Workers.Runtime.Tests.Hosting.Config;

[TestFixture]
public sealed class MultiWorkerFileTests
{
    private TempProject _project = null!;

    [SetUp]
    public void CreateProject() => _project = new TempProject();

    [TearDown]
    public void DeleteProject() => _project.Dispose();

    private string SiteWrangler(string name = "site", string extra = "")
    {
        _project.Script("site/src/index.js");
        return _project.Write("site/wrangler.toml", $"""
            name = "{name}"
            main = "src/index.js"
            compatibility_date = "2026-08-01"
            {extra}
            """);
    }

    [Test]
    public void Load_InlineAndConfigEntries_ResolvePathsAndSecretsFromTheirOwnFolders()
    {
        _project.Script("api/index.js");
        var apiSecrets = _project.Write("api/.dev.vars", "API_KEY=abc\n");
        _project.Write(".dev.vars", "NOT_FOR_ANYONE=1\n");
        var site = SiteWrangler(extra: "routes = [\"example.com/*\"]");
        var siteSecrets = _project.Write("site/.dev.vars", "SITE_SECRET=s\n");
        var multi = _project.Write("workers.toml", """
            # workers.toml: several workers in one process
            [[workers]]
            name = "api"
            main = "api/index.js"
            routes = ["example.com/api/*"]
            compatibility_date = "2026-08-01"
            [workers.vars]
            GREETING = "hello"

            [[workers]]
            config = "site/wrangler.toml"
            default = true
            """);

        var project = ConfigLoader.Load([multi]);

        Assert.That(project.Workers.Select(w => w.Name), Is.EqualTo(new[] { "api", "site" }));
        var (api, siteWorker) = (project.Workers[0], project.Workers[1]);
        Assert.Multiple(() =>
        {
            Assert.That(api.MainPath, Is.EqualTo(_project.PathOf("api/index.js")));
            Assert.That(api.ConfigPath, Is.EqualTo(multi));
            Assert.That(api.Vars["GREETING"], Is.EqualTo("hello"));
            Assert.That(api.Routes, Is.EqualTo(new[] { "example.com/api/*" }));
            Assert.That(api.Secrets, Is.EqualTo(new Dictionary<string, string> { ["API_KEY"] = "abc" }));
            Assert.That(api.IsDefault, Is.False);
            Assert.That(api.WatchPaths, Is.EqualTo(new[]
            {
                multi, _project.PathOf("api/index.js"), apiSecrets, _project.PathOf("api/.env"), _project.PathOf("api/.env.local"),
            }));

            Assert.That(siteWorker.MainPath, Is.EqualTo(_project.PathOf("site/src/index.js")));
            Assert.That(siteWorker.ConfigPath, Is.EqualTo(site));
            Assert.That(siteWorker.Secrets, Is.EqualTo(new Dictionary<string, string> { ["SITE_SECRET"] = "s" }));
            Assert.That(siteWorker.IsDefault, Is.True);
            Assert.That(siteWorker.WatchPaths, Is.EqualTo(new[]
            {
                site, multi, _project.PathOf("site/src/index.js"), siteSecrets, _project.PathOf("site/.env"), _project.PathOf("site/.env.local"),
            }));

            Assert.That(project.DefaultWorker, Is.SameAs(siteWorker));
            Assert.That(project.Files, Is.EqualTo(new[] { multi, apiSecrets, site, siteSecrets }));
            Assert.That(project.Warnings, Is.Empty);
        });
    }

    [Test]
    public void Load_JsonMultiWorkerFile_ReadsLikeToml()
    {
        _project.Script("api/index.js");
        SiteWrangler();
        var multi = _project.Write("workers.jsonc", """
            {
              // two workers
              "workers": [
                { "name": "api", "main": "api/index.js", "compatibility_date": "2026-08-01", "routes": ["a.com/*"], "default": false },
                { "config": "site/wrangler.toml", "default": true, },
              ],
            }
            """);

        var project = ConfigLoader.Load([multi]);

        Assert.That(project.Workers.Select(w => (w.Name, w.IsDefault)), Is.EqualTo(new[] { ("api", false), ("site", true) }));
    }

    [Test]
    public void Load_MultiWorkerFileWithNoDefaultMarked_HasNoDefault()
    {
        _project.Script("a.js");
        _project.Script("b.js");
        var multi = _project.Write("workers.toml", """
            [[workers]]
            name = "a"
            main = "a.js"
            compatibility_date = "2026-08-01"
            routes = ["a.com/*"]
            [[workers]]
            name = "b"
            main = "b.js"
            compatibility_date = "2026-08-01"
            routes = ["b.com/*"]
            """);

        var project = ConfigLoader.Load([multi]);

        Assert.That(project.Workers.Select(w => w.IsDefault), Is.EqualTo(new[] { false, false }), "in a multi-worker file only default = true makes a default");
        Assert.That(project.DefaultWorker, Is.Null);
    }

    [Test]
    public void Load_SeveralWranglerFiles_CombineIntoOneProjectInOrder()
    {
        _project.Script("a/index.js");
        var a = _project.Write("a/wrangler.toml", "name = \"a\"\nmain = \"index.js\"\ncompatibility_date = \"2026-08-01\"\n");
        var b = SiteWrangler(name: "b", extra: "route = \"b.com/*\"");

        var project = ConfigLoader.Load([b, a]);

        Assert.That(project.Workers.Select(w => (w.Name, w.IsDefault)), Is.EqualTo(new[] { ("b", true), ("a", false) }));
        Assert.That(project.Warnings, Is.Empty);
    }

    [Test]
    public void Load_DuplicateNamesAcrossFiles_FailsNamingBothFiles()
    {
        _project.Script("a/index.js");
        var first = _project.Write("a/wrangler.toml", "name = \"site\"\nmain = \"index.js\"\n");
        var second = SiteWrangler();

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([first, second]))!;

        Assert.That(e.File, Is.EqualTo(second));
        Assert.That(e.Key, Is.EqualTo("name"));
        Assert.That(e.Message, Is.EqualTo($"{second}: name: the worker name \"site\" is already used by {first}; worker names must be unique"));
    }

    [Test]
    public void Load_DuplicateNamesInOneMultiWorkerFile_FailsNamingTheSecondEntry()
    {
        _project.Script("a.js");
        var multi = _project.Write("workers.toml", """
            [[workers]]
            name = "a"
            main = "a.js"
            [[workers]]
            name = "a"
            main = "a.js"
            """);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.Key, Is.EqualTo("workers[1].name"));
        Assert.That(e.Reason, Does.Contain("already used by workers[0].name of the same file"));
    }

    [Test]
    public void Load_TwoDefaults_FailsNamingTheSecond()
    {
        _project.Script("a.js");
        SiteWrangler();
        var multi = _project.Write("workers.toml", """
            [[workers]]
            name = "a"
            main = "a.js"
            default = true
            [[workers]]
            config = "site/wrangler.toml"
            default = true
            """);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.File, Is.EqualTo(multi));
        Assert.That(e.Key, Is.EqualTo("workers[1].default"));
        Assert.That(e.Reason, Is.EqualTo($"only one worker can be the default, and 'a' ({multi}) already is"));
    }

    [Test]
    public void Load_ConfigEntryWithOtherKeys_FailsNamingTheKey()
    {
        SiteWrangler();
        var multi = _project.Write("workers.toml", """
            [[workers]]
            config = "site/wrangler.toml"
            name = "renamed"
            """);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.Key, Is.EqualTo("workers[0].name"));
        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Reason, Does.StartWith("cannot be set next to 'config'"));
    }

    [Test]
    public void Load_ConfigEntryToMissingFile_FailsNamingConfig()
    {
        var multi = _project.Write("workers.toml", "[[workers]]\nconfig = \"nope/wrangler.toml\"\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.Key, Is.EqualTo("workers[0].config"));
        Assert.That(e.Reason, Is.EqualTo($"file not found: {_project.PathOf("nope/wrangler.toml")}"));
    }

    [Test]
    public void Load_ConfigEntryToAMultiWorkerFile_Fails()
    {
        _project.Write("other.toml", "[[workers]]\nconfig = \"x.toml\"\n");
        var multi = _project.Write("workers.toml", "[[workers]]\nconfig = \"other.toml\"\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.Key, Is.EqualTo("workers[0].config"));
        Assert.That(e.Reason, Does.Contain("is a multi-worker file"));
    }

    [Test]
    public void Load_ErrorInsideAReferencedFile_NamesThatFile()
    {
        var site = SiteWrangler(extra: "[limits]\ncpu_ms = -1");
        var multi = _project.Write("workers.toml", "[[workers]]\nconfig = \"site/wrangler.toml\"\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.File, Is.EqualTo(site));
        Assert.That(e.Key, Is.EqualTo("limits.cpu_ms"));
    }

    [Test]
    public void Load_ErrorInAnInlineEntry_NamesTheEntryKey()
    {
        _project.Script("a.js");
        var multi = _project.Write("workers.toml", """
            [[workers]]
            name = "a"
            main = "a.js"
            [[workers]]
            name = "b"
            main = "a.js"
            [workers.limits]
            cpu_ms = "abc"
            """);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.Message, Is.EqualTo($"{multi}:8:1: workers[1].limits.cpu_ms: must be a positive integer, got \"abc\""));
    }

    [Test]
    public void Load_InlineEntryUnknownKey_WarnsWithTheEntryPrefix()
    {
        _project.Script("a.js");
        var multi = _project.Write("workers.toml", """
            title = "my project"
            [[workers]]
            name = "a"
            main = "a.js"
            compatibility_date = "2026-08-01"
            colour = "blue"
            """);

        var project = ConfigLoader.Load([multi]);

        Assert.That(project.Warnings, Is.EqualTo(new[]
        {
            $"{multi}: unknown key 'title' (ignored; a multi-worker file holds only 'workers' and 'dev')",
            $"{multi}: unknown key 'workers[0].colour' (ignored)",
        }));
    }

    [TestCase("workers = []")]
    [TestCase("workers = \"api\"")]
    public void Load_WorkersNotANonEmptyArray_Fails(string toml)
    {
        var multi = _project.Write("workers.toml", toml + "\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.Key, Is.EqualTo("workers"));
    }

    [Test]
    public void Load_WorkersEntryNotATable_FailsNamingTheEntry()
    {
        var multi = _project.Write("workers.json", """{ "workers": ["site/wrangler.toml"] }""");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.Key, Is.EqualTo("workers[0]"));
        Assert.That(e.Reason, Is.EqualTo("must be an object describing one worker, got \"site/wrangler.toml\""));
    }

    [Test]
    public void Load_DefaultNotBoolean_Fails()
    {
        SiteWrangler();
        var multi = _project.Write("workers.toml", "[[workers]]\nconfig = \"site/wrangler.toml\"\ndefault = \"yes\"\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([multi]))!;

        Assert.That(e.Key, Is.EqualTo("workers[0].default"));
    }
}
