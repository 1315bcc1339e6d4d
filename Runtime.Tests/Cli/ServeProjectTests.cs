using System.Text.Json;
using Workers.Runtime.Tests.Hosting;

namespace Workers.Runtime.Tests.Cli;

/// <summary><c>workers serve</c> with configuration files: several workers, routes, reload, logs and metrics.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ServeProjectTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private string _dir = "";

    [SetUp]
    public void CreateTempDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "workers-project-tests-" + Guid.NewGuid().ToString("N"));
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

    private static async Task<(int Status, string Body)> GetAsync(Uri server, string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
        request.Headers.Host = host;
        using var response = await TestServer.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(describe());
            }

            await Task.Delay(50);
        }
    }

    private string MultiWorkerProject()
    {
        Write("api/index.js", """
            export default {
              fetch(request, env) {
                return new Response(`api ${env.GREETING} ${env.LIMITS.rps} ${env.API_KEY}`);
              }
            };
            """);
        Write("api/.dev.vars", "API_KEY=\"s3cret\"\n");
        Write("site/index.js", "export default { fetch() { return new Response('site'); } };");
        Write("site/wrangler.toml", """
            name = "site"
            main = "index.js"
            compatibility_date = "2026-11-01"
            routes = ["*.example.com/*"]
            """);
        return Write("workers.toml", """
            [[workers]]
            name = "api"
            main = "api/index.js"
            compatibility_date = "2026-11-01"
            routes = ["example.com/api/*"]
            [workers.vars]
            GREETING = "hello"
            LIMITS = { rps = 10 }

            [[workers]]
            config = "site/wrangler.toml"
            """);
    }

    [Test]
    public async Task A_multi_worker_file_serves_each_worker_on_its_routes()
    {
        var config = MultiWorkerProject();
        using var cli = CliProcess.Start("serve", config, "--port", "0");
        var url = await cli.WaitForReadyAsync();

        Assert.That(await GetAsync(url, "example.com", "/api/x"), Is.EqualTo((200, "api hello 10 s3cret")));
        Assert.That(await GetAsync(url, "www.example.com", "/api/x"), Is.EqualTo((200, "site")));
        Assert.That(await GetAsync(url, "site.localhost", "/"), Is.EqualTo((200, "site")));
        var (status, body) = await GetAsync(url, "elsewhere.test", "/");
        Assert.That(status, Is.EqualTo(404));
        Assert.That(body, Does.Contain("No worker matches http://elsewhere.test/"));
        Assert.That(cli.Stdout, Does.Contain("api: http://api.localhost:").And.Contain("example.com/api/*"));
        cli.Terminate();
        Assert.That(await cli.WaitForExitAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task Without_arguments_the_wrangler_file_of_the_current_folder_is_served()
    {
        Write("src/worker.js", "export default { fetch(request, env) { return new Response(env.WHO); } };");
        Write("wrangler.jsonc", """
            // comments and trailing commas, as wrangler allows
            {
              "name": "here",
              "main": "src/worker.js",
              "compatibility_date": "2026-11-01",
              "vars": { "WHO": "from jsonc", },
            }
            """);
        using var cli = CliProcess.StartIn(_dir, "serve", "--port", "0");
        var url = await cli.WaitForReadyAsync();

        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("from jsonc"));
    }

    [Test]
    public async Task A_bad_config_value_fails_naming_the_file_and_key_and_unknown_keys_warn()
    {
        Write("index.js", "export default { fetch() { return new Response('x'); } };");
        var bad = Write("wrangler.toml", "name = \"w\"\nmain = \"index.js\"\n[limits]\ncpu_ms = \"fast\"\n");

        var (code, _, stderr) = await CliProcess.RunAsync("serve", bad, "--port", "0");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("wrangler.toml:4:").And.Contain("limits.cpu_ms"));

        var odd = Write("odd/wrangler.toml", "name = \"w\"\nmain = \"../index.js\"\ncompatibility_date = \"2026-11-01\"\nfavourite_colour = \"blue\"\n");
        using var cli = CliProcess.Start("serve", odd, "--port", "0");
        await cli.WaitForReadyAsync();
        Assert.That(cli.Stderr, Does.Contain("warning").And.Contain("favourite_colour"));
    }

    [Test]
    public async Task Watch_reloads_an_edited_script_keeps_the_last_good_version_on_a_broken_edit_and_finishes_requests_in_flight()
    {
        var script = Write("worker.js", """
            export default {
              async fetch(request) {
                if (request.url.endsWith('/slow')) { await new Promise(r => setTimeout(r, 1500)); }
                return new Response('v1');
              }
            };
            """);
        using var cli = CliProcess.Start("serve", script, "--port", "0", "--watch");
        var url = await cli.WaitForReadyAsync();
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("v1"));

        var inFlight = TestServer.Client.GetStringAsync(new Uri(url, "/slow"));
        await Task.Delay(200);
        File.WriteAllText(script, "export default { fetch() { return new Response('v2'); } };");
        await EventuallyAsync(async () => await TestServer.Client.GetStringAsync(url) == "v2", () => "never reloaded:\n" + cli.Stdout + cli.Stderr);
        Assert.That(await inFlight, Is.EqualTo("v1"), "the request that started on v1 finishes on v1");

        File.WriteAllText(script, "export default {\n  fetch() { return new Response('v3' +); }\n};\n");
        await EventuallyAsync(() => Task.FromResult(cli.Stdout.Contains("worker.js:2:", StringComparison.Ordinal)), () => "no reload error logged:\n" + cli.Stdout);
        Assert.That(cli.Stdout, Does.Contain("Reload failed").And.Contain("SyntaxError"));
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("v2"));

        File.WriteAllText(script, "export default { fetch() { return new Response('v4'); } };");
        await EventuallyAsync(async () => await TestServer.Client.GetStringAsync(url) == "v4", () => "did not recover:\n" + cli.Stdout);
    }

    [Test]
    public async Task Watch_reloads_when_the_config_changes()
    {
        Write("index.js", "export default { fetch(request, env) { return new Response(env.V); } };");
        var config = Write("wrangler.toml", "name = \"w\"\nmain = \"index.js\"\ncompatibility_date = \"2026-11-01\"\nvars = { V = \"one\" }\n");
        using var cli = CliProcess.Start("serve", config, "--port", "0", "--watch");
        var url = await cli.WaitForReadyAsync();
        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("one"));

        File.WriteAllText(config, "name = \"w\"\nmain = \"index.js\"\ncompatibility_date = \"2026-11-01\"\nvars = { V = \"two\" }\n");

        await EventuallyAsync(async () => await TestServer.Client.GetStringAsync(url) == "two", () => "never reloaded:\n" + cli.Stdout + cli.Stderr);
    }

    [Test]
    public async Task Watch_polls_a_project_spread_over_more_folders_than_it_watches_and_still_reloads()
    {
        // 40 workers, each in its own folder: more than the watcher opens change-event watchers
        // for (inotify allows only 128 per user, shared by every process).
        var entries = new System.Text.StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            Write($"w{i}/index.js", $"export default {{ fetch() {{ return new Response('w{i} v1'); }} }};");
            entries.Append(System.Globalization.CultureInfo.InvariantCulture, $"[[workers]]\nname = \"w{i}\"\nmain = \"w{i}/index.js\"\n{(i == 0 ? "default = true\n" : "")}\n");
        }

        var config = Write("workers.toml", entries.ToString());
        using var cli = CliProcess.Start("serve", config, "--port", "0", "--watch");
        var url = await cli.WaitForReadyAsync();
        Assert.That(await GetAsync(url, "w27.localhost"), Is.EqualTo((200, "w27 v1")));
        await EventuallyAsync(() => Task.FromResult(cli.Stdout.Contains("by polling every second", StringComparison.Ordinal)), () => "no polling notice:\n" + cli.Stdout);

        Write("w27/index.js", "export default { fetch() { return new Response('w27 v2'); } };");

        await EventuallyAsync(async () => (await GetAsync(url, "w27.localhost")).Body == "w27 v2", () => "never reloaded:\n" + cli.Stdout + cli.Stderr);
        Assert.That(await GetAsync(url, "w3.localhost"), Is.EqualTo((200, "w3 v1")));
    }

    [Test]
    public async Task Json_log_format_writes_one_json_object_per_request_with_its_usage()
    {
        var script = Write("worker.js", "export default { fetch() { let s = 0; for (let i = 0; i < 100; i++) s += i; return new Response(String(s)); } };");
        using var cli = CliProcess.Start("serve", script, "--port", "0", "--log-format", "json", "--name", "summer");
        var url = await cli.WaitForReadyAsync();
        // Two requests: the first of a process may be charged next to nothing, since compiling the
        // runtime (the JIT) is not the script's CPU time; the second is charged its loop.
        Assert.That(await TestServer.Client.GetStringAsync(new Uri(url, "/warm")), Is.EqualTo("4950"));
        Assert.That(await TestServer.Client.GetStringAsync(new Uri(url, "/sum?x=1")), Is.EqualTo("4950"));

        JsonElement? line = null;
        await EventuallyAsync(() =>
        {
            line = cli.Stdout.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)
                .Cast<JsonElement?>().FirstOrDefault(e => e!.Value.GetProperty("category").GetString() == "Workers.Request" && e.Value.GetProperty("path").GetString() == "/sum?x=1");
            return Task.FromResult(line is not null);
        }, () => "no request line:\n" + cli.Stdout);
        var entry = line!.Value;
        Assert.That(entry.GetProperty("worker").GetString(), Is.EqualTo("summer"));
        Assert.That(entry.GetProperty("method").GetString(), Is.EqualTo("GET"));
        Assert.That(entry.GetProperty("path").GetString(), Is.EqualTo("/sum?x=1"));
        Assert.That(entry.GetProperty("status").GetInt32(), Is.EqualTo(200));
        Assert.That(entry.GetProperty("steps").GetInt64(), Is.GreaterThan(100));
        Assert.That(entry.GetProperty("cpuMs").GetDouble(), Is.GreaterThan(0));
        Assert.That(entry.GetProperty("allocatedBytes").GetInt64(), Is.GreaterThan(0));
        Assert.That(entry.GetProperty("subrequests").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Metrics_are_served_on_the_metrics_path()
    {
        var script = Write("worker.js", "export default { fetch(request) { if (request.url.endsWith('/boom')) throw new Error('x'); return new Response('ok'); } };");
        using var cli = CliProcess.Start("serve", script, "--port", "0", "--name", "m");
        var url = await cli.WaitForReadyAsync();
        await TestServer.Client.GetStringAsync(url);
        await TestServer.Client.GetAsync(new Uri(url, "/boom"));

        using var response = await TestServer.Client.GetAsync(new Uri(url, "/cdn-cgi/workers/metrics"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(text, Does.Contain("workers_requests_total{worker=\"m\",status=\"200\"} 1"));
        Assert.That(text, Does.Contain("workers_request_errors_total{worker=\"m\",kind=\"uncaught_exception\"} 1"));
        Assert.That(text, Does.Contain("workers_isolates_live 1"));
        Assert.That(text, Does.Contain("workers_cpu_time_seconds_count{worker=\"m\"} 2"));
    }

    [Test]
    public async Task The_multi_worker_example_works_as_its_readme_says()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Examples", "multi-worker", "workers.toml");
        using var cli = CliProcess.Start("serve", config, "--port", "0");
        var url = await cli.WaitForReadyAsync();

        Assert.That(await GetAsync(url, "example.com", "/api/hello"), Is.EqualTo((200, """{"greeting":"Hello from the api worker","limit":60}""")));
        Assert.That(await GetAsync(url, "api.example.com", "/nope"), Is.EqualTo((404, """{"error":"no such endpoint: /nope"}""")));
        Assert.That((await GetAsync(url, "example.com", "/about")).Body, Does.Contain("<h1>site</h1><p>You asked for /about</p>"));
        Assert.That((await GetAsync(url, "127.0.0.1", "/anything")).Body, Does.Contain("You asked for /anything"));
        Assert.That(await GetAsync(url, "jobs.localhost"), Is.EqualTo((200, """{"runs":0,"last":null}""")));
        Assert.That(await GetAsync(url, "jobs.localhost", "/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*&time=1767225600000"), Is.EqualTo((200, "ok")));
        Assert.That(await GetAsync(url, "jobs.localhost"), Is.EqualTo((200, """{"runs":1,"last":{"cron":"*/5 * * * *","scheduledTime":"2026-01-01T00:00:00.000Z"}}""")));

        var metrics = (await GetAsync(url, "127.0.0.1", "/cdn-cgi/workers/metrics")).Body;
        Assert.That(metrics, Does.Contain("workers_isolates_live 3"));
        Assert.That(metrics, Does.Contain("workers_scheduled_events_total{worker=\"jobs\",outcome=\"ok\"} 1"));
    }
}
