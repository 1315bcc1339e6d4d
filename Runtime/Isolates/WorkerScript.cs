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
        return OnLargeStack(() => ParseCore(code, fileName));
    }

    /// <summary>
    /// Parsing recurses once per level of nesting in the source (nested literals, parentheses):
    /// it runs on a thread with a stack that holds a hundred thousand levels, whichever thread
    /// asked, and a source nested deeper than that fails as a SyntaxError rather than ending the
    /// process.
    /// </summary>
    private static WorkerScript OnLargeStack(Func<WorkerScript> parse)
    {
        WorkerScript? result = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = parse();
                }
#pragma warning disable CA1031 // Handed back to the caller's thread below.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failure = e;
                }
            },
            ParseStackSize)
        {
            IsBackground = true,
            Name = "workers-parse",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result!;
    }

    private const int ParseStackSize = 256 * 1024 * 1024;

    private static WorkerScript ParseCore(string code, string fileName)
    {
        Node? tooDeep = null;
        try
        {
            if (TryParseForNesting(code, fileName) is { } program)
            {
                code = NestingFlattener.Flatten(code, program, out tooDeep);
                if (tooDeep is not null)
                {
                    // Jint would refuse it when the module is linked or the function first runs.
                    throw NestingError(fileName, tooDeep);
                }
            }

            return Prepare(code, fileName);
        }
        catch (ScriptPreparationException e) when (e.InnerException is InsufficientExecutionStackException || e.Message.Contains("nesting", StringComparison.OrdinalIgnoreCase))
        {
            // Jint's hoisting pass refuses a function nested deeper than its fixed limit, and the
            // parser stops where the stack would not hold more: a SyntaxError at the spot.
            throw NestingError(fileName, tooDeep);
        }
        catch (ScriptPreparationException e) when (e.InnerException is not ParseErrorException)
        {
            throw new WorkerLoadException($"{fileName}:1:1: SyntaxError: {e.Message}", e) { File = fileName, Line = 1, Column = 1 };
        }
        catch (InsufficientExecutionStackException)
        {
            throw NestingError(fileName, tooDeep);
        }
    }

    /// <summary>The source's syntax tree, for <see cref="NestingFlattener"/>; null when it does not parse (Jint reports why).</summary>
    private static Node? TryParseForNesting(string code, string fileName)
    {
        try
        {
            return new Parser().ParseModule(code, fileName);
        }
        catch (ParseErrorException)
        {
            try
            {
                return new Parser().ParseScript(code, fileName);
            }
            catch (ParseErrorException)
            {
                return null;
            }
        }
    }

    private static WorkerLoadException NestingError(string fileName, Node? tooDeep)
    {
        var line = tooDeep?.Location.Start.Line ?? 1;
        var column = (tooDeep?.Location.Start.Column ?? 0) + 1;
        return new WorkerLoadException(
            $"{fileName}:{line}:{column}: SyntaxError: Nesting too deep: more than {NestingFlattener.JintDepthLimit} levels of statements and expressions in one function, here where they cannot be moved into a function of their own")
        {
            File = fileName,
            Line = line,
            Column = column,
        };
    }

    private static WorkerScript Prepare(string code, string fileName)
    {
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
