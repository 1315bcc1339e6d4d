using Workers.Runtime.Hosting.Config;

namespace Workers.Runtime.Tests.Hosting.Config;

[TestFixture]
public sealed class ConfigLoaderJsonTests
{
    private TempProject _project = null!;

    [SetUp]
    public void CreateProject()
    {
        _project = new TempProject();
        _project.Script("src/index.js");
    }

    [TearDown]
    public void DeleteProject() => _project.Dispose();

    private const string EveryKeyToml = """
        name = "my-worker"
        main = "src/index.js"
        compatibility_date = "2026-08-01"
        compatibility_flags = ["nodejs_compat"]
        routes = ["example.com/api/*", { pattern = "shop.example.com", custom_domain = true }]

        [vars]
        GREETING = "hello"
        COUNT = 3
        RATIO = 0.25
        ENABLED = false
        LIST = [1, "two", { three = 3 }]
        NESTED = { b = { c = "d" }, a = 1 }

        [triggers]
        crons = ["*/5 * * * *"]

        [limits]
        cpu_ms = 50
        """;

    private const string EveryKeyJsonc = """
        // A wrangler.jsonc with every key this runtime reads.
        {
          "name": "my-worker",
          "main": "src/index.js", /* relative to this file */
          "compatibility_date": "2026-08-01",
          "compatibility_flags": ["nodejs_compat",],
          "routes": [
            "example.com/api/*",
            { "pattern": "shop.example.com", "custom_domain": true },
          ],
          "vars": {
            "GREETING": "hello",
            "COUNT": 3,
            "RATIO": 0.25,
            "ENABLED": false,
            "LIST": [1, "two", { "three": 3 }],
            "NESTED": { "b": { "c": "d" }, "a": 1 },
          },
          "triggers": { "crons": ["*/5 * * * *"] },
          "limits": { "cpu_ms": 50 }, // trailing commas everywhere
        }
        """;

    [TestCase("wrangler.jsonc")]
    [TestCase("wrangler.json")]
    public void Load_JsoncWithCommentsAndTrailingCommas_GivesTheSameWorkerAsToml(string fileName)
    {
        var fromToml = ConfigLoader.Load([_project.Write("toml/wrangler.toml", EveryKeyToml.Replace("src/", "../src/", StringComparison.Ordinal))]).Workers[0];
        var fromJson = ConfigLoader.Load([_project.Write(fileName, EveryKeyJsonc)]).Workers[0];

        Assert.Multiple(() =>
        {
            Assert.That(fromJson.Name, Is.EqualTo(fromToml.Name));
            Assert.That(fromJson.MainPath, Is.EqualTo(fromToml.MainPath));
            Assert.That(fromJson.CompatibilityDate, Is.EqualTo(fromToml.CompatibilityDate));
            Assert.That(fromJson.CompatibilityFlags, Is.EqualTo(fromToml.CompatibilityFlags));
            Assert.That(fromJson.Vars, Is.EqualTo(fromToml.Vars));
            Assert.That(fromJson.JsonVars, Is.EqualTo(fromToml.JsonVars));
            Assert.That(fromJson.JsonVars.Keys, Is.EqualTo(fromToml.JsonVars.Keys));
            Assert.That(fromJson.Routes, Is.EqualTo(fromToml.Routes));
            Assert.That(fromJson.RouteEntries.Select(r => r.CustomDomain), Is.EqualTo(fromToml.RouteEntries.Select(r => r.CustomDomain)));
            Assert.That(fromJson.Crons, Is.EqualTo(fromToml.Crons));
            Assert.That(fromJson.CpuMs, Is.EqualTo(fromToml.CpuMs));
        });
        Assert.That(fromJson.JsonVars["LIST"], Is.EqualTo("""[1,"two",{"three":3}]"""));
        Assert.That(fromJson.JsonVars["NESTED"], Is.EqualTo("""{"b":{"c":"d"},"a":1}"""));
    }

    [Test]
    public void Load_JsonVarNumbers_KeepTheirWrittenForm()
    {
        var file = _project.Write("wrangler.json", """
            { "name": "w", "main": "src/index.js", "compatibility_date": "2026-08-01",
              "vars": { "BIG": 12345678901234567890, "PRECISE": 1.50, "NOTHING": null, "TEXT": "1" } }
            """);

        var worker = ConfigLoader.Load([file]).Workers[0];

        Assert.That(worker.JsonVars["BIG"], Is.EqualTo("12345678901234567890"));
        Assert.That(worker.JsonVars["PRECISE"], Is.EqualTo("1.50"));
        Assert.That(worker.JsonVars["NOTHING"], Is.EqualTo("null"));
        Assert.That(worker.Vars["TEXT"], Is.EqualTo("1"));
    }

    [Test]
    public void Load_JsonInvalidValue_FailsNamingKeyAndSayingObject()
    {
        var file = _project.Write("wrangler.json", """
            { "name": "w", "main": "src/index.js", "compatibility_date": "2026-08-01", "vars": ["a"], "limits": { "cpu_ms": "abc" } }
            """);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Message, Is.EqualTo($"{file}: vars: must be an object of names to values, got an array"));
    }

    [Test]
    public void Load_JsonCpuMsString_MessageNamesFileAndKey()
    {
        var file = _project.Write("wrangler.json", """
            { "name": "w", "main": "src/index.js", "compatibility_date": "2026-08-01", "limits": { "cpu_ms": "abc" } }
            """);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Message, Is.EqualTo($"{file}: limits.cpu_ms: must be a positive integer, got \"abc\""));
        Assert.That(e.Line, Is.Null);
    }

    [Test]
    public void Load_JsonSyntaxError_GivesLineAndColumn()
    {
        var file = _project.Write("wrangler.jsonc", "{\n  \"name\": \"w\",\n  \"main\": oops\n}\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Line, Is.EqualTo(3));
            Assert.That(e.Column, Is.EqualTo(11));
            Assert.That(e.Message, Does.StartWith($"{file}:3:11: "));
            Assert.That(e.Message, Does.Not.Contain("LineNumber"));
        });
    }

    [Test]
    public void Load_JsonDuplicateKey_Fails()
    {
        var file = _project.Write("wrangler.json", """{ "name": "a", "name": "b", "main": "src/index.js" }""");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Message, Does.Contain("Duplicate property 'name'"));
    }

    [Test]
    public void Load_JsonTopLevelArray_Fails()
    {
        var file = _project.Write("wrangler.json", "[1, 2]");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Reason, Is.EqualTo("the top level must be an object, got an array"));
    }

    [Test]
    public void Load_JsonNullForOptionalKey_IsTreatedAsAbsent()
    {
        var file = _project.Write("wrangler.json", """
            { "name": "w", "main": "src/index.js", "compatibility_date": "2026-08-01", "route": null, "limits": null }
            """);

        var worker = ConfigLoader.Load([file]).Workers[0];

        Assert.That(worker.Routes, Is.Empty);
        Assert.That(worker.CpuMs, Is.Null);
    }

    [Test]
    public void Load_JsonUnknownKey_Warns()
    {
        var file = _project.Write("wrangler.jsonc", """
            { "$schema": "node_modules/wrangler/config-schema.json", "name": "w", "main": "src/index.js",
              "compatibility_date": "2026-08-01", "foo": 1, "r2_buckets": [{ "binding": "B", "bucket_name": "b" }] }
            """);

        var project = ConfigLoader.Load([file]);

        Assert.That(project.Warnings, Is.EqualTo(new[]
        {
            $"{file}: unknown key 'foo' (ignored)",
            $"{file}: 'r2_buckets' is not supported yet (ignored)",
        }));
    }
}
