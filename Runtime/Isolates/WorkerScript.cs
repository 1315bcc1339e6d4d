using Acornima;
using Acornima.Ast;
using Jint;

namespace Workers.Runtime.Isolates;

/// <summary>
/// A worker's code, parsed once and shared by all of its isolates. Whether it is an ES module or
/// a service-worker script is read from the code itself: a top-level <c>import</c> or
/// <c>export</c> makes it a module, as workerd and wrangler decide.
/// </summary>
public sealed class WorkerScript
{
    private readonly Prepared<Module>? _module;
    private readonly Prepared<Script>? _script;

    private WorkerScript(string fileName, Prepared<Module> module)
    {
        FileName = fileName;
        _module = module;
        Syntax = WorkerSyntax.Module;
    }

    private WorkerScript(string fileName, Prepared<Script> script)
    {
        FileName = fileName;
        _script = script;
        Syntax = WorkerSyntax.ServiceWorker;
    }

    /// <summary>The name the script is known by in stack traces and errors.</summary>
    public string FileName { get; }

    /// <summary>Module or service-worker syntax.</summary>
    public WorkerSyntax Syntax { get; }

    internal Prepared<Module> Module => _module ?? throw new InvalidOperationException("Not a module worker.");

    internal Prepared<Script> Script => _script ?? throw new InvalidOperationException("Not a service-worker script.");

    /// <summary>Reads and parses a script file.</summary>
    /// <exception cref="WorkerLoadException">The file is missing or has a syntax error.</exception>
    public static WorkerScript Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string code;
        try
        {
            code = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkerLoadException($"Cannot read worker script '{path}': {e.Message}", e);
        }

        return Parse(code, Path.GetFileName(path));
    }

    /// <summary>Parses script source.</summary>
    /// <param name="code">The JavaScript source.</param>
    /// <param name="fileName">The name used in stack traces and error positions.</param>
    /// <exception cref="WorkerLoadException">The code has a syntax error.</exception>
    public static WorkerScript Parse(string code, string fileName = "worker.js")
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(fileName);

        ParseErrorException? moduleError = null;
        try
        {
            var module = Engine.PrepareModule(code, fileName);
            if (module.Program is { } program && HasModuleSyntax(program))
            {
                return new WorkerScript(fileName, module);
            }
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
        {
            moduleError = parse;
        }

        try
        {
            return new WorkerScript(fileName, Engine.PrepareScript(code, fileName));
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException scriptError)
        {
            // Report whichever reading got further into the file: a module with a typo fails as a
            // script at its first 'import', and a sloppy script fails as a module at, say, 'with'.
            var error = moduleError is not null && Position(moduleError) > Position(scriptError) ? moduleError : scriptError;
            throw SyntaxError(fileName, error);
        }
    }

    private static bool HasModuleSyntax(Module program)
    {
        foreach (var statement in program.Body)
        {
            if (statement is ImportDeclaration or ExportNamedDeclaration or ExportDefaultDeclaration or ExportAllDeclaration)
            {
                return true;
            }
        }

        return false;
    }

    private static long Position(ParseErrorException e) => ((long)e.LineNumber << 32) + e.Column;

    private static WorkerLoadException SyntaxError(string fileName, ParseErrorException e)
    {
        var line = e.LineNumber;
        var column = e.Column + 1;
        return new WorkerLoadException($"{fileName}:{line}:{column}: SyntaxError: {e.Description}", e)
        {
            File = fileName,
            Line = line,
            Column = column,
        };
    }
}
