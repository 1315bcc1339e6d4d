using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Workers.Runtime.WebApi.Dom;

namespace Workers.Runtime.Tests.WebApi.Dom;

[TestFixture]
public sealed class DomExceptionsTests
{
    [Test]
    public async Task Throw_FromHostFunction_ScriptCatchesDomException()
    {
        await using var test = await TestIsolate.StartAsync();
        var result = await test.Isolate.InvokeAsync(() =>
        {
            var engine = test.Isolate.Engine;
            engine.SetValue("hostFails", new ClrFunction(engine, "hostFails", (_, _) => throw DomExceptions.Throw(engine, "The operation was aborted.", "AbortError")));
            return engine.Evaluate("""
                try { hostFails(); 'no error'; }
                catch (e) { [e instanceof DOMException, e instanceof Error, e.name, e.message, e.code, String(e)].join('|'); }
                """).AsString();
        });

        Assert.That(result, Is.EqualTo("true|true|AbortError|The operation was aborted.|20|AbortError: The operation was aborted."));
    }

    [Test]
    public async Task Throw_Uncaught_ExceptionCarriesTheObject()
    {
        await using var test = await TestIsolate.StartAsync();
        var (name, message) = await test.Isolate.InvokeAsync(() =>
        {
            var exception = DomExceptions.Throw(test.Isolate.Engine, "bad", "DataCloneError");
            return (exception.Error.Get("name").AsString(), exception.Message);
        });

        Assert.That(name, Is.EqualTo("DataCloneError"));
        Assert.That(message, Is.EqualTo("bad"));
    }

    [Test]
    public async Task Create_AfterScriptReplacesGlobal_UsesInstalledConstructor()
    {
        await using var test = await TestIsolate.StartAsync();
        await test.EvalAsync("globalThis.Original = DOMException; globalThis.DOMException = class Fake {}; 0");
        var result = await test.Isolate.InvokeAsync(() =>
        {
            var engine = test.Isolate.Engine;
            engine.SetValue("made", DomExceptions.Create(engine, "m", "SyntaxError"));
            return engine.Evaluate("made instanceof Original && !(made instanceof DOMException) && made.code === 12").AsBoolean();
        });

        Assert.That(result, Is.True);
    }

    [Test]
    public void Create_EngineWithoutDomModule_ThrowsInvalidOperation()
        => Assert.Throws<InvalidOperationException>(() => DomExceptions.Create(new Engine(), "m", "AbortError"));

    [Test]
    public async Task Constructor_Uncaught_DescribedWithNameAndMessage()
        => Assert.That(await TestIsolate.ErrorInFreshIsolateAsync("throw new DOMException('gone', 'NotFoundError')"), Is.EqualTo("NotFoundError: gone"));
}
