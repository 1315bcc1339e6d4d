using Workers.Runtime.Hosting.Config;

namespace Workers.Runtime.Tests.Hosting.Config;

[TestFixture]
public sealed class SecretsTests
{
    private TempProject _project = null!;
    private string _config = null!;

    [SetUp]
    public void CreateProject()
    {
        _project = new TempProject();
        _project.Script("src/index.js");
        _config = _project.Write("wrangler.toml", """
            name = "w"
            main = "src/index.js"
            compatibility_date = "2026-08-01"
            [vars]
            API_HOST = "example.com"
            """);
    }

    [TearDown]
    public void DeleteProject() => _project.Dispose();

    [Test]
    public void Load_DevVars_AreTheSecretsKeptApartFromVars()
    {
        var devVars = _project.Write(".dev.vars", "API_HOST=localhost:3000\nAPI_KEY=abc\n");

        var project = ConfigLoader.Load([_config]);

        var worker = project.Workers[0];
        Assert.That(worker.Secrets, Is.EqualTo(new Dictionary<string, string> { ["API_HOST"] = "localhost:3000", ["API_KEY"] = "abc" }));
        Assert.That(worker.Vars["API_HOST"], Is.EqualTo("example.com"));
        Assert.That(project.Files, Is.EqualTo(new[] { _config, devVars }));
    }

    [Test]
    public void Load_DevVarsAndEnv_OnlyDevVarsIsRead()
    {
        var devVars = _project.Write(".dev.vars", "FROM=dev.vars\n");
        _project.Write(".env", "FROM=env\nONLY_IN_ENV=1\n");

        var project = ConfigLoader.Load([_config]);

        Assert.That(project.Workers[0].Secrets, Is.EqualTo(new Dictionary<string, string> { ["FROM"] = "dev.vars" }));
        Assert.That(project.Files, Is.EqualTo(new[] { _config, devVars }));
    }

    [Test]
    public void Load_EnvWithoutDevVars_IsReadWithEnvLocalOverIt()
    {
        var env = _project.Write(".env", "A=from-env\nB=from-env\n");
        var envLocal = _project.Write(".env.local", "B=from-local\nC=from-local\n");

        var project = ConfigLoader.Load([_config]);

        var secrets = project.Workers[0].Secrets;
        Assert.That(secrets.Keys, Is.EqualTo(new[] { "A", "B", "C" }));
        Assert.That(secrets.Values, Is.EqualTo(new[] { "from-env", "from-local", "from-local" }));
        Assert.That(project.Files, Is.EqualTo(new[] { _config, env, envLocal }));
    }

    [Test]
    public void Load_NoSecretsFiles_GivesNoSecretsButWatchesAllThree()
    {
        var worker = ConfigLoader.Load([_config]).Workers[0];

        Assert.That(worker.Secrets, Is.Empty);
        Assert.That(worker.WatchPaths, Is.SupersetOf(new[] { _project.PathOf(".dev.vars"), _project.PathOf(".env"), _project.PathOf(".env.local") }));
    }

    [Test]
    public void Load_MalformedDevVars_FailsNamingThatFileAndLine()
    {
        var devVars = _project.Write(".dev.vars", "A=1\nnot a pair\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([_config]))!;

        Assert.That(e.File, Is.EqualTo(devVars));
        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Does.StartWith($"{devVars}:2: "));
    }

    [Test]
    public void Load_DeclaredSecrets_KeepsOnlyDeclaredAndVarOverridesAndWarnsOnMissing()
    {
        var config = _project.Write("wrangler.toml", """
            name = "w"
            main = "src/index.js"
            compatibility_date = "2026-08-01"
            [vars]
            API_HOST = "example.com"
            [secrets]
            required = ["API_KEY", "DB_PASSWORD"]
            """);
        _project.Write(".dev.vars", "API_KEY=abc\nAPI_HOST=localhost\nUNDECLARED=x\n");

        var project = ConfigLoader.Load([config]);

        Assert.That(project.Workers[0].Secrets, Is.EqualTo(new Dictionary<string, string> { ["API_KEY"] = "abc", ["API_HOST"] = "localhost" }));
        Assert.That(project.Warnings, Is.EqualTo(new[] { $"{config}: missing required secrets: DB_PASSWORD (add them to .dev.vars or .env)" }));
    }

    [Test]
    public void Load_SecretsRequiredNotStrings_FailsNamingTheItem()
    {
        var config = _project.Write("wrangler.toml", """
            name = "w"
            main = "src/index.js"
            secrets = { required = ["A", 2] }
            """);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([config]))!;

        Assert.That(e.Key, Is.EqualTo("secrets.required[1]"));
    }
}
