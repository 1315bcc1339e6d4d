using Workers.Runtime.Execution;
using Workers.Runtime.Hosting;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting;

[TestFixture]
public class WorkerGroupTests
{
    private static WorkerHostOptions Worker(string name, string body, params string[] routes) => new()
    {
        Name = name,
        Script = WorkerScript.Parse($$"""export default { fetch(request) { return new Response({{body}}); } };""", name + ".js"),
        Routes = routes,
    };

    // Answers with its name and the path and query it was asked for.
    private static WorkerHostOptions Echo(string name, params string[] routes)
        => Worker(name, $"'{name} ' + request.url.replace(/^https?:\\/\\/[^/]+/, '')", routes);

    [Test]
    public async Task Requests_go_to_the_most_specific_matching_route()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers =
            [
                Echo("site", "*.example.com/*", "example.com/*"),
                Echo("api", "example.com/api/*"),
                Echo("admin", "admin.example.com/*"),
            ],
        });

        Assert.That(await server.GetAsync("example.com", "/api/users?x=1"), Is.EqualTo((200, "api /api/users?x=1")));
        Assert.That(await server.GetAsync("example.com", "/about"), Is.EqualTo((200, "site /about")));
        Assert.That(await server.GetAsync("www.example.com", "/api/users"), Is.EqualTo((200, "site /api/users")));
        Assert.That(await server.GetAsync("ADMIN.example.com:8787", "/"), Is.EqualTo((200, "admin /")));
    }

    [Test]
    public async Task Unmatched_requests_go_to_the_default_worker_or_get_a_clear_404()
    {
        await using (var withDefault = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers = [Echo("api", "example.com/api/*"), Echo("fallback") with { IsDefault = true }],
        }))
        {
            Assert.That(await withDefault.GetAsync("other.test", "/x"), Is.EqualTo((200, "fallback /x")));
        }

        await using var noDefault = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers = [Echo("api", "example.com/api/*"), Echo("web", "example.com/web/*")],
        });
        var (status, body) = await noDefault.GetAsync("other.test", "/x");
        Assert.That(status, Is.EqualTo(404));
        Assert.That(body, Does.StartWith("No worker matches http://other.test/x"));
        Assert.That(body, Does.Contain("api (http://api.localhost/)"));
    }

    [Test]
    public async Task Each_worker_is_reachable_as_name_dot_localhost()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers = [Echo("api"), Echo("web")],
        });

        Assert.That(await server.GetAsync("api.localhost:1234", "/a"), Is.EqualTo((200, "api /a")));
        Assert.That(await server.GetAsync("web.localhost", "/b"), Is.EqualTo((200, "web /b")));
        Assert.That((await server.GetAsync("nope.localhost", "/")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task A_single_worker_gets_every_request()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions { Workers = [Echo("only", "example.com/api/*")] });

        Assert.That(await server.GetAsync("127.0.0.1", "/anything"), Is.EqualTo((200, "only /anything")));
    }

    [Test]
    public void Invalid_groups_are_refused_with_the_reason()
    {
        var duplicate = Assert.ThrowsAsync<ArgumentException>(() => WorkerGroup.StartAsync(new WorkerGroupOptions { Workers = [Echo("a"), Echo("a")] }));
        Assert.That(duplicate!.Message, Does.Contain("Two workers are named 'a'"));

        var defaults = Assert.ThrowsAsync<ArgumentException>(() => WorkerGroup.StartAsync(new WorkerGroupOptions
        {
            Workers = [Echo("a") with { IsDefault = true }, Echo("b") with { IsDefault = true }],
        }));
        Assert.That(defaults!.Message, Does.Contain("'a' and 'b' are both marked as the default"));

        var route = Assert.ThrowsAsync<ArgumentException>(() => WorkerGroup.StartAsync(new WorkerGroupOptions { Workers = [Echo("a", "example.com/a*b/*")] }));
        Assert.That(route!.Message, Does.StartWith("Worker 'a': "));
    }

    [Test]
    public async Task A_worker_that_pollutes_its_prototypes_and_globals_leaves_the_others_untouched()
    {
        const string polluter = """
            Object.prototype.polluted = 'yes';
            Array.prototype.map = function () { return 'hacked'; };
            String.prototype.toUpperCase = function () { return 'hacked'; };
            JSON.stringify = () => 'hacked';
            globalThis.shared = 'from polluter';
            export default { fetch() { return new Response(({}).polluted + ' ' + [1].map(x => x)); } };
            """;
        const string victim = """
            export default {
              fetch() {
                return new Response(JSON.stringify({
                  polluted: ({}).polluted ?? null,
                  map: [1, 2].map(x => x * 2),
                  upper: 'a'.toUpperCase(),
                  shared: globalThis.shared ?? null,
                }));
              }
            };
            """;
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions
        {
            Workers =
            [
                new WorkerHostOptions { Name = "polluter", Script = WorkerScript.Parse(polluter) },
                new WorkerHostOptions { Name = "victim", Script = WorkerScript.Parse(victim) },
            ],
        });

        Assert.That(await server.GetAsync("polluter.localhost"), Is.EqualTo((200, "yes hacked")));
        Assert.That(await server.GetAsync("victim.localhost"), Is.EqualTo((200, """{"polluted":null,"map":[2,4],"upper":"A","shared":null}""")));
    }

    [Test]
    public async Task Reload_keeps_unchanged_workers_starts_changed_ones_and_lets_requests_in_flight_finish()
    {
        var slowV1 = new WorkerHostOptions
        {
            Name = "slow",
            Script = WorkerScript.Parse("""
                export default {
                  async fetch() {
                    await new Promise(r => setTimeout(r, 300));
                    return new Response('v1');
                  }
                };
                """),
        };
        var steady = Worker("steady", "'steady'");
        var gone = Worker("gone", "'gone'");
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions { Workers = [slowV1, steady, gone] });
        var steadyHost = server.Group.Workers["steady"];

        var inFlight = server.GetAsync("slow.localhost");
        await Task.Delay(100);
        var summary = await server.Group.ReloadAsync([Worker("slow", "'v2'"), steady with { Routes = ["steady.test/*"] }]);

        Assert.That(summary.Started, Is.EqualTo(new[] { "slow" }));
        Assert.That(summary.Kept, Is.EqualTo(new[] { "steady" }));
        Assert.That(summary.Removed, Is.EqualTo(new[] { "gone" }));
        Assert.That(await inFlight, Is.EqualTo((200, "v1")), "the request that started on v1 finishes on v1");
        Assert.That(await server.GetAsync("slow.localhost"), Is.EqualTo((200, "v2")));
        Assert.That(await server.GetAsync("steady.test", "/x"), Is.EqualTo((200, "steady")), "a route added by the reload works");
        Assert.That(server.Group.Workers["steady"], Is.SameAs(steadyHost));
        Assert.That((await server.GetAsync("gone.localhost")).Status, Is.EqualTo(404));
        Assert.That(server.Group.Isolates.EvictedCount(EvictionReason.Reload), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task A_reload_whose_worker_fails_to_start_changes_nothing()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions { Workers = [Worker("a", "'good'")] });
        var broken = new WorkerHostOptions { Name = "a", Script = WorkerScript.Parse("throw new Error('broken at start');") };

        var e = Assert.ThrowsAsync<WorkerLoadException>(() => server.Group.ReloadAsync([broken]));

        Assert.That(e!.Message, Does.Contain("broken at start"));
        Assert.That(await server.GetAsync("a.localhost"), Is.EqualTo((200, "good")));
    }

    [Test]
    public async Task A_worker_removed_by_a_reload_loses_its_metrics_and_a_new_one_by_that_name_gets_them_back()
    {
        await using var server = await TestGroupServer.StartAsync(new WorkerGroupOptions { Workers = [Worker("a", "'a'"), Worker("b", "'b1'")] });
        Assert.That(await server.GetAsync("b.localhost"), Is.EqualTo((200, "b1")));
        Assert.That(server.Group.Metrics.IsolatesLiveFor("b"), Is.EqualTo(1));

        await server.Group.ReloadAsync([Worker("a", "'a'")]);
        Assert.That(server.Group.Metrics.IsolatesLiveFor("b"), Is.Zero);

        await server.Group.ReloadAsync([Worker("a", "'a'"), Worker("b", "'b2'")]);
        Assert.That(await server.GetAsync("b.localhost"), Is.EqualTo((200, "b2")));
        Assert.That(server.Group.Metrics.IsolatesLiveFor("b"), Is.EqualTo(1), "the new b's isolate is counted under its name");
    }

    [Test]
    public async Task Dispatch_without_http_routes_the_same_way()
    {
        await using var group = await WorkerGroup.StartAsync(new WorkerGroupOptions { Workers = [Echo("a", "a.test/*"), Echo("b", "b.test/*")] });
        var request = new WorkerRequest("GET", new Uri("http://b.test/path"));

        var response = await group.DispatchAsync(request);

        Assert.That(response.BodyText, Is.EqualTo("b /path"));
        Assert.That(group.Route(request)?.Name, Is.EqualTo("b"));
    }
}
