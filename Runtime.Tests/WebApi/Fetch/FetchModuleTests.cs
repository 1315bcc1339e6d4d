using System.Text;
using Workers.Runtime.Execution;

namespace Workers.Runtime.Tests.WebApi.Fetch;

[TestFixture]
public sealed class FetchModuleTests
{
    [Test]
    public async Task CreateRequest_PostWithBody_TextReadsStream()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch(req) { return new Response(req.method + ' ' + req.url + ' ' + await req.text()); } }");
        var response = await t.FetchAsync("http://localhost/a?b=1", "POST", "hello");
        Assert.That(response.BodyText, Is.EqualTo("POST http://localhost/a?b=1 hello"));
    }

    [Test]
    public async Task CreateRequest_Json_ParsesStream()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch(req) { const data = await req.json(); return Response.json({ sum: data.a + data.b }); } }");
        var response = await t.FetchAsync("http://localhost/", "POST", """{"a":2,"b":3}""");
        Assert.That(response.BodyText, Is.EqualTo("""{"sum":5}"""));
        Assert.That(response.Header("content-type"), Is.EqualTo("application/json"));
    }

    [Test]
    public async Task CreateRequest_InvalidJsonBody_RejectsWithSyntaxError()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch(req) { try { await req.json(); return new Response('parsed'); } catch (e) { return new Response(e.name); } } }");
        var response = await t.FetchAsync("http://localhost/", "POST", "{nope");
        Assert.That(response.BodyText, Is.EqualTo("SyntaxError"));
    }

    [Test]
    public async Task CreateRequest_ReadTwice_SecondRejects()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch(req) { await req.arrayBuffer(); try { await req.text(); return new Response('twice'); } catch (e) { return new Response(e.name + ' ' + req.bodyUsed); } } }");
        var response = await t.FetchAsync("http://localhost/", "PUT", "data");
        Assert.That(response.BodyText, Is.EqualTo("TypeError true"));
    }

    [Test]
    public async Task CreateRequest_CloneOfStreamBody_BothReadable()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch(req) { const c = req.clone(); return new Response(await c.text() + '|' + await req.text()); } }");
        var response = await t.FetchAsync("http://localhost/", "POST", "twice");
        Assert.That(response.BodyText, Is.EqualTo("twice|twice"));
    }

    [Test]
    public async Task CreateRequest_NewRequestFromIncoming_CarriesStreamBody()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch(req) { const copy = new Request(req, { headers: { x: 'y' } }); return new Response(await copy.text() + copy.headers.get('x') + req.bodyUsed); } }");
        var response = await t.FetchAsync("http://localhost/", "POST", "body");
        Assert.That(response.BodyText, Is.EqualTo("bodyytrue"));
    }

    [Test]
    public async Task CreateRequest_Headers_AreReadableAndImmutable()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch(req) {
                let error = '';
                try { req.headers.set('x', '1'); } catch (e) { error = e.name; }
                return new Response(req.headers.get('X-Test') + ',' + error);
              }
            }
            """);
        var response = await t.FetchAsync("http://localhost/", "GET", null, ("X-Test", "a"), ("x-test", "b"));
        Assert.That(response.BodyText, Is.EqualTo("a, b,TypeError"));
    }

    [Test]
    public async Task CreateRequest_Get_HasNullBody()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch(req) { return new Response(String(req.body) + (await req.text()).length); } }");
        var response = await t.FetchAsync();
        Assert.That(response.BodyText, Is.EqualTo("null0"));
    }

    [Test]
    public async Task CreateRequest_InstanceOfRequest_IsTrue()
    {
        await using var t = await TestIsolate.StartAsync("export default { fetch(req) { return new Response(String(req instanceof Request)); } }");
        Assert.That((await t.FetchAsync()).BodyText, Is.EqualTo("true"));
    }

    [Test]
    public async Task CreateRequest_ServiceWorkerSyntax_TextWorks()
    {
        await using var t = await TestIsolate.StartAsync("addEventListener('fetch', e => e.respondWith(e.request.text().then(b => new Response('got ' + b))));");
        var response = await t.FetchAsync("http://localhost/", "POST", "x");
        Assert.That(response.BodyText, Is.EqualTo("got x"));
    }

    [Test]
    public async Task TryConvertResponse_StatusTextAndHeaders_AreCopiedWithSetCookieSeparate()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                const headers = [['X-B', '1'], ['Set-Cookie', 'a=1'], ['x-b', '2'], ['Set-Cookie', 'b=2']];
                return new Response('made', { status: 201, statusText: 'Created!', headers });
              }
            }
            """);
        var response = await t.FetchAsync();
        Assert.That(response.Status, Is.EqualTo(201));
        Assert.That(response.StatusText, Is.EqualTo("Created!"));
        Assert.That(response.BodyText, Is.EqualTo("made"));
        Assert.That(response.Headers, Is.EqualTo(new[]
        {
            KeyValuePair.Create("X-B", "1, 2"),
            KeyValuePair.Create("Set-Cookie", "a=1"),
            KeyValuePair.Create("Set-Cookie", "b=2"),
            KeyValuePair.Create("Content-Type", "text/plain;charset=UTF-8"),
        }));
    }

    [Test]
    public async Task TryConvertResponse_BinaryBody_IsCopiedExactly()
    {
        await using var t = await TestIsolate.StartAsync("export default { fetch() { return new Response(new Uint8Array([0, 255, 7])); } }");
        var response = await t.FetchAsync();
        Assert.That(response.Body.ToArray(), Is.EqualTo(new byte[] { 0, 255, 7 }));
        Assert.That(response.Header("content-type"), Is.Null);
    }

    [Test]
    public async Task TryConvertResponse_Redirect_HasLocation()
    {
        await using var t = await TestIsolate.StartAsync("export default { fetch() { return Response.redirect('https://example.com/next', 307); } }");
        var response = await t.FetchAsync();
        Assert.That(response.Status, Is.EqualTo(307));
        Assert.That(response.Header("location"), Is.EqualTo("https://example.com/next"));
    }

    [Test]
    public async Task TryConvertResponse_SubclassInstance_IsAccepted()
    {
        await using var t = await TestIsolate.StartAsync("class Mine extends Response {} export default { fetch() { return new Mine('sub'); } }");
        Assert.That((await t.FetchAsync()).BodyText, Is.EqualTo("sub"));
    }

    [Test]
    public async Task TryConvertResponse_NotAResponse_ReturnsFalse()
    {
        await using var t = await TestIsolate.StartAsync("export default { fetch() { return 'text'; } }");
        var response = await t.FetchAsync();
        Assert.That(response.Error, Is.Not.Null);
    }

    [Test]
    public async Task TryConvertResponse_LargeRequestBody_EchoesAllBytes()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch(req) { return new Response(await req.bytes()); } }");
        var body = new string('x', 200_000);
        var response = await t.FetchAsync(new WorkerRequest("POST", new Uri("http://localhost/")) { Body = new MemoryStream(Encoding.UTF8.GetBytes(body)) });
        Assert.That(response.Body.Length, Is.EqualTo(200_000));
    }

    // The declared Content-Length sizes the read; the stream decides what the body is.
    [TestCase(65536, 65536)]
    [TestCase(100, 65536)]
    [TestCase(200_000, 65536)]
    [TestCase(-1, 65536)]
    [TestCase(10, 0)]
    public async Task RequestBody_DeclaredLengthRightOrWrong_BodyIsWhatTheStreamHolds(long declared, int actual)
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async fetch(req) {
                const bytes = new Uint8Array(await req.arrayBuffer());
                let sum = 0;
                for (let i = 0; i < bytes.length; i += 997) sum += bytes[i];
                return new Response(bytes.length + ' ' + sum);
              }
            }
            """);
        var data = Enumerable.Range(0, actual).Select(i => (byte)(i * 31)).ToArray();
        var request = new WorkerRequest("POST", new Uri("http://localhost/")) { Body = new MemoryStream(data) };
        if (declared >= 0)
        {
            request.Headers.Add(new("content-length", declared.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var response = await t.FetchAsync(request);

        var expectedSum = Enumerable.Range(0, actual).Where(i => i % 997 == 0).Sum(i => data[i]);
        Assert.That(response.BodyText, Is.EqualTo($"{actual} {expectedSum}"));
    }

    [Test]
    public async Task RequestBody_ArrayBufferWrittenByTheScript_ChangesNoOtherCopy()
    {
        // arrayBuffer() may hand the script the body's own array; a clone's bytes and a Response
        // built from the buffer must stay as they were when the script writes into it.
        await using var t = await TestIsolate.StartAsync("""
            export default {
              async fetch(req) {
                const copy = req.clone();
                const mine = await req.arrayBuffer();
                new Uint8Array(mine).fill(33);
                const theirs = new Uint8Array(await copy.arrayBuffer());
                const own = await new Request('http://x/', { method: 'POST', body: 'abc' }).arrayBuffer();
                const sent = new Response(own);
                new Uint8Array(own).fill(34);
                return new Response(String.fromCharCode(...theirs) + ' ' + await sent.text());
              }
            }
            """);
        var request = new WorkerRequest("POST", new Uri("http://localhost/")) { Body = new MemoryStream("hello"u8.ToArray()) };
        request.Headers.Add(new("content-length", "5"));

        var response = await t.FetchAsync(request);

        Assert.That(response.BodyText, Is.EqualTo("hello abc"));
    }

    [Test]
    public async Task TryConvertResponse_ErrorResponse_EndsRequestWithError()
    {
        await using var t = await TestIsolate.StartAsync("export default { fetch() { return Response.error(); } }");
        var response = await t.FetchAsync();
        Assert.That(response.Error, Is.Not.Null);
    }

    [Test]
    public async Task TryConvertResponse_UsedBody_EndsRequestWithError()
    {
        await using var t = await TestIsolate.StartAsync("export default { async fetch() { const r = new Response('x'); await r.text(); return r; } }");
        var response = await t.FetchAsync();
        Assert.That(response.Error, Is.Not.Null);
    }
}
