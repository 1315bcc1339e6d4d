using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;
using Workers.Runtime.Tests.WebApi.Console;

namespace Workers.Runtime.Tests.Sandbox;

/// <summary>No .NET type, method or detail reaches a script or a client.</summary>
[TestFixture]
public sealed class SandboxTests
{
    private static readonly string[] s_leaks = ["System.", "Jint.", "Acornima", "Workers.Runtime", "   at Workers.", "Microsoft."];

    private static void AssertNoLeak(string text)
    {
        foreach (var leak in s_leaks)
        {
            Assert.That(text, Does.Not.Contain(leak));
        }
    }

    [TestCase("System")]
    [TestCase("importNamespace")]
    [TestCase("clrHelper")]
    [TestCase("require")]
    [TestCase("process")]
    [TestCase("module")]
    [TestCase("exports")]
    [TestCase("host")]
    [TestCase("Jint")]
    [TestCase("Workers")]
    [TestCase("load")]
    [TestCase("print")]
    public async Task Global_ClrOrNodeEntryPoint_IsUndefined(string name)
    {
        await using var t = await TestIsolate.StartAsync();

        Assert.That(await t.EvalAsync($"typeof {name}"), Is.EqualTo("undefined"));
    }

    [TestCase("eval('1')")]
    [TestCase("(0, eval)('1')")]
    [TestCase("globalThis.eval('1')")]
    [TestCase("new Function('return 1')()")]
    [TestCase("Function('return 1')()")]
    [TestCase("(function () {}).constructor('return 1')()")]
    [TestCase("(async function () {}).constructor('return 1')")]
    [TestCase("(function* () {}).constructor('yield 1')")]
    [TestCase("(async function* () {}).constructor('yield 1')")]
    [TestCase("(() => {}).constructor.call(null, 'return 1')()")]
    [TestCase("Reflect.construct(Function, ['return 1'])()")]
    public async Task StringCompilation_AnyRoute_Throws(string code)
    {
        await using var t = await TestIsolate.StartAsync();

        var result = await t.EvalAsync($"try {{ {code}; 'compiled' }} catch (e) {{ 'threw ' + e.name }}");

        Assert.That(result, Does.StartWith("threw "));
    }

    [Test]
    public async Task StringCompilation_InHandler_ErrorPageShowsNoDotNet()
    {
        await using var t = await TestIsolate.StartAsync("export default { fetch() { return new Response(String(eval('1 + 1'))); } };");

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        AssertNoLeak(response.BodyText);
    }

    /// <summary>
    /// Walks every object reachable from the roots through own properties (values and accessor
    /// functions, without calling getters), prototypes and constructors, and reports anything
    /// that looks like .NET: a CLR member name, a .NET type name in a class string or a function's
    /// source text, or a capitalised own property where Web APIs have none.
    /// </summary>
    private const string Walker = """
        function walk(roots, allowCapitalised) {
          const clrNames = ['GetType', 'Assembly', 'ToString', 'Equals', 'GetHashCode', 'ReferenceEquals', 'MemberwiseClone', 'Finalize', 'Invoke', 'DynamicInvoke', 'Target', 'Method'];
          const suspicious = /System\.|Jint\.|Workers\.|Microsoft\.|Acornima|CLR|clr/;
          const seen = new Set();
          const bad = [];
          const queue = Object.entries(roots);
          while (queue.length > 0) {
            const [path, value] = queue.shift();
            if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
            seen.add(value);
            for (const name of clrNames) {
              if (name in value) bad.push(path + ' has ' + name);
            }
            const tag = Object.prototype.toString.call(value);
            if (suspicious.test(tag)) bad.push(path + ' is ' + tag);
            if (typeof value === 'function') {
              const source = Function.prototype.toString.call(value);
              if (suspicious.test(source)) bad.push(path + ' source ' + source);
            }
            for (const key of Reflect.ownKeys(value)) {
              const name = String(key);
              if (typeof key === 'string' && /^[A-Z]/.test(name) && !allowCapitalised(path)) bad.push(path + '.' + name);
              if (suspicious.test(name)) bad.push(path + ' key ' + name);
              const d = Reflect.getOwnPropertyDescriptor(value, key);
              queue.push([path + '.' + name, d.value], [path + '.get ' + name, d.get], [path + '.set ' + name, d.set]);
            }
            queue.push([path + '.__proto__', Reflect.getPrototypeOf(value)]);
          }
          return { bad, count: seen.size };
        }
        """;

    [Test]
    public async Task Walk_FromEveryGlobalWeAdd_FindsNoClrSurface()
    {
        await using var t = await TestIsolate.StartAsync(Walker + """
            export default {
              async fetch(request, env, ctx) {
                const response = new Response('x', { headers: { a: 'b' } });
                const roots = {
                  console, setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask,
                  addEventListener, removeEventListener, Headers, Request, Response,
                  request, headers: request.headers, env, ctx, props: ctx.props, response,
                  responseHeaders: response.headers, iterator: request.headers.entries(),
                  constructed: new Request('http://example.com/', { method: 'POST', body: 'b' }),
                  bodyPromise: new Response('y').text(),
                };
                // env holds the user's names; intrinsic constructors are capitalised by design; nothing we add is.
                const result = walk(roots, path => path === 'env' || (/\.(constructor|__proto__)(\.|$)/.test(path) && /Object|Function/.test(path)));
                return new Response(JSON.stringify(result));
              },
            };
            """, vars: new Dictionary<string, string> { ["API_KEY"] = "secret" });

        var response = await t.FetchAsync("http://example.com/", headers: ("x-test", "1"));

        Assert.That(response.Status, Is.EqualTo(200), response.BodyText);
        Assert.That(response.BodyText, Does.StartWith("{\"bad\":[],"));
    }

    [Test]
    public async Task Walk_FromServiceWorkerEventAndGlobal_FindsNoClrSurface()
    {
        await using var t = await TestIsolate.StartAsync(Walker + """
            addEventListener('fetch', event => {
              const result = walk({ event, global: globalThis }, () => true);
              event.respondWith(new Response(JSON.stringify(result)));
            });
            """);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(200), response.BodyText);
        Assert.That(response.BodyText, Does.StartWith("{\"bad\":[],"));
    }

    [TestCase("Object.getOwnPropertyNames(console).sort()", "[\"debug\",\"error\",\"info\",\"log\",\"trace\",\"warn\"]")]
    [TestCase("Object.getOwnPropertyNames(setTimeout).sort()", "[\"length\",\"name\"]")]
    [TestCase("Object.getOwnPropertyNames(console.log).sort()", "[\"length\",\"name\"]")]
    [TestCase("Object.getOwnPropertyNames(Headers).sort()", "[\"length\",\"name\",\"prototype\"]")]
    [TestCase("Object.getOwnPropertyNames(Response).sort()", "[\"error\",\"json\",\"length\",\"name\",\"prototype\",\"redirect\"]")]
    [TestCase("Object.getOwnPropertyNames(new Response('x'))", "[]")]
    [TestCase("Object.getOwnPropertyNames(new Headers())", "[]")]
    [TestCase("Object.getOwnPropertyNames(new Request('http://x/'))", "[]")]
    [TestCase("Object.getPrototypeOf(console) === Object.prototype", "true")]
    [TestCase("Object.getPrototypeOf(setTimeout) === Function.prototype", "true")]
    [TestCase("Object.getPrototypeOf(Headers.prototype) === Object.prototype", "true")]
    [TestCase("String(setTimeout)", "function setTimeout() { [native code] }")]
    [TestCase("Object.prototype.toString.call(new Headers())", "[object Headers]")]
    public async Task OwnNames_OfObjectsWeAdd_AreOnlyJsNames(string expression, string expected)
    {
        await using var t = await TestIsolate.StartAsync();

        Assert.That(await t.EvalAsync(expression), Is.EqualTo(expected));
    }

    [Test]
    public async Task OwnNames_OfCtxEnvRequestAndEvent_AreOnlyJsNames()
    {
        await using var module = await TestIsolate.StartAsync("""
            export default {
              fetch(request, env, ctx) {
                return new Response(JSON.stringify([
                  Object.getOwnPropertyNames(ctx).sort(),
                  Object.getOwnPropertyNames(Object.getPrototypeOf(ctx)).sort(),
                  Object.getOwnPropertyNames(env).sort(),
                  Object.getOwnPropertyNames(request),
                  Object.getOwnPropertyNames(request.headers),
                ]));
              },
            };
            """, vars: new Dictionary<string, string> { ["NAME"] = "value" });
        await using var serviceWorker = await TestIsolate.StartAsync("""
            addEventListener('fetch', event => event.respondWith(new Response(JSON.stringify([
              Object.getOwnPropertyNames(event).sort(),
              Object.getOwnPropertyNames(Object.getPrototypeOf(event)).sort(),
            ]))));
            """);

        var ctx = await module.FetchAsync();
        var evt = await serviceWorker.FetchAsync();

        Assert.That(ctx.BodyText, Is.EqualTo("[[\"props\"],[\"passThroughOnException\",\"waitUntil\"],[\"NAME\"],[],[]]"));
        Assert.That(evt.BodyText, Is.EqualTo("[[],[\"passThroughOnException\",\"request\",\"respondWith\",\"type\",\"waitUntil\"]]"));
    }

    [Test]
    public async Task Console_LoggingEveryGlobalWeAdd_PrintsNoDotNetNames()
    {
        var log = new CapturingLogger();
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch(request, env, ctx) {
                console.log(console, setTimeout, Headers, Request, Response, request, request.headers, env, ctx, new Response('x'), Headers.prototype);
                return new Response('ok');
              },
            };
            """, logger: log);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("ok"));
        Assert.That(log.Entries, Is.Not.Empty);
        foreach (var entry in log.Entries)
        {
            AssertNoLeak(entry.Message);
        }
    }

    // Each statement makes the runtime produce an error page; none may show .NET details.
    [TestCase("throw new Error('plain');")]
    [TestCase("null.property;")]
    [TestCase("undefinedFunction();")]
    [TestCase("JSON.parse('{bad');")]
    [TestCase("new Headers([['bad name', 'v']]);")]
    [TestCase("new Response('x', { status: 1000 });")]
    [TestCase("new Request('not a url');")]
    [TestCase("Response.prototype.text.call({});")]
    [TestCase("new Uint8Array(-1);")]
    [TestCase("'x'.repeat(-1);")]
    [TestCase("new Array(-1);")]
    [TestCase("BigInt(1.5);")]
    [TestCase("Symbol() + '';")]
    [TestCase("structuredClone({});")]
    [TestCase("new Proxy({}, { get() { throw new TypeError('trap'); } }).x;")]
    [TestCase("return Response.error();")]
    [TestCase("const r = new Response('x'); await r.text(); return r;")]
    [TestCase("return new Response(new ReadableStream());")]
    [TestCase("return new Promise(() => {});")]
    [TestCase("return 'not a response';")]
    [TestCase("new RegExp('(?<n>a)\\\\k<m>');")]
    [TestCase("new RegExp('[');")]
    [TestCase("await new Request('http://x/', { method: 'POST', body: 'x' }).json();")]
    [TestCase("Object.defineProperty(Object.freeze({}), 'x', { value: 1 });")]
    [TestCase("new Headers({ get a() { throw 'raw'; } });")]
    public async Task ErrorPage_ForScriptErrors_ShowsNoDotNetDetails(string statement)
    {
        await using var t = await TestIsolate.StartAsync($$"""
            export default { async fetch() { {{statement}} } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(500));
        Assert.That(response.BodyText, Does.StartWith("Error 1101"));
        AssertNoLeak(response.BodyText);
    }

    [TestCase("while (true) {}")]
    [TestCase("const a = []; while (true) a.push({});")]
    [TestCase("const f = () => f(); f();")]
    [TestCase("/^(\\w+\\s?)*$/.test('a'.repeat(40) + '!');")]
    public async Task ErrorPage_ForLimitBreaches_ShowsNoDotNetDetails(string statement)
    {
        await using var t = await TestIsolate.StartAsync($$"""
            export default { fetch() { {{statement}} } };
            """, new IsolateLimits { CpuTimeMs = 100, MemoryBytes = 4 * 1024 * 1024, RegexTimeout = TimeSpan.FromMilliseconds(100) });

        var response = await t.FetchAsync();

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(response.BodyText, Does.StartWith("Error 1102"));
        AssertNoLeak(response.BodyText);
    }

    [Test]
    public async Task ErrorStack_SeenByScript_HasOnlyJsFrames()
    {
        await using var t = await TestIsolate.StartAsync("""
            export default {
              fetch() {
                const stacks = [];
                for (const f of [() => null.x, () => new Headers([['bad name', '']]), () => [1].map(() => { throw new Error('in map'); }), () => setTimeout(1)]) {
                  try { f(); } catch (e) { stacks.push(String(e.stack)); }
                }
                return new Response(stacks.join('\n---\n'));
              },
            };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Does.Contain("worker.js:"));
        AssertNoLeak(response.BodyText);
    }
}
