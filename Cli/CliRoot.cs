using System.CommandLine;
using System.CommandLine.Help;
using Workers.Cli.Commands;

namespace Workers.Cli;

/// <summary>The <c>workers</c> command and its subcommands, and how a command line becomes an exit code.</summary>
/// <remarks>
/// The exit codes are <see cref="ExitCodes"/>. A usage error is one line on stderr naming what is
/// wrong (<see cref="UsageErrors"/>). No input prints a .NET stack trace, unless
/// <c>WORKERS_DEBUG=1</c> asks for one on an unexpected error.
/// </remarks>
internal static class CliRoot
{
    /// <summary>
    /// Every argument is taken as written: System.CommandLine would otherwise read <c>@file</c> as a
    /// response file of more arguments, and a worker path such as <c>@scope/worker.js</c> would be read
    /// as one.
    /// </summary>
    private static readonly ParserConfiguration s_parserConfiguration = new() { ResponseFileTokenReplacer = null };

    public static RootCommand Create()
    {
        var root = new RootCommand("workers: run Cloudflare-Workers-style JavaScript locally, on a pure .NET runtime.");
        root.Subcommands.Add(ServeCommand.Create());
        root.SetAction(async parseResult =>
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync("workers: no command given: try 'workers serve [FILE...]', or 'workers --help'");
            return ExitCodes.Usage;
        });
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, reports usage errors, and runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var parseResult = Create().Parse(args, s_parserConfiguration);

        // --help answers even when the rest of the line is wrong, as the user asked for help.
        if (parseResult.Action is not HelpAction)
        {
            var errors = UsageErrors.Find(parseResult);
            if (errors.Count > 0)
            {
                foreach (var message in errors)
                {
                    await error.WriteLineAsync($"workers: {message}");
                }

                return ExitCodes.Usage;
            }
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // workers serve handles SIGINT and SIGTERM itself (ShutdownSignals): a first one drains,
            // a second one exits at once.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation);
        }
#pragma warning disable CA1031 // The last resort: a bug must end in one line and an exit code, not a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"workers: unexpected error ({e.GetType().Name}): {e.Message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("WORKERS_DEBUG") == "1")
            {
                await error.WriteLineAsync(e.ToString());
            }

            return ExitCodes.Failed;
        }
    }
}
