using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

[TestFixture]
public sealed class WorkerScriptTests
{
    [TestCase("export default { fetch() {} };")]
    [TestCase("const handler = { fetch() {} };\nexport { handler as default };")]
    [TestCase("import { x } from './other.js';\nexport default {};")]
    public void Parse_ImportOrExport_IsModule(string code)
        => Assert.That(WorkerScript.Parse(code).Syntax, Is.EqualTo(WorkerSyntax.Module));

    [TestCase("addEventListener('fetch', e => e.respondWith(new Response('x')));")]
    [TestCase("var exported = 'export default {}';\naddEventListener('fetch', () => {});")]
    [TestCase("with (Math) { addEventListener('fetch', () => {}); }")]
    public void Parse_NoImportOrExport_IsServiceWorker(string code)
        => Assert.That(WorkerScript.Parse(code).Syntax, Is.EqualTo(WorkerSyntax.ServiceWorker));

    [Test]
    public void Parse_SyntaxErrorInModule_NamesFileLineAndColumn()
    {
        const string line2 = "  fetch() { return 1 +; },";
        var code = "export default {\n" + line2 + "\n};";

        var e = Assert.Throws<WorkerLoadException>(() => WorkerScript.Parse(code, "app.js"));

        var column = line2.IndexOf(';', StringComparison.Ordinal) + 1;
        Assert.That(e!.File, Is.EqualTo("app.js"));
        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Column, Is.EqualTo(column));
        Assert.That(e.Message, Does.StartWith($"app.js:2:{column}: SyntaxError:"));
    }

    [Test]
    public void Parse_SyntaxErrorOnFirstColumn_IsOneBased()
    {
        var e = Assert.Throws<WorkerLoadException>(() => WorkerScript.Parse("addEventListener('fetch', () => {});\n)"));

        Assert.That((e!.Line, e.Column), Is.EqualTo((2, 1)));
        Assert.That(e.Message, Does.StartWith("worker.js:2:1: SyntaxError:"));
    }

    [Test]
    public void Parse_ModuleWithTypoAfterImport_ReportsTheTypoNotTheImport()
    {
        const string code = "import { a } from './a.js';\nexport default {\n  fetch() { return a +* 1; },\n};";

        var e = Assert.Throws<WorkerLoadException>(() => WorkerScript.Parse(code));

        Assert.That(e!.Line, Is.EqualTo(3));
    }

    [Test]
    public void Load_MissingFile_ThrowsWorkerLoadException()
    {
        var e = Assert.Throws<WorkerLoadException>(() => WorkerScript.Load(Path.Combine(Path.GetTempPath(), "no-such-worker-" + Guid.NewGuid() + ".js")));

        Assert.That(e!.Message, Does.StartWith("Cannot read worker script"));
    }

    [Test]
    public void Load_File_UsesFileNameForPositions()
    {
        var path = Path.Combine(Path.GetTempPath(), "worker-" + Guid.NewGuid() + ".js");
        File.WriteAllText(path, "export default {};\n}");
        try
        {
            var e = Assert.Throws<WorkerLoadException>(() => WorkerScript.Load(path));

            Assert.That(e!.File, Is.EqualTo(Path.GetFileName(path)));
            Assert.That(e.Line, Is.EqualTo(2));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
