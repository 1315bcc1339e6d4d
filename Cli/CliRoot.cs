using System.CommandLine;
using Workers.Cli.Commands;

namespace Workers.Cli;

/// <summary>The <c>workers</c> command and its subcommands.</summary>
internal static class CliRoot
{
    public static RootCommand Create()
    {
        var root = new RootCommand("workers: run Cloudflare-Workers-style JavaScript locally, on a pure .NET runtime.");
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }
}
