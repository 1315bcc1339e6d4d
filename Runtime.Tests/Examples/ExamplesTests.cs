using System.Net;
using System.Text;
using Workers.Runtime.Isolates;
using Workers.Runtime.Tests.Hosting;

namespace Workers.Runtime.Tests.Examples;

/// <summary>Each example in Examples/ served over real HTTP, as its README describes.</summary>
[TestFixture]
public sealed class ExamplesTests
{
    private static HttpClient Client => TestServer.Client;

    private static Task<TestServer> ServeExampleAsync(string name)
        => TestServer.StartAsync(WorkerScript.Load(Path.Combine(AppContext.BaseDirectory, "Examples", name, "worker.js")));

    [Test]
    public async Task Hello_AnyRequest_AnswersHelloWorker()
    {
        await using var server = await ServeExampleAsync("hello");
        Assert.That(server.Host.Name, Is.EqualTo("worker"));
        using var response = await Client.GetAsync(server.At("/anything"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Hello worker!"));
    }

    [Test]
    public async Task ServiceWorker_Get_AnswersWithPath()
    {
        await using var server = await ServeExampleAsync("service-worker");
        using var response = await Client.GetAsync(server.At("/some/path?x=1"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Hello from a service worker at /some/path"));
        Assert.That(response.Headers.GetValues("x-served-by"), Is.EqualTo(new[] { "service-worker" }));
    }

    [Test]
    public async Task ServiceWorker_Post_EchoesBody()
    {
        await using var server = await ServeExampleAsync("service-worker");
        using var response = await Client.PostAsync(server.Url, new StringContent("hi there"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("You sent 8 characters: hi there"));
    }

    [Test]
    public async Task Router_TodoLifecycle_WorksAsDocumented()
    {
        await using var server = await ServeExampleAsync("router");

        Assert.That(await Client.GetStringAsync(server.At("/todos")), Is.EqualTo("""[{"id":1,"title":"Try workers","done":false}]"""));

        using (var created = await Client.PostAsync(server.At("/todos"), new StringContent("""{"title":"write tests"}""", Encoding.UTF8, "application/json")))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(await created.Content.ReadAsStringAsync(), Is.EqualTo("""{"id":2,"title":"write tests","done":false}"""));
        }

        Assert.That(await Client.GetStringAsync(server.At("/todos/2")), Is.EqualTo("""{"id":2,"title":"write tests","done":false}"""));
        Assert.That(await Client.GetStringAsync(server.At("/todos?done=false")), Is.EqualTo("""[{"id":1,"title":"Try workers","done":false},{"id":2,"title":"write tests","done":false}]"""));
        Assert.That(await Client.GetStringAsync(server.At("/todos?done=true")), Is.EqualTo("[]"));

        using (var bad = await Client.PostAsync(server.At("/todos"), new StringContent("not json")))
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await bad.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"body must be JSON"}"""));
        }

        using (var deleted = await Client.DeleteAsync(server.At("/todos/2")))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var missing = await Client.GetAsync(server.At("/todos/2"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await missing.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"not found"}"""));
    }
}
