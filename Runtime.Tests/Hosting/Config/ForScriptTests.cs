using Workers.Runtime.Hosting.Config;

namespace Workers.Runtime.Tests.Hosting.Config;

[TestFixture]
public sealed class ForScriptTests
{
    private TempProject _project = null!;

    [SetUp]
    public void CreateProject() => _project = new TempProject();

    [TearDown]
    public void DeleteProject() => _project.Dispose();

    [Test]
    public void ForScript_NoName_NamesTheWorkerAfterTheFile()
    {
        var script = _project.Script("hello.js");

        var worker = ConfigLoader.ForScript(script, name: null);

        Assert.Multiple(() =>
        {
            Assert.That(worker.Name, Is.EqualTo("hello"));
            Assert.That(worker.MainPath, Is.EqualTo(script));
            Assert.That(worker.IsDefault, Is.True);
            Assert.That(worker.ConfigPath, Is.Null);
            Assert.That(worker.Routes, Is.Empty);
            Assert.That(worker.Vars, Is.Empty);
            Assert.That(worker.CompatibilityDate, Is.Null);
            Assert.That(worker.WatchPaths, Is.EqualTo(new[]
            {
                script, _project.PathOf(".dev.vars"), _project.PathOf(".env"), _project.PathOf(".env.local"),
            }));
        });
    }

    [TestCase("My Worker.js", "my-worker")]
    [TestCase("api.v2.mjs", "api-v2")]
    [TestCase("-x.js", "x")]
    [TestCase("日本.js", "worker")]
    public void ForScript_FileNameWithOtherCharacters_BecomesAValidName(string file, string expected)
    {
        var worker = ConfigLoader.ForScript(_project.Script(file), name: null);

        Assert.That(worker.Name, Is.EqualTo(expected));
    }

    [Test]
    public void ForScript_GivenName_IsUsed()
    {
        var worker = ConfigLoader.ForScript(_project.Script("index.js"), "api");

        Assert.That(worker.Name, Is.EqualTo("api"));
    }

    [Test]
    public void ForScript_InvalidName_FailsNamingName()
    {
        var script = _project.Script("index.js");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ForScript(script, "Bad Name"))!;

        Assert.That(e.Key, Is.EqualTo("name"));
    }

    [Test]
    public void ForScript_SecretsBesideTheScript_AreRead()
    {
        var script = _project.Script("index.js");
        _project.Write(".env", "TOKEN=\"t\"\n");

        var worker = ConfigLoader.ForScript(script, name: null);

        Assert.That(worker.Secrets, Is.EqualTo(new Dictionary<string, string> { ["TOKEN"] = "t" }));
    }

    [Test]
    public void ForScript_MissingScript_Fails()
    {
        var path = _project.PathOf("missing.js");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ForScript(path, name: null))!;

        Assert.That(e.Message, Is.EqualTo($"{path}: file not found"));
    }

    [Test]
    public void ForScript_TypeScript_FailsPointingAtABuiltJsFile()
    {
        var script = _project.Script("index.ts");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ForScript(script, name: null))!;

        Assert.That(e.Reason, Does.Contain("TypeScript/JSX is not supported"));
    }
}
