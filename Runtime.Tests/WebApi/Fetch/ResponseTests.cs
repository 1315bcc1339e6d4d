using static Workers.Runtime.Tests.TestIsolate;

namespace Workers.Runtime.Tests.WebApi.Fetch;

[TestFixture]
public sealed class ResponseTests
{
    [Test]
    public async Task Constructor_NoArguments_HasDefaults()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const r = new Response();
            [r.type, r.url, r.redirected, r.status, r.ok, r.statusText, r.body, r.bodyUsed]
            """), Is.EqualTo("""["default","",false,200,true,"",null,false]"""));

    [Test]
    public async Task Constructor_Init_SetsStatusStatusTextAndHeaders()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const r = new Response('x', { status: 404, statusText: 'Not Found', headers: [['X-A', '1']] });
            [r.status, r.ok, r.statusText, r.headers.get('x-a'), r.headers.get('content-type')]
            """), Is.EqualTo("""[404,false,"Not Found","1","text/plain;charset=UTF-8"]"""));

    [TestCase(199)]
    [TestCase(600)]
    [TestCase(0)]
    public async Task Constructor_StatusOutOfRange_ThrowsRangeError(int status)
        => Assert.That(await ErrorInFreshIsolateAsync($"new Response(null, {{ status: {status} }})"), Does.StartWith("RangeError: Failed to construct 'Response'"));

    [TestCase("bad\\ntext")]
    [TestCase("\\u0001")]
    public async Task Constructor_InvalidStatusText_ThrowsTypeError(string text)
        => Assert.That(await ErrorInFreshIsolateAsync($"new Response(null, {{ statusText: '{text}' }})"), Is.EqualTo("TypeError: Failed to construct 'Response': Invalid statusText"));

    [TestCase(204)]
    [TestCase(205)]
    [TestCase(304)]
    public async Task Constructor_NullBodyStatusWithBody_ThrowsTypeError(int status)
        => Assert.That(await ErrorInFreshIsolateAsync($"new Response('x', {{ status: {status} }})"), Does.StartWith("TypeError: Failed to construct 'Response'"));

    [Test]
    public async Task Constructor_NullBodyStatusWithoutBody_Succeeds()
        => Assert.That(await EvalInFreshIsolateAsync("new Response(null, { status: 204 }).status"), Is.EqualTo("204"));

    [Test]
    public async Task Constructor_InitNotObject_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Response('x', 5)"), Does.StartWith("TypeError: Failed to construct 'Response'"));

    [Test]
    public async Task Constructor_WithoutNew_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("Response('x')"), Does.StartWith("TypeError"));

    [Test]
    public async Task Headers_OfConstructedResponse_AreMutable()
        => Assert.That(await EvalInFreshIsolateAsync("const r = new Response(); r.headers.append('a', '1'); r.headers.get('a')"), Is.EqualTo("1"));

    [Test]
    public async Task Body_WithBody_ThrowsNotSupported()
        => Assert.That(await ErrorInFreshIsolateAsync("new Response('x').body"), Is.EqualTo("Error: ReadableStream (Response.body) is not supported by this runtime yet."));

    [Test]
    public async Task Text_Utf8WithBom_DropsBom()
        => Assert.That(await EvalInFreshIsolateAsync("new Response(new Uint8Array([0xEF, 0xBB, 0xBF, 0x68, 0x69])).text()"), Is.EqualTo("hi"));

    [Test]
    public async Task Bytes_Body_ReturnsUint8Array()
        => Assert.That(await EvalInFreshIsolateAsync("new Response('ab').bytes().then(b => [b instanceof Uint8Array, b.length, b[1]])"), Is.EqualTo("[true,2,98]"));

    [Test]
    public async Task Json_ReadTwice_RejectsWithTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("""
            (async () => {
              const r = new Response('1');
              await r.json();
              await r.json();
            })()
            """), Does.StartWith("TypeError: Body has already been used"));

    [Test]
    public async Task BodyMethods_ReturnPromises()
        => Assert.That(await EvalInFreshIsolateAsync("const r = new Response('x'); [r.clone().text(), r.clone().json().catch(() => 0), r.clone().arrayBuffer(), r.bytes()].every(p => p instanceof Promise)"), Is.EqualTo("true"));

    [Test]
    public async Task Clone_UsedBody_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("(async () => { const r = new Response('x'); await r.text(); r.clone(); })()"), Is.EqualTo("TypeError: Failed to execute 'clone' on 'Response': Response body is already used"));

    [Test]
    public async Task Clone_Unused_CopiesStatusHeadersAndBody()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const r = new Response('body', { status: 201, statusText: 'Made', headers: { a: '1' } });
              const c = r.clone();
              return [c.status, c.statusText, c.headers.get('a'), await c.text(), await r.text()];
            })()
            """), Is.EqualTo("""[201,"Made","1","body","body"]"""));

    [Test]
    public async Task Json_Static_SetsContentTypeAndSerializes()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const r = Response.json({ a: 1 }, { status: 202 });
              return [r.status, r.headers.get('content-type'), await r.text()];
            })()
            """), Is.EqualTo("""[202,"application/json","{\"a\":1}"]"""));

    [Test]
    public async Task Json_Static_KeepsGivenContentType()
        => Assert.That(await EvalInFreshIsolateAsync("Response.json(1, { headers: { 'content-type': 'application/x' } }).headers.get('content-type')"), Is.EqualTo("application/x"));

    [Test]
    public async Task Json_StaticUndefined_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("Response.json(undefined)"), Is.EqualTo("TypeError: Failed to execute 'json' on 'Response': The data is not JSON serializable"));

    [Test]
    public async Task Json_StaticCyclic_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("const o = {}; o.o = o; Response.json(o)"), Does.StartWith("TypeError"));

    [Test]
    public async Task Redirect_Default_Is302WithLocationAndImmutableHeaders()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const r = Response.redirect('http://a.com');
            let error = '';
            try { r.headers.set('x', '1'); } catch (e) { error = e.name; }
            [r.status, r.headers.get('location'), error, r.body]
            """), Is.EqualTo("""[302,"http://a.com/","TypeError",null]"""));

    [TestCase(301)]
    [TestCase(303)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task Redirect_RedirectStatus_IsUsed(int status)
        => Assert.That(await EvalInFreshIsolateAsync($"Response.redirect('https://b.org/x?y', {status}).status"), Is.EqualTo(status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [TestCase(200)]
    [TestCase(304)]
    public async Task Redirect_OtherStatus_ThrowsRangeError(int status)
        => Assert.That(await ErrorInFreshIsolateAsync($"Response.redirect('http://a.com', {status})"), Is.EqualTo("RangeError: Failed to execute 'redirect' on 'Response': Invalid status code"));

    [Test]
    public async Task Redirect_InvalidUrl_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("Response.redirect('/relative')"), Is.EqualTo("TypeError: Failed to execute 'redirect' on 'Response': Invalid URL"));

    [Test]
    public async Task Error_Static_IsErrorTypeWithImmutableHeaders()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const r = Response.error();
            let message = '';
            try { r.headers.append('a', 'b'); } catch (e) { message = e.message; }
            [r.type, r.status, r.ok, message]
            """), Is.EqualTo("""["error",0,false,"Failed to execute 'append' on 'Headers': Can't modify immutable headers."]"""));

    [Test]
    public async Task Subclass_Instance_HasResponseBehaviour()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              class Mine extends Response { constructor(text) { super(text.toUpperCase(), { status: 201 }); } }
              const m = new Mine('hi');
              return [m instanceof Mine, m instanceof Response, m.status, await m.text()];
            })()
            """), Is.EqualTo("""[true,true,201,"HI"]"""));

    [Test]
    public async Task ToString_Instance_IsObjectResponse()
        => Assert.That(await EvalInFreshIsolateAsync("Object.prototype.toString.call(new Response())"), Is.EqualTo("[object Response]"));

    [Test]
    public async Task Getter_OnWrongObject_ThrowsIllegalInvocation()
        => Assert.That(await ErrorInFreshIsolateAsync("Object.getOwnPropertyDescriptor(Response.prototype, 'status').get.call(new Request('http://a.com'))"), Is.EqualTo("TypeError: Illegal invocation"));
}
