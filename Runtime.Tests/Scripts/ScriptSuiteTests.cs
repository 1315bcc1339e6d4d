namespace Workers.Runtime.Tests.Scripts;

/// <summary>
/// Runs the spec-style JavaScript suites in <c>Scripts/*.test.js</c>, one NUnit case per file,
/// the way workerd pairs <c>api/tests/*-test.js</c> with its test runner. A suite calls
/// <c>test(name, fn)</c> (fn may be async) and the assertion helpers below; every failing test
/// of a file is listed in the case's failure message.
/// </summary>
[TestFixture]
public sealed class ScriptSuiteTests
{
    private const string Harness = """
        globalThis.__tests = [];
        globalThis.test = (name, fn) => { __tests.push({ name, fn }); };
        globalThis.assert = (condition, message) => { if (!condition) throw new Error('assertion failed: ' + (message ?? '')); };
        globalThis.assertEquals = (actual, expected, message) => {
          const a = JSON.stringify(actual), e = JSON.stringify(expected);
          if (a !== e) throw new Error(`expected ${e} but got ${a}` + (message ? ' (' + message + ')' : ''));
        };
        globalThis.assertThrows = (fn, type, message) => {
          try { fn(); } catch (e) {
            if (type && !(e instanceof type)) throw new Error(`expected ${type.name} but got ${e && e.name}: ${e && e.message}`);
            return e;
          }
          throw new Error('expected an exception' + (message ? ' (' + message + ')' : ''));
        };
        globalThis.assertRejects = async (promise, type) => {
          try { await promise; } catch (e) {
            if (type && !(e instanceof type)) throw new Error(`expected ${type.name} but got ${e && e.name}: ${e && e.message}`);
            return e;
          }
          throw new Error('expected a rejection');
        };
        globalThis.__runTests = async () => {
          const failures = [];
          for (const { name, fn } of __tests) {
            try { await fn(); } catch (e) { failures.push(name + ': ' + (e && e.message)); }
          }
          return JSON.stringify({ count: __tests.length, failures });
        };
        """;

    private static IEnumerable<TestCaseData> Suites()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Scripts");
        foreach (var file in Directory.EnumerateFiles(dir, "*.test.js").Order(StringComparer.Ordinal))
        {
            yield return new TestCaseData(file).SetName("Suite_" + Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(file)));
        }
    }

    [TestCaseSource(nameof(Suites))]
    public async Task Suite_AllTestsPass(string file)
    {
        await using var isolate = await TestIsolate.StartAsync();
        await isolate.EvalAsync(Harness);
        await isolate.EvalAsync(await File.ReadAllTextAsync(file));
        var result = await isolate.EvalAsync("__runTests()");
        var parsed = System.Text.Json.JsonDocument.Parse(result).RootElement;
        var failures = parsed.GetProperty("failures").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.That(parsed.GetProperty("count").GetInt32(), Is.GreaterThan(0), "the suite defines no tests");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }
}
