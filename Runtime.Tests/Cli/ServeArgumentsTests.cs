using System.Net;
using System.Net.Sockets;
using System.Text;
using Workers.Runtime.Tests.Hosting;

namespace Workers.Runtime.Tests.Cli;

/// <summary>
/// The command line of <c>workers serve</c>, through the real process: malformed values and unknown
/// options are one-line usage errors (exit 2) naming the flag, wrangler dev's flags work or warn by
/// name, and nothing prints a stack trace.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ServeArgumentsTests
{
    private const string Hello = "export default { fetch(request, env) { return new Response('hello ' + (env.WHO ?? 'nobody')); } };";
    private string _dir = "";

    [SetUp]
    public void CreateTempDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "workers-args-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveTempDir() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Exit code 2 and exactly one line on stderr, starting with <c>workers: </c>, with no trace of .NET.</summary>
    private static string AssertOneLineUsageError((int ExitCode, string Stdout, string Stderr) run)
    {
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.Stderr);
            Assert.That(lines, Has.Length.EqualTo(1), run.Stderr);
            Assert.That(run.Stderr, Does.StartWith("workers: "));
            Assert.That(run.Stderr, Does.Not.Contain("Exception").And.Not.Contain("   at "));
            Assert.That(run.Stdout, Is.Empty);
        });
        return lines[0];
    }

    [TestCase("--port", "abc", "a port number from 0 to 65535")]
    [TestCase("--port", "70000", "a port number from 0 to 65535")]
    [TestCase("-p", "-1", "a port number from 0 to 65535")]
    [TestCase("--upstream", "not-a-url", "an absolute http:// or https:// URL")]
    [TestCase("--upstream", "ftp://127.0.0.1/", "an absolute http:// or https:// URL")]
    [TestCase("--cpu-ms", "-1", "a whole number of milliseconds greater than 0")]
    [TestCase("--cpu-ms", "1.5", "a whole number of milliseconds greater than 0")]
    [TestCase("--cpu-ms", "99999999999", "a whole number of milliseconds greater than 0")]
    [TestCase("--cpu-steps", "lots", "a whole number of statements greater than 0")]
    [TestCase("--memory-mb", "x", "a whole number of MiB greater than 0")]
    [TestCase("--var", "NOCOLON", "KEY:VALUE")]
    [TestCase("--var", ":empty-key", "KEY:VALUE")]
    [TestCase("--log-level", "bogus", "debug, info, log, warn, error or none")]
    [TestCase("--log-format", "xml", "text or json")]
    [TestCase("--metrics-path", "nope", "a path starting with '/'")]
    [TestCase("--max-instances", "0", "a whole number of isolates greater than 0")]
    [TestCase("--max-isolates", "-3", "a whole number of isolates greater than 0")]
    [TestCase("--max-heap-mb", "1e3", "a whole number of MiB greater than 0")]
    [TestCase("--idle-timeout", "abc", "a whole number of seconds greater than 0")]
    [TestCase("--name", "Not A Name", "a worker name")]
    [TestCase("--compatibility-date", "2024-02-30", "a date written YYYY-MM-DD")]
    [TestCase("--host", "", "an address to listen on")]
    [TestCase("--ip", " ", "an address to listen on")]
    [TestCase("-c", "", "a file name")]
    [TestCase("--local-protocol", "ftp", "http or https")]
    [TestCase("--upstream-protocol", "gopher", "http or https")]
    public async Task Serve_MalformedValue_ExitsWithOneLineNamingFlagAndValue(string flag, string value, string expected)
    {
        var script = Write("worker.js", Hello);

        // Were the value taken, the server would start (on a free port) and the test time out.
        string[] port = flag is "--port" or "-p" ? [] : ["--port", "0"];

        var line = AssertOneLineUsageError(await CliProcess.RunAsync(["serve", script, .. port, flag, value]));

        Assert.That(line, Does.StartWith($"workers: {flag}: expected {expected}").And.EndWith($", got '{value}'"));
    }

    [Test]
    public async Task Serve_VeryLongValue_IsShownCut()
    {
        var value = new string('9', 100_000);

        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", Write("worker.js", Hello), "--port", value));

        Assert.That(line, Does.Contain("... (100000 characters)"));
        Assert.That(line, Has.Length.LessThan(300));
    }

    [Test]
    public async Task Serve_ValueWithNewline_StaysOnOneLine()
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", Write("worker.js", Hello), "--log-level", "warn\nerror"));

        Assert.That(line, Does.EndWith("got 'warn\\nerror'"));
    }

    [TestCase("--port", "workers: --port: needs a value")]
    [TestCase("--var", "workers: --var: needs a value")]
    public async Task Serve_FlagWithoutValue_SaysItNeedsOne(string flag, string expected)
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", Write("worker.js", Hello), flag));

        Assert.That(line, Is.EqualTo(expected));
    }

    [Test]
    public async Task Serve_SingleValueFlagGivenTwice_SaysGiveItOnce()
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", Write("worker.js", Hello), "--port", "1", "--port", "2"));

        Assert.That(line, Is.EqualTo("workers: --port: given 2 times ('1', '2'); give it once"));
    }

    [TestCase("--foo", "workers: unknown option '--foo'")]
    [TestCase("--foo=bar", "workers: unknown option '--foo'")]
    [TestCase("-x", "workers: unknown option '-x'")]
    [TestCase("--prot", "workers: unknown option '--prot' (did you mean '--port'?)")]
    [TestCase("--max-instance", "workers: unknown option '--max-instance' (did you mean '--max-instances'?)")]
    [TestCase("--experimental-foo", "workers: unknown option '--experimental-foo'")]
    public async Task Serve_UnknownOption_IsAnErrorNotAFileName(string option, string expected)
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", Write("worker.js", Hello), "--port", "0", option));

        Assert.That(line, Is.EqualTo(expected));
    }

    [Test]
    public async Task Serve_FileNameStartingWithDash_IsServedAfterDoubleDash()
    {
        Write("-odd.js", Hello);
        using var cli = CliProcess.StartIn(_dir, "serve", "--port", "0", "--", "-odd.js");
        var url = await cli.WaitForReadyAsync();

        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("hello nobody"));
    }

    [Test]
    public async Task Serve_FileNameStartingWithAt_IsAFileNotAResponseFile()
    {
        // System.CommandLine would read '@x' as a file of more arguments.
        Write("args.txt", "--port\nabc\n");

        var line = AssertOneLineUsageError(await CliProcess.RunInAsync(_dir, "serve", "@args.txt"));

        Assert.That(line, Is.EqualTo($"workers: file not found: {Path.Combine(_dir, "@args.txt")}"));
    }

    [Test]
    public async Task Serve_EmptyFileName_IsAUsageError()
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", ""));

        Assert.That(line, Is.EqualTo("workers: an empty file name was given"));
    }

    [Test]
    public async Task Serve_Folder_IsAUsageErrorPointingAtItsWranglerFile()
    {
        Write("site/wrangler.toml", "name = \"site\"\nmain = \"index.js\"\n");

        var line = AssertOneLineUsageError(await CliProcess.RunInAsync(_dir, "serve", "site"));

        Assert.That(line, Is.EqualTo($"workers: site is a folder, not a worker script or configuration file (to serve its wrangler file: workers serve {Path.Combine("site", "wrangler.toml")})"));
    }

    [Test]
    public async Task Serve_NameWithSeveralFiles_IsAUsageError()
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", Write("a.js", Hello), Write("b.js", Hello), "--name", "x"));

        Assert.That(line, Does.StartWith("workers: --name: names the one worker served, and 2 files are given"));
    }

    [Test]
    public async Task Serve_MissingCwd_IsAUsageError()
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", "--cwd", Path.Combine(_dir, "nope")));

        Assert.That(line, Does.StartWith("workers: --cwd: no such folder"));
    }

    [Test]
    public async Task Workers_NoCommand_ExitsWith2AndAHint()
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync());

        Assert.That(line, Is.EqualTo("workers: no command given: try 'workers serve [FILE...]', or 'workers --help'"));
    }

    [TestCase("serv", "workers: unknown command 'serv' (did you mean 'serve'?)")]
    [TestCase("deploy", "workers: unknown command 'deploy' (commands: serve)")]
    [TestCase("--verbose", "workers: unknown option '--verbose'")]
    public async Task Workers_UnknownCommandOrOption_ExitsWith2(string word, string expected)
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync(word));

        Assert.That(line, Is.EqualTo(expected));
    }

    [Test]
    public async Task Workers_Version_PrintsTheVersionAndExits0()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync("--version");

        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Match(@"^\d+\.\d+\.\d+"));
        Assert.That(stderr, Is.Empty);
    }

    [Test]
    public async Task ServeHelp_ListsEveryVisibleOptionAndNoHiddenOne()
    {
        var (code, stdout, _) = await CliProcess.RunAsync("serve", "--help");

        Assert.That(code, Is.EqualTo(0));
        var serve = Workers.Cli.Commands.ServeCommand.Create();
        Assert.Multiple(() =>
        {
            foreach (var option in serve.Options)
            {
                foreach (var alias in option.Aliases.Append(option.Name))
                {
                    var listed = System.Text.RegularExpressions.Regex.IsMatch(stdout, $@"(^|[\s,]){System.Text.RegularExpressions.Regex.Escape(alias)}([\s,]|$)", System.Text.RegularExpressions.RegexOptions.Multiline);
                    Assert.That(listed, Is.EqualTo(!option.Hidden), $"{alias} listed");
                }
            }
        });
        Assert.That(stdout, Does.Contain("--host, --ip <address>").And.Contain("-c, --config <file>").And.Contain("debug, info, log, warn, error, none"));
    }

    [Test]
    public async Task Serve_Upstream_TheReadmeExampleWorks()
    {
        using var origin = new TcpListener(IPAddress.Loopback, 0);
        origin.Start();
        var originPort = ((IPEndPoint)origin.LocalEndpoint).Port;
        var answered = AnswerOnceAsync(origin, "from origin");
        var script = Write("worker.js", "export default { fetch(request, env, ctx) { ctx.passThroughOnException(); throw new Error('down'); } };");

        using var cli = CliProcess.Start("serve", script, "--port", "0", "--upstream", $"http://127.0.0.1:{originPort}");
        var url = await cli.WaitForReadyAsync();

        Assert.That(await TestServer.Client.GetStringAsync(new Uri(url, "/page")), Is.EqualTo("from origin"));
        Assert.That(await answered, Does.StartWith("GET /page HTTP/1.1"));
    }

    /// <summary>A one-shot HTTP origin: reads one request's head, answers <paramref name="body"/>, returns the head.</summary>
    private static async Task<string> AnswerOnceAsync(TcpListener listener, string body)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"));
        await stream.WriteAsync(bytes);
        return head.ToString();
    }

    [Test]
    public async Task Serve_WranglerDevFlags_WorkOrWarnByName()
    {
        Write("wrangler.toml", """
            name = "site"
            main = "src/index.js"
            compatibility_date = "2026-01-01"
            """);
        Write("src/index.js", Hello);

        using var cli = CliProcess.StartIn(_dir,
            "serve", "-c", "wrangler.toml", "--ip", "127.0.0.1", "-p", "0", "--var", "WHO:wrangler",
            "--log-level", "info", "--compatibility-date", "2026-02-02", "--compatibility-flags", "nodejs_compat",
            "--inspector-port", "9229", "--live-reload", "--no-bundle", "--local", "--minify", "--tsconfig", "tsconfig.json",
            "--show-interactive-dev-session=false", "-e", "staging", "--persist-to", ".wrangler/state",
            "--local-protocol", "https", "--experimental-vectorize-bind-to-prod", "--x-provision", "--no-remote");
        var url = await cli.WaitForReadyAsync();

        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("hello wrangler"));
        var warnings = cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(warnings, Is.EquivalentTo(new[]
        {
            "workers: warning: --local is ignored: workers always runs locally",
            "workers: warning: --no-remote is ignored: workers runs locally only (wrangler dev --remote runs the worker on Cloudflare's network)",
            "workers: warning: --no-bundle is ignored: there is no build step: scripts run as written",
            "workers: warning: --minify is ignored: there is no build step: scripts run as written",
            "workers: warning: --tsconfig is ignored: there is no build step: scripts run as written (TypeScript needs a build first)",
            "workers: warning: --inspector-port is ignored: there is no DevTools inspector",
            "workers: warning: --local-protocol is ignored: HTTPS is not supported locally (serving http)",
            "workers: warning: --persist-to is ignored: there is no local storage to persist yet (no KV, D1, R2 or Durable Objects)",
            "workers: warning: --live-reload is ignored: browsers are not reloaded (--watch reloads the workers)",
            "workers: warning: --show-interactive-dev-session is ignored: there is no interactive session",
            "workers: warning: --experimental-vectorize-bind-to-prod is ignored: bindings are not supported yet",
            "workers: warning: -e is ignored: environments are not supported yet: the top-level configuration is served, not env.NAME",
            "workers: warning: --x-provision is ignored: there is no Cloudflare account or resource here",
        }));
    }

    [TestCase("--remote", "workers: --remote: not supported: workers runs locally only")]
    [TestCase("-r", "workers: -r: not supported: workers runs locally only")]
    [TestCase("--remote=true", "workers: --remote: not supported: workers runs locally only")]
    [TestCase("--tunnel", "workers: --tunnel: not supported: workers cannot open a Cloudflare Tunnel")]
    [TestCase("--node-compat", "workers: --node-compat: not supported: was removed in wrangler 4")]
    public async Task Serve_RefusedWranglerFlag_ExitsWith2SayingWhy(string flag, string expected)
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", Write("worker.js", Hello), "--port", "0", flag));

        Assert.That(line, Does.StartWith(expected));
    }

    [Test]
    public async Task Serve_TunnelName_IsRefused()
    {
        var line = AssertOneLineUsageError(await CliProcess.RunAsync("serve", Write("worker.js", Hello), "--tunnel-name", "mine"));

        Assert.That(line, Does.StartWith("workers: --tunnel-name: not supported"));
    }

    [Test]
    public async Task Serve_CwdFlag_ServesTheWranglerFileOfThatFolder()
    {
        Write("app/wrangler.json", """{ "name": "app", "main": "index.js", "compatibility_date": "2026-01-01", "vars": { "WHO": "cwd" } }""");
        Write("app/index.js", Hello);

        using var cli = CliProcess.Start("serve", "--cwd", Path.Combine(_dir, "app"), "--port", "0");
        var url = await cli.WaitForReadyAsync();

        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("hello cwd"));
    }

    [Test]
    public async Task Serve_LogLevelWarn_HidesInformationAndKeepsWarnings()
    {
        var script = Write("logger.js", "export default { fetch() { console.log('quiet-line'); console.warn('loud-line'); return new Response('ok'); } };");

        using var cli = CliProcess.Start("serve", script, "--port", "0", "--log-level", "warn");
        var url = await cli.WaitForReadyAsync();
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("ok"));
        await cli.WaitForOutputAsync("loud-line");
        cli.Terminate();
        Assert.That(await cli.WaitForExitAsync(), Is.EqualTo(0));

        Assert.That(cli.Stdout, Does.Not.Contain("quiet-line"));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Test]
    public async Task Serve_DevSection_SetsIpAndPort()
    {
        var port = FreePort();
        Write("wrangler.toml", $"""
            name = "site"
            main = "index.js"
            compatibility_date = "2026-01-01"

            [dev]
            ip = "127.0.0.1"
            port = {port}
            """);
        Write("index.js", Hello);

        using var cli = CliProcess.StartIn(_dir, "serve");
        var url = await cli.WaitForReadyAsync();

        Assert.That(url, Is.EqualTo(new Uri($"http://127.0.0.1:{port}/")));
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("hello nobody"));
        Assert.That(cli.Stderr, Is.Empty);
    }

    [Test]
    public async Task Serve_PortFlag_WinsOverDevPort()
    {
        // The configured port is taken: were it used, start-up would fail.
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var taken = ((IPEndPoint)blocker.LocalEndpoint).Port;
        Write("wrangler.jsonc", $$"""
            // the dev settings of wrangler.json(c)
            { "name": "site", "main": "index.js", "compatibility_date": "2026-01-01", "dev": { "port": {{taken}}, "local_protocol": "http" } }
            """);
        Write("index.js", Hello);

        using var cli = CliProcess.StartIn(_dir, "serve", "--port", "0");
        var url = await cli.WaitForReadyAsync();

        Assert.That(url.Port, Is.Not.EqualTo(taken).And.Not.EqualTo(0));
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("hello nobody"));
    }

    [Test]
    public async Task Serve_DevLocalProtocolHttps_WarnsAndServesHttp()
    {
        Write("wrangler.toml", """
            name = "site"
            main = "index.js"
            compatibility_date = "2026-01-01"

            [dev]
            port = 0
            local_protocol = "https"
            inspector_port = 9229
            """);
        Write("index.js", Hello);

        using var cli = CliProcess.StartIn(_dir, "serve");
        var url = await cli.WaitForReadyAsync();

        Assert.That(url.Scheme, Is.EqualTo("http"));
        Assert.That(cli.Stderr, Does.Contain("workers: warning: wrangler.toml: dev.local_protocol = \"https\": HTTPS is not supported locally (serving http)"));
        Assert.That(cli.Stderr, Does.Contain("workers: warning: wrangler.toml: 'dev.inspector_port' is ignored: there is no DevTools inspector"));
    }

    [Test]
    public async Task Serve_DevPortOfWrongType_StopsWithFileLineAndKey()
    {
        Write("wrangler.toml", """
            name = "site"
            main = "index.js"

            [dev]
            port = "8787"
            """);
        Write("index.js", Hello);

        var (code, _, stderr) = await CliProcess.RunInAsync(_dir, "serve");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("workers: wrangler.toml:5:1: dev.port: must be a port number from 0 to 65535, got \"8787\""));
    }
}
