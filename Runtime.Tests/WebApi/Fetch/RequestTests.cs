using static Workers.Runtime.Tests.TestIsolate;

namespace Workers.Runtime.Tests.WebApi.Fetch;

[TestFixture]
public sealed class RequestTests
{
    [Test]
    public async Task Constructor_UrlOnly_HasDefaults()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const r = new Request('http://a.com');
            [r.method, r.url, r.redirect, r.signal, r.body, r.bodyUsed, [...r.headers].length]
            """), Is.EqualTo("""["GET","http://a.com/","follow",null,null,false,0]"""));

    [Test]
    public async Task Constructor_RelativeUrl_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Request('/path')"), Is.EqualTo("TypeError: Failed to construct 'Request': Invalid URL"));

    [Test]
    public async Task Constructor_GarbageUrl_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Request('not a url')"), Is.EqualTo("TypeError: Failed to construct 'Request': Invalid URL"));

    [Test]
    public async Task Constructor_UrlWithCredentials_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Request('http://user:pw@a.com/')"), Does.StartWith("TypeError: Failed to construct 'Request'"));

    [Test]
    public async Task Constructor_NoArguments_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Request()"), Does.StartWith("TypeError: Failed to construct 'Request': 1 argument required"));

    [TestCase("get", "GET")]
    [TestCase("pOsT", "POST")]
    [TestCase("delete", "DELETE")]
    [TestCase("patch", "PATCH")]
    [TestCase("options", "OPTIONS")]
    [TestCase("Custom", "Custom")]
    public async Task Constructor_Method_NormalizesOnlyStandardMethods(string method, string expected)
        => Assert.That(await EvalInFreshIsolateAsync($"new Request('http://a.com', {{ method: '{method}' }}).method"), Is.EqualTo(expected));

    [TestCase("CONNECT")]
    [TestCase("trace")]
    [TestCase("TRACK")]
    [TestCase("bad method")]
    [TestCase("")]
    public async Task Constructor_ForbiddenOrInvalidMethod_ThrowsTypeError(string method)
        => Assert.That(await ErrorInFreshIsolateAsync($"new Request('http://a.com', {{ method: '{method}' }})"), Does.StartWith("TypeError: Failed to construct 'Request'"));

    [TestCase("GET")]
    [TestCase("HEAD")]
    public async Task Constructor_BodyWithGetOrHead_ThrowsTypeError(string method)
        => Assert.That(await ErrorInFreshIsolateAsync($"new Request('http://a.com', {{ method: '{method}', body: 'x' }})"), Does.StartWith("TypeError: Failed to construct 'Request'"));

    [Test]
    public async Task Constructor_StringBody_IsUtf8WithTextContentType()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const r = new Request('http://a.com', { method: 'POST', body: 'héllo' });
              const bytes = await r.clone().bytes();
              return [r.headers.get('content-type'), bytes.length, await r.text()];
            })()
            """), Is.EqualTo("""["text/plain;charset=UTF-8",6,"héllo"]"""));

    [Test]
    public async Task Constructor_StringBodyWithContentType_KeepsGivenContentType()
        => Assert.That(await EvalInFreshIsolateAsync("new Request('http://a.com', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }).headers.get('content-type')"), Is.EqualTo("application/json"));

    [Test]
    public async Task Constructor_Uint8ArrayBody_HasNoContentType()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const r = new Request('http://a.com', { method: 'PUT', body: new Uint8Array([104, 105]) });
              return [r.headers.get('content-type'), await r.text()];
            })()
            """), Is.EqualTo("""[null,"hi"]"""));

    [Test]
    public async Task Constructor_DataViewAndSubarrayBodies_UseOnlyTheViewedBytes()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const all = new Uint8Array([97, 98, 99, 100, 101]);
              const a = await new Request('http://a.com', { method: 'POST', body: new DataView(all.buffer, 1, 2) }).text();
              const b = await new Request('http://a.com', { method: 'POST', body: all.subarray(2, 5) }).text();
              const c = await new Request('http://a.com', { method: 'POST', body: new Uint16Array([0x6968]) }).text();
              return a + b + c;
            })()
            """), Is.EqualTo("bccdehi"));

    [Test]
    public async Task Constructor_ArrayBufferBody_IsCopied()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const buffer = new Uint8Array([65, 66]).buffer;
              const r = new Request('http://a.com', { method: 'POST', body: buffer });
              new Uint8Array(buffer)[0] = 90;
              return await r.text();
            })()
            """), Is.EqualTo("AB"));

    [Test]
    public async Task Constructor_FromRequest_CopiesAndOverrides()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const a = new Request('http://a.com/x', { method: 'POST', headers: { x: '1' }, redirect: 'manual' });
            const b = new Request(a, { headers: { y: '2' } });
            [b.url, b.method, b.redirect, b.headers.get('x'), b.headers.get('y')]
            """), Is.EqualTo("""["http://a.com/x","POST","manual",null,"2"]"""));

    [Test]
    public async Task Constructor_FromRequestWithBody_TakesBodyAndMarksInputUsed()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const a = new Request('http://a.com', { method: 'POST', body: 'data' });
              const b = new Request(a);
              return [a.bodyUsed, await b.text()];
            })()
            """), Is.EqualTo("""[true,"data"]"""));

    [Test]
    public async Task Constructor_FromUsedRequest_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("""
            (async () => {
              const a = new Request('http://a.com', { method: 'POST', body: 'data' });
              await a.text();
              return new Request(a);
            })()
            """), Does.StartWith("TypeError: Failed to construct 'Request'"));

    [Test]
    public async Task Constructor_InvalidRedirect_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Request('http://a.com', { redirect: 'sometimes' })"), Does.StartWith("TypeError: Failed to construct 'Request'"));

    [Test]
    public async Task Constructor_SignalAndCf_AreAccepted()
        => Assert.That(await EvalInFreshIsolateAsync("new Request('http://a.com', { signal: null, cf: { cacheTtl: 5 } }).url"), Is.EqualTo("http://a.com/"));

    [Test]
    public async Task Headers_OfConstructedRequest_AreMutableAndSameObject()
        => Assert.That(await EvalInFreshIsolateAsync("const r = new Request('http://a.com'); r.headers.set('a', '1'); [r.headers === r.headers, r.headers.get('a')]"), Is.EqualTo("""[true,"1"]"""));

    [Test]
    public async Task Body_WithBody_ThrowsNotSupported()
        => Assert.That(await ErrorInFreshIsolateAsync("new Request('http://a.com', { method: 'POST', body: 'x' }).body"), Is.EqualTo("Error: ReadableStream (Request.body) is not supported by this runtime yet."));

    [Test]
    public async Task Json_ValidBody_ParsesAndMarksUsed()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const r = new Request('http://a.com', { method: 'POST', body: '{"a":[1,2]}' });
              const value = await r.json();
              return [value.a[1], r.bodyUsed];
            })()
            """), Is.EqualTo("[2,true]"));

    [Test]
    public async Task Json_InvalidBody_RejectsWithSyntaxError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Request('http://a.com', { method: 'POST', body: '{bad' }).json()"), Does.StartWith("SyntaxError"));

    [Test]
    public async Task Text_ReadTwice_RejectsWithTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("""
            (async () => {
              const r = new Request('http://a.com', { method: 'POST', body: 'x' });
              await r.text();
              return await r.text();
            })()
            """), Does.StartWith("TypeError: Body has already been used"));

    [Test]
    public async Task ArrayBuffer_Body_ReturnsArrayBuffer()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const b = await new Request('http://a.com', { method: 'POST', body: 'abc' }).arrayBuffer();
              return [b instanceof ArrayBuffer, b.byteLength, new Uint8Array(b)[2]];
            })()
            """), Is.EqualTo("[true,3,99]"));

    [Test]
    public async Task Text_NoBody_ResolvesEmptyString()
        => Assert.That(await EvalInFreshIsolateAsync("new Request('http://a.com').text().then(t => '[' + t + ']')"), Is.EqualTo("[]"));

    [Test]
    public async Task Text_CalledOnOtherObject_RejectsWithIllegalInvocation()
        => Assert.That(await ErrorInFreshIsolateAsync("Request.prototype.text.call({})"), Is.EqualTo("TypeError: Illegal invocation"));

    [Test]
    public async Task Clone_UnusedBody_BothCopiesReadable()
        => Assert.That(await EvalInFreshIsolateAsync("""
            (async () => {
              const a = new Request('http://a.com', { method: 'POST', body: 'x', headers: { h: '1' } });
              const b = a.clone();
              b.headers.set('h', '2');
              return [await a.text(), await b.text(), a.headers.get('h'), b instanceof Request];
            })()
            """), Is.EqualTo("""["x","x","1",true]"""));

    [Test]
    public async Task Clone_UsedBody_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("""
            (async () => {
              const a = new Request('http://a.com', { method: 'POST', body: 'x' });
              await a.text();
              a.clone();
            })()
            """), Is.EqualTo("TypeError: Failed to execute 'clone' on 'Request': Request body is already used"));

    [Test]
    public async Task Subclass_Instance_IsRequestWithSubclassPrototype()
        => Assert.That(await EvalInFreshIsolateAsync("""
            class Mine extends Request { get tag() { return 'mine:' + this.method; } }
            const m = new Mine('http://a.com', { method: 'PUT' });
            [m instanceof Mine, m instanceof Request, m.tag, Object.prototype.toString.call(m)]
            """), Is.EqualTo("""[true,true,"mine:PUT","[object Request]"]"""));

    [Test]
    public async Task Getter_OnWrongObject_ThrowsIllegalInvocation()
        => Assert.That(await ErrorInFreshIsolateAsync("Object.getOwnPropertyDescriptor(Request.prototype, 'url').get.call(new Headers())"), Is.EqualTo("TypeError: Illegal invocation"));
}
