using Workers.Runtime.Hosting.Config;

namespace Workers.Runtime.Tests.Hosting.Config;

[TestFixture]
public sealed class ConfigLoaderTomlTests
{
    private TempProject _project = null!;

    [SetUp]
    public void CreateProject() => _project = new TempProject();

    [TearDown]
    public void DeleteProject() => _project.Dispose();

    private string Wrangler(string toml, string main = "src/index.js")
    {
        _project.Script(main);
        return _project.Write("wrangler.toml", toml);
    }

    private ConfigException LoadFails(string toml)
    {
        var file = Wrangler(toml);
        return Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;
    }

    private const string Minimal = """
        name = "w"
        main = "src/index.js"
        compatibility_date = "2026-08-01"

        """;

    [Test]
    public void Load_EveryKey_ReadsEachOne()
    {
        var file = Wrangler("""
            name = "my-worker"
            main = "src/index.js"
            compatibility_date = "2026-08-01"
            compatibility_flags = ["nodejs_compat", "streams_enable_constructors"]
            routes = [
              "example.com/api/*",
              { pattern = "shop.example.com", custom_domain = true },
              { pattern = "example.com/z/*", zone_name = "example.com" },
              { pattern = "example.net/*", zone_id = "abc123" },
            ]

            [vars]
            GREETING = "hello"
            COUNT = 3
            RATIO = 0.5
            ENABLED = true
            LIST = [1, "two"]
            EMPTY = ""

            [vars.NESTED]
            b = { c = "d" }
            a = 1

            [triggers]
            crons = ["*/5 * * * *", "0 12 * * MON-FRI"]

            [limits]
            cpu_ms = 50
            subrequests = 100
            """);

        var project = ConfigLoader.Load([file]);

        Assert.That(project.Workers, Has.Count.EqualTo(1));
        var worker = project.Workers[0];
        Assert.Multiple(() =>
        {
            Assert.That(worker.Name, Is.EqualTo("my-worker"));
            Assert.That(worker.MainPath, Is.EqualTo(_project.PathOf("src/index.js")));
            Assert.That(worker.CompatibilityDate, Is.EqualTo("2026-08-01"));
            Assert.That(worker.CompatibilityFlags, Is.EqualTo(new[] { "nodejs_compat", "streams_enable_constructors" }));
            Assert.That(worker.Vars, Is.EqualTo(new Dictionary<string, string> { ["GREETING"] = "hello", ["EMPTY"] = "" }));
            Assert.That(worker.Vars.Keys, Is.EqualTo(new[] { "GREETING", "EMPTY" }));
            Assert.That(worker.JsonVars.Keys, Is.EqualTo(new[] { "COUNT", "RATIO", "ENABLED", "LIST", "NESTED" }));
            Assert.That(worker.JsonVars["COUNT"], Is.EqualTo("3"));
            Assert.That(worker.JsonVars["RATIO"], Is.EqualTo("0.5"));
            Assert.That(worker.JsonVars["ENABLED"], Is.EqualTo("true"));
            Assert.That(worker.JsonVars["LIST"], Is.EqualTo("""[1,"two"]"""));
            Assert.That(worker.JsonVars["NESTED"], Is.EqualTo("""{"b":{"c":"d"},"a":1}"""));
            Assert.That(worker.Secrets, Is.Empty);
            Assert.That(worker.Routes, Is.EqualTo(new[] { "example.com/api/*", "shop.example.com", "example.com/z/*", "example.net/*" }));
            Assert.That(worker.RouteEntries.Select(r => r.CustomDomain), Is.EqualTo(new[] { false, true, false, false }));
            Assert.That(worker.Crons, Is.EqualTo(new[] { "*/5 * * * *", "0 12 * * MON-FRI" }));
            Assert.That(worker.CpuMs, Is.EqualTo(50));
            Assert.That(worker.Subrequests, Is.EqualTo(100));
            Assert.That(worker.IsDefault, Is.True);
            Assert.That(worker.ConfigPath, Is.EqualTo(file));
            Assert.That(worker.WatchPaths, Is.EqualTo(new[]
            {
                file,
                _project.PathOf("src/index.js"),
                _project.PathOf(".dev.vars"),
                _project.PathOf(".env"),
                _project.PathOf(".env.local"),
            }));
            Assert.That(project.Warnings, Is.Empty);
            Assert.That(project.Files, Is.EqualTo(new[] { file }));
            Assert.That(project.DefaultWorker, Is.SameAs(worker));
        });
    }

    [Test]
    public void Load_OnlyRequiredKeys_LeavesTheRestEmpty()
    {
        var worker = ConfigLoader.Load([Wrangler(Minimal)]).Workers[0];

        Assert.Multiple(() =>
        {
            Assert.That(worker.CompatibilityFlags, Is.Empty);
            Assert.That(worker.Vars, Is.Empty);
            Assert.That(worker.JsonVars, Is.Empty);
            Assert.That(worker.Routes, Is.Empty);
            Assert.That(worker.Crons, Is.Empty);
            Assert.That(worker.CpuMs, Is.Null);
            Assert.That(worker.Subrequests, Is.Null);
        });
    }

    [Test]
    public void Load_MainInParentFolder_ResolvesAgainstTheConfigFolder()
    {
        _project.Script("dist/worker.mjs");
        var file = _project.Write("config/wrangler.toml", """
            name = "w"
            main = "../dist/worker.mjs"
            compatibility_date = "2026-08-01"
            """);

        var worker = ConfigLoader.Load([file]).Workers[0];

        Assert.That(worker.MainPath, Is.EqualTo(_project.PathOf("dist/worker.mjs")));
    }

    [Test]
    public void Load_SingularRouteString_IsTheOnlyRoute()
    {
        var worker = ConfigLoader.Load([Wrangler(Minimal + "route = \"example.com/*\"\n")]).Workers[0];

        Assert.That(worker.Routes, Is.EqualTo(new[] { "example.com/*" }));
    }

    [Test]
    public void Load_SingularRouteTable_KeepsPatternAndCustomDomain()
    {
        var worker = ConfigLoader.Load([Wrangler(Minimal + """
            [route]
            pattern = "shop.example.com"
            custom_domain = true
            """)]).Workers[0];

        Assert.That(worker.RouteEntries.Single().Pattern, Is.EqualTo("shop.example.com"));
        Assert.That(worker.RouteEntries.Single().CustomDomain, Is.True);
    }

    [Test]
    public void Load_EmptyRouteString_WarnsAndIgnoresIt()
    {
        var project = ConfigLoader.Load([Wrangler(Minimal + "route = \"\"\n")]);

        Assert.That(project.Workers[0].Routes, Is.Empty);
        Assert.That(project.Warnings, Has.One.Contains("'route' is an empty string (ignored)"));
    }

    [Test]
    public void Load_RouteAndRoutes_FailsNamingRoute()
    {
        var e = LoadFails(Minimal + "route = \"a.com/*\"\nroutes = [\"b.com/*\"]\n");

        Assert.That(e.Key, Is.EqualTo("route"));
        Assert.That(e.Message, Does.Contain("cannot be used together with 'routes'"));
    }

    [Test]
    public void Load_RouteThatIsANumber_FailsNamingTheEntry()
    {
        var e = LoadFails(Minimal + "routes = [\"a.com/*\", 42]\n");

        Assert.That(e.Key, Is.EqualTo("routes[1]"));
        Assert.That(e.Message, Does.Contain("got 42"));
    }

    [Test]
    public void Load_RoutesNotAnArray_Fails()
    {
        var e = LoadFails(Minimal + "routes = \"a.com/*\"\n");

        Assert.That(e.Key, Is.EqualTo("routes"));
    }

    [Test]
    public void Load_RouteTableWithoutPattern_FailsNamingPattern()
    {
        var e = LoadFails(Minimal + "routes = [{ zone_name = \"a.com\" }]\n");

        Assert.That(e.Key, Is.EqualTo("routes[0].pattern"));
        Assert.That(e.Reason, Is.EqualTo("is required"));
    }

    [Test]
    public void Load_RouteWithZoneIdAndZoneName_Fails()
    {
        var e = LoadFails(Minimal + "routes = [{ pattern = \"a.com/*\", zone_id = \"1\", zone_name = \"a.com\" }]\n");

        Assert.That(e.Key, Is.EqualTo("routes[0].zone_name"));
    }

    [Test]
    public void Load_RouteCustomDomainNotBoolean_Fails()
    {
        var e = LoadFails(Minimal + "routes = [{ pattern = \"a.com\", custom_domain = \"yes\" }]\n");

        Assert.That(e.Key, Is.EqualTo("routes[0].custom_domain"));
        Assert.That(e.Reason, Is.EqualTo("must be true or false, got \"yes\""));
    }

    [Test]
    public void Load_RouteTableWithUnknownKey_Warns()
    {
        var project = ConfigLoader.Load([Wrangler(Minimal + "routes = [{ pattern = \"a.com/*\", zone_name = \"a.com\", colour = \"red\" }]\n")]);

        Assert.That(project.Warnings, Is.EqualTo(new[] { $"{project.Files[0]}: unknown key 'routes[0].colour' (ignored)" }));
    }

    [Test]
    public void Load_InvalidCron_FailsNamingItsIndex()
    {
        var e = LoadFails(Minimal + "[triggers]\ncrons = [\"*/5 * * * *\", \"every day\"]\n");

        Assert.That(e.Key, Is.EqualTo("triggers.crons[1]"));
        Assert.That(e.Message, Does.Contain("\"every day\" is not a cron expression of five fields"));
    }

    [Test]
    public void Load_CronWithDayOfWeekZero_FailsBecauseCloudflareNumbersDaysFromOne()
    {
        var e = LoadFails(Minimal + "[triggers]\ncrons = [\"0 12 * * 0\"]\n");

        Assert.That(e.Key, Is.EqualTo("triggers.crons[0]"));
    }

    [Test]
    public void Load_CronWithSixFields_Fails()
    {
        var e = LoadFails(Minimal + "[triggers]\ncrons = [\"0 */5 * * * *\"]\n");

        Assert.That(e.Key, Is.EqualTo("triggers.crons[0]"));
    }

    [TestCase("0 0 L * *")]
    [TestCase("59 23 LW * *")]
    [TestCase("0 9 * * MON#1")]
    [TestCase("*/10 8-18 * JAN-MAR 1-5")]
    public void Load_CronWithExtensions_IsAccepted(string cron)
    {
        var worker = ConfigLoader.Load([Wrangler(Minimal + $"[triggers]\ncrons = [\"{cron}\"]\n")]).Workers[0];

        Assert.That(worker.Crons, Is.EqualTo(new[] { cron }));
    }

    [Test]
    public void Load_CronNotAString_Fails()
    {
        var e = LoadFails(Minimal + "[triggers]\ncrons = [5]\n");

        Assert.That(e.Key, Is.EqualTo("triggers.crons[0]"));
        Assert.That(e.Reason, Is.EqualTo("must be a cron expression string, got 5"));
    }

    [Test]
    public void Load_TriggersWithUnknownKeyAndEvents_Warns()
    {
        var project = ConfigLoader.Load([Wrangler(Minimal + "[triggers]\ncrons = []\nfoo = 1\nevents = [{ type = \"x\" }]\n")]);

        Assert.That(project.Warnings, Is.EqualTo(new[]
        {
            $"{project.Files[0]}: unknown key 'triggers.foo' (ignored)",
            $"{project.Files[0]}: 'triggers.events' is not supported yet (ignored)",
        }));
    }

    [Test]
    public void Load_CpuMsNotANumber_FailsWithFileKeyAndPosition()
    {
        var file = Wrangler(Minimal + "[limits]\ncpu_ms = \"abc\"\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.File, Is.EqualTo(file));
            Assert.That(e.Key, Is.EqualTo("limits.cpu_ms"));
            Assert.That(e.Line, Is.EqualTo(5));
            Assert.That(e.Column, Is.EqualTo(1));
            Assert.That(e.Message, Is.EqualTo($"{file}:5:1: limits.cpu_ms: must be a positive integer, got \"abc\""));
        });
    }

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("5.5")]
    [TestCase("true")]
    public void Load_CpuMsNotPositiveInteger_Fails(string value)
    {
        var e = LoadFails(Minimal + $"[limits]\ncpu_ms = {value}\n");

        Assert.That(e.Reason, Is.EqualTo($"must be a positive integer, got {value}"));
    }

    [Test]
    public void Load_CpuMsAboveFiveMinutes_Fails()
    {
        var e = LoadFails(Minimal + "[limits]\ncpu_ms = 300001\n");

        Assert.That(e.Key, Is.EqualTo("limits.cpu_ms"));
        Assert.That(e.Reason, Is.EqualTo("must be at most 300000 (5 minutes), got 300001"));
    }

    [Test]
    public void Load_CpuMsAtFiveMinutes_IsAccepted()
    {
        var worker = ConfigLoader.Load([Wrangler(Minimal + "[limits]\ncpu_ms = 300000\n")]).Workers[0];

        Assert.That(worker.CpuMs, Is.EqualTo(300_000));
    }

    [Test]
    public void Load_SubrequestsZero_Fails()
    {
        var e = LoadFails(Minimal + "[limits]\nsubrequests = 0\n");

        Assert.That(e.Key, Is.EqualTo("limits.subrequests"));
    }

    [Test]
    public void Load_LimitsNotATable_Fails()
    {
        var e = LoadFails(Minimal + "limits = 50\n");

        Assert.That(e.Key, Is.EqualTo("limits"));
        Assert.That(e.Reason, Does.StartWith("must be a table"));
    }

    [Test]
    public void Load_NameMissing_FailsNamingName()
    {
        var e = LoadFails("main = \"src/index.js\"\n");

        Assert.That(e.Key, Is.EqualTo("name"));
        Assert.That(e.Reason, Does.StartWith("is required"));
    }

    [TestCase("\"My-Worker\"")]
    [TestCase("\"my worker\"")]
    [TestCase("\"-leading-dash\"")]
    [TestCase("\"dots.not.allowed\"")]
    public void Load_NameWithCharactersWranglerRejects_Fails(string name)
    {
        var e = LoadFails($"name = {name}\nmain = \"src/index.js\"\n");

        Assert.That(e.Key, Is.EqualTo("name"));
        Assert.That(e.Reason, Does.StartWith("must be lowercase letters, digits, '-' and '_'"));
        Assert.That(e.Reason, Does.EndWith($"got {name}"));
    }

    [TestCase("my_worker-2")]
    [TestCase("_private")]
    [TestCase("0day")]
    public void Load_NameWranglerAccepts_IsKept(string name)
    {
        var worker = ConfigLoader.Load([Wrangler($"name = \"{name}\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-08-01\"\n")]).Workers[0];

        Assert.That(worker.Name, Is.EqualTo(name));
    }

    [Test]
    public void Load_NameNotAString_Fails()
    {
        var e = LoadFails("name = 42\nmain = \"src/index.js\"\n");

        Assert.That(e.Reason, Is.EqualTo("must be a string, got 42"));
    }

    [Test]
    public void Load_MainMissing_FailsNamingMain()
    {
        var e = LoadFails("name = \"w\"\n");

        Assert.That(e.Key, Is.EqualTo("main"));
        Assert.That(e.Reason, Does.StartWith("is required"));
    }

    [Test]
    public void Load_MainFileDoesNotExist_FailsNamingMain()
    {
        var e = LoadFails("name = \"w\"\nmain = \"src/missing.js\"\n");

        Assert.That(e.Key, Is.EqualTo("main"));
        Assert.That(e.Reason, Is.EqualTo($"file not found: {_project.PathOf("src/missing.js")}"));
        Assert.That(e.Line, Is.EqualTo(2));
    }

    [TestCase("src/index.ts")]
    [TestCase("src/index.tsx")]
    [TestCase("src/index.mts")]
    public void Load_TypeScriptMain_FailsPointingAtABuiltJsFile(string main)
    {
        _project.Script(main);

        var e = LoadFails($"name = \"w\"\nmain = \"{main}\"\n");

        Assert.That(e.Key, Is.EqualTo("main"));
        Assert.That(e.Reason, Does.Contain("TypeScript/JSX is not supported"));
        Assert.That(e.Reason, Does.Contain("point at the built .js file"));
    }

    [Test]
    public void Load_MainIsAFolder_Fails()
    {
        Directory.CreateDirectory(_project.PathOf("src/app"));

        var e = LoadFails("name = \"w\"\nmain = \"src/app\"\n");

        Assert.That(e.Key, Is.EqualTo("main"));
        Assert.That(e.Reason, Does.EndWith("is a folder; main must name the script file"));
    }

    [Test]
    public void Load_CompatibilityDateMissing_Warns()
    {
        var project = ConfigLoader.Load([Wrangler("name = \"w\"\nmain = \"src/index.js\"\n")]);

        Assert.That(project.Workers[0].CompatibilityDate, Is.Null);
        Assert.That(project.Warnings, Is.EqualTo(new[]
        {
            $"{project.Files[0]}: compatibility_date is not set (wrangler warns too; here the date is only recorded)",
        }));
    }

    [TestCase("\"2026-13-01\"")]
    [TestCase("\"2026-02-30\"")]
    [TestCase("\"26-01-01\"")]
    [TestCase("\"2026/01/01\"")]
    [TestCase("20260101")]
    public void Load_CompatibilityDateInvalid_Fails(string value)
    {
        var e = LoadFails($"name = \"w\"\nmain = \"src/index.js\"\ncompatibility_date = {value}\n");

        Assert.That(e.Key, Is.EqualTo("compatibility_date"));
        Assert.That(e.Reason, Is.EqualTo($"must be a date written YYYY-MM-DD, got {value}"));
    }

    [Test]
    public void Load_CompatibilityDateAsTomlDate_FailsAsksForAString()
    {
        var e = LoadFails("name = \"w\"\nmain = \"src/index.js\"\ncompatibility_date = 2026-08-01\n");

        Assert.That(e.Key, Is.EqualTo("compatibility_date"));
        Assert.That(e.Reason, Does.Contain("compatibility_date = \"2026-08-01\""));
    }

    [Test]
    public void Load_CompatibilityFlagsNotAllStrings_FailsNamingTheItem()
    {
        var e = LoadFails(Minimal + "compatibility_flags = [\"a\", 1]\n");

        Assert.That(e.Key, Is.EqualTo("compatibility_flags[1]"));
    }

    [Test]
    public void Load_CompatibilityFlagsNotAnArray_Fails()
    {
        var e = LoadFails(Minimal + "compatibility_flags = \"nodejs_compat\"\n");

        Assert.That(e.Key, Is.EqualTo("compatibility_flags"));
        Assert.That(e.Reason, Is.EqualTo("must be an array of strings, got \"nodejs_compat\""));
    }

    [Test]
    public void Load_VarsNotATable_Fails()
    {
        var e = LoadFails(Minimal + "vars = [\"a\"]\n");

        Assert.That(e.Key, Is.EqualTo("vars"));
        Assert.That(e.Reason, Is.EqualTo("must be a table of names to values, got an array"));
    }

    [Test]
    public void Load_VarIsATomlDate_FailsAsWranglerDoes()
    {
        var e = LoadFails(Minimal + "[vars]\nRELEASED = 2025-12-19\n");

        Assert.That(e.Key, Is.EqualTo("vars.RELEASED"));
        Assert.That(e.Reason, Does.Contain("RELEASED = \"2025-12-19\""));
    }

    [Test]
    public void Load_VarIsNan_Fails()
    {
        var e = LoadFails(Minimal + "[vars]\nX = { y = nan }\n");

        Assert.That(e.Key, Is.EqualTo("vars.X"));
    }

    [Test]
    public void Load_UnknownKeys_WarnAtEveryLevel()
    {
        var project = ConfigLoader.Load([Wrangler(Minimal + """
            foo = 1
            [limits]
            cpu_ms = 10
            bar = 2
            [secrets]
            required = []
            baz = 3
            """)]);

        var file = project.Files[0];
        Assert.That(project.Warnings, Is.EqualTo(new[]
        {
            $"{file}: unknown key 'foo' (ignored)",
            $"{file}: unknown key 'secrets.baz' (ignored)",
            $"{file}: unknown key 'limits.bar' (ignored)",
        }));
    }

    [Test]
    public void Load_KeysNotSupportedYet_WarnOnceEach()
    {
        var project = ConfigLoader.Load([Wrangler(Minimal + """
            [[kv_namespaces]]
            binding = "KV"
            id = "abc"

            [durable_objects]
            bindings = [{ name = "DO", class_name = "Counter" }]

            [assets]
            directory = "./public"

            [env.staging]
            name = "w-staging"
            """)]);

        var file = project.Files[0];
        Assert.That(project.Warnings, Is.EqualTo(new[]
        {
            $"{file}: 'kv_namespaces' is not supported yet (ignored)",
            $"{file}: 'durable_objects' is not supported yet (ignored)",
            $"{file}: 'assets' is not supported yet (ignored)",
            $"{file}: 'env' is not supported yet (ignored)",
        }));
    }

    [Test]
    public void Load_EmptyUnsupportedKey_DoesNotWarn()
    {
        var project = ConfigLoader.Load([Wrangler(Minimal + "kv_namespaces = []\nservices = []\n")]);

        Assert.That(project.Warnings, Is.Empty);
    }

    [Test]
    public void Load_KeysWithoutLocalMeaning_AreAcceptedSilently()
    {
        var project = ConfigLoader.Load([Wrangler(Minimal + """
            "$schema" = "./node_modules/wrangler/config-schema.json"
            account_id = "abc"
            workers_dev = false
            preview_urls = false
            upload_source_maps = true
            logpush = true
            minify = true
            no_bundle = true
            keep_vars = true
            send_metrics = false
            usage_model = "bundled"
            [dev]
            port = 8787
            """)]);

        Assert.That(project.Warnings, Is.Empty);
    }

    [Test]
    public void Load_DefaultInAWranglerFile_WarnsThatItOnlyAppliesToMultiWorkerFiles()
    {
        var project = ConfigLoader.Load([Wrangler(Minimal + "default = true\n")]);

        Assert.That(project.Warnings, Has.One.Contains("'default' only applies to an entry of a multi-worker file (ignored)"));
    }

    [Test]
    public void Load_TomlSyntaxError_GivesLineAndColumn()
    {
        var file = _project.Write("wrangler.toml", "name = \"w\"\nmain = \n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.File, Is.EqualTo(file));
            Assert.That(e.Key, Is.Null);
            Assert.That(e.Line, Is.EqualTo(2));
            Assert.That(e.Column, Is.EqualTo(8));
            Assert.That(e.Message, Does.StartWith($"{file}:2:8: "));
        });
    }

    [Test]
    public void Load_TomlKeyDefinedTwice_FailsWithItsLine()
    {
        var file = _project.Write("wrangler.toml", "name = \"a\"\nmain = \"x.js\"\nname = \"b\"\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("already defined"));
    }

    [Test]
    public void Load_FileMissing_Fails()
    {
        var file = _project.PathOf("wrangler.toml");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Message, Is.EqualTo($"{file}: file not found"));
    }

    [Test]
    public void Load_UnsupportedExtension_Fails()
    {
        var file = _project.Write("wrangler.yaml", "name: w\n");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load([file]))!;

        Assert.That(e.Reason, Does.StartWith("unsupported configuration file type '.yaml'"));
    }

    [Test]
    public void Load_NoPaths_Throws()
    {
        Assert.Throws<ArgumentException>(() => ConfigLoader.Load([]));
    }
}
