using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

/// <summary>
/// Generated code nests deep (long concatenations, big literals): it must run, with the same
/// values as without the flattening that lets Jint prepare it, and what cannot run must fail to
/// load with a SyntaxError at its position, never with a .NET exception or a crash.
/// </summary>
[TestFixture]
public sealed class DeepNestingTests
{
    private static string Chain(int terms, Func<int, string> term) => string.Join(" + ", Enumerable.Range(0, terms).Select(term));

    [TestCase(300)]
    [TestCase(5_000)]
    [TestCase(30_000)]
    public async Task LongConcatenation_RunsWithTheValueAndOrderOfTheOriginal(int terms)
    {
        // Numbers then strings: left-to-right evaluation turns the first sum into a number and the
        // rest into text, and every term records the order it was evaluated in.
        var chain = Chain(terms, i => i % 7 == 3 ? $"'s{i}'" : $"t({i})");
        await using var t = await TestIsolate.StartAsync($$"""
            const order = [];
            const t = i => { order.push(i); return i; };
            export default { fetch() { const v = {{chain}}; return new Response(JSON.stringify([String(v).length, v === expected(), order.every((x, i) => i === 0 || x > order[i - 1])])); } };
            function expected() { let v; {{string.Concat(Enumerable.Range(0, terms).Select(i => i == 0 ? "v = 0;" : i % 7 == 3 ? $"v = v + 's{i}';" : $"v = v + {i};"))}} return v; }
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Does.EndWith(",true,true]"), response.BodyText[..Math.Min(300, response.BodyText.Length)]);
    }

    [Test]
    public async Task DeepChainInAMethod_KeepsThisAndArguments()
    {
        var chain = Chain(600, _ => "this.v + arguments[0]");
        await using var t = await TestIsolate.StartAsync($$"""
            const o = { v: 2, f(x) { return {{chain}}; } };
            export default { fetch() { return new Response(String(o.f(1))); } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("1800"));
    }

    [Test]
    public async Task NestedArrayLiteral_ThreeThousandDeep_Runs()
    {
        await using var t = await TestIsolate.StartAsync($$"""
            const v = {{new string('[', 3000)}}1{{new string(']', 3000)}};
            export default { fetch() { let d = 0, x = v; while (Array.isArray(x)) { x = x[0]; d++; } return new Response(d + ':' + x); } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("3000:1"));
    }

    [Test]
    public async Task ChainAtTheStartOfALine_DoesNotContinueTheStatementBefore()
    {
        // 'x' then a newline and the chain: two statements. Moving the chain into '(()=>...)()'
        // must not turn them into the call 'x(...)'.
        await using var t = await TestIsolate.StartAsync($$"""
            let x = 0;
            x
            {{Chain(400, _ => "1")}}
            export default { fetch() { return new Response(typeof x); } };
            """);

        var response = await t.FetchAsync();

        Assert.That(response.BodyText, Is.EqualTo("number"));
    }

    [Test]
    public void ElseIfChainTooDeep_FailsToLoadWithASyntaxErrorAtItsPosition()
    {
        var ifs = string.Concat(Enumerable.Range(0, 400).Select(i => $"if (a === {i}) s = {i}; else "));
        var code = "const a = 1;\nlet s = 0;\n" + ifs + "s = -1;\nexport default {};";

        var e = Assert.Throws<WorkerLoadException>(() => WorkerScript.Parse(code, "gen.js"));

        Assert.That(e!.Message, Does.StartWith("gen.js:3:").And.Contain("SyntaxError: Nesting too deep"));
        Assert.That(e.Line, Is.EqualTo(3));
    }

    [Test]
    public void LiteralNestedBeyondTheParsersStack_FailsToLoadWithASyntaxError()
    {
        var code = "export default { v: " + new string('[', 500_000) + new string(']', 500_000) + " };";

        var e = Assert.Throws<WorkerLoadException>(() => WorkerScript.Parse(code, "huge.js"));

        Assert.That(e!.Message, Does.StartWith("huge.js:").And.Contain("SyntaxError"));
    }
}
