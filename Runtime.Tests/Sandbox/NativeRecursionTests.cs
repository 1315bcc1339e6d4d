using Workers.Runtime.Tests.Cli;
using Workers.Runtime.Tests.Hosting;

namespace Workers.Runtime.Tests.Sandbox;

/// <summary>
/// Built-ins that call built-ins with no script frame in between (a conversion calling a
/// <c>toString</c> that is itself a built-in, nested <c>Reflect.apply</c>...) used to recurse until
/// the loop thread's stack overflowed and the process aborted. Each case runs in a real
/// <c>workers serve</c> process, so a regression fails these tests instead of ending the test run,
/// and the process must still be serving after all of them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NativeRecursionTests
{
    // name => body of a function run in a handler; what it throws (its name) or returns is the answer.
    private static readonly (string Name, string Body)[] s_cases =
    [
        ("array-join-is-tostring", "const a = []; a.join = a.toString; return String(a);"),
        ("string-method-as-tostring", "const o = {}; o.toString = String.prototype.trim; return String(o);"),
        ("string-iterator-as-tostring", "const o = {}; o.toString = String.prototype[Symbol.iterator]; return String(o);"),
        ("tolocalestring-as-tostring", "const o = {}; o.toString = Object.prototype.toLocaleString; return String(o);"),
        ("length-is-self", "const o = {}; o.length = o; o.valueOf = Array.prototype.join; return Array.prototype.join.call(o);"),
        ("error-name-is-self", "const o = {}; o.name = o; o.toString = Error.prototype.toString; return String(o);"),
        ("regexp-source-is-self", "const o = {}; o.source = o; o.toString = RegExp.prototype.toString; return String(o);"),
        ("promise-finally-then", "const p = {}; p.then = Promise.prototype.finally; return Promise.prototype.finally.call(p);"),
        ("date-tojson-toisostring", "const o = {}; o.toISOString = Date.prototype.toJSON; return o.toISOString();"),
        ("date-tojson-as-valueof", "const o = {}; o.valueOf = Date.prototype.toJSON; return Date.prototype.toJSON.call(o);"),
        ("iterator-next-toarray", "const o = {}; o.next = Iterator.prototype.toArray; return Iterator.prototype.toArray.call(o);"),
        ("nested-reflect-apply", "let a = [() => 1, undefined, []]; for (let i = 0; i < 100000; i++) a = [Reflect.apply, undefined, a]; return Reflect.apply(...a);"),
        ("nested-function-apply", "const ap = Function.prototype.apply; let x = [() => 1, []]; for (let i = 0; i < 100000; i++) x = [ap, x]; return ap.apply(ap, x);"),
        ("getter-is-tostring", "const o = {}; Object.defineProperty(o, 'source', { get: RegExp.prototype.toString }); return RegExp.prototype.toString.call(o);"),
        ("nested-arrays-join", "let a = []; for (let i = 0; i < 200000; i++) a = [a]; return String(a).length;"),
    ];

    private CliProcess? _cli;
    private Uri? _url;
    private string? _dir;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _dir = Directory.CreateTempSubdirectory("native-recursion-").FullName;
        var cases = string.Join(",\n", s_cases.Select(c => $"  '{c.Name}': () => {{ {c.Body} }}"));
        var script = Path.Combine(_dir, "worker.js");
        await File.WriteAllTextAsync(script, $$"""
            const cases = {
            {{cases}}
            };
            export default {
              async fetch(request) {
                const name = new URL(request.url).searchParams.get('case');
                if (!name) return new Response('alive');
                try {
                  const value = await cases[name]();
                  return new Response('returned ' + typeof value);
                } catch (e) {
                  return new Response('caught ' + e.name);
                }
              },
            };
            """);
        _cli = CliProcess.Start("serve", script, "--port", "0", "--cpu-ms", "10000");
        _url = await _cli.WaitForReadyAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _cli?.Dispose();
        if (_dir is not null)
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    public static IEnumerable<string> Cases => s_cases.Select(c => c.Name);

    [TestCaseSource(nameof(Cases))]
    public async Task NativeRecursion_EndsWithACatchableRangeError(string name)
    {
        var answer = await TestServer.Client.GetStringAsync(new Uri(_url!, "/?case=" + name));

        Assert.That(answer, Is.EqualTo("caught RangeError"), _cli!.Stderr);
        Assert.That(await TestServer.Client.GetStringAsync(_url!), Is.EqualTo("alive"), "the process serves on");
    }

    [Test]
    public async Task CallChainCopyingItsArguments_StopsAtTheMemoryLimitInsteadOfFillingTheMachine()
    {
        // Each level of Function.prototype.call copies the rest of its arguments and keeps the copy
        // alive on the stack: 100,000 levels held ~40 GB. No statement runs in between, so only the
        // guard's own check can stop it.
        var script = Path.Combine(_dir!, "call-chain.js");
        await File.WriteAllTextAsync(script, """
            export default { fetch() { const c = Function.prototype.call; c.call(...new Array(100000).fill(c), () => 1); return new Response('returned'); } };
            """);
        using var cli = CliProcess.Start("serve", script, "--port", "0");
        var url = await cli.WaitForReadyAsync();

        using var response = await TestServer.Client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(503), text);
        Assert.That(text, Does.Contain("Error 1102").And.Contain("memory limit"));
    }

    [Test]
    public async Task IteratorDispose_OnAPrimitive_IsACatchableTypeError()
    {
        // Jint threw a .NET ArgumentException here: an internal error that ended the request.
        var script = Path.Combine(_dir!, "dispose.js");
        await File.WriteAllTextAsync(script, """
            export default { fetch() { try { Iterator.prototype[Symbol.dispose].call(1); return new Response('returned'); } catch (e) { return new Response(e.name); } } };
            """);
        using var cli = CliProcess.Start("serve", script, "--port", "0");
        var url = await cli.WaitForReadyAsync();

        Assert.That(await TestServer.Client.GetStringAsync(url), Is.EqualTo("TypeError"));
    }
}
