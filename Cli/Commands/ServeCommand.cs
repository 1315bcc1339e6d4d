using System.CommandLine;

namespace Workers.Cli.Commands;

/// <summary><c>workers serve &lt;script&gt;</c>: serves one worker over HTTP.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Serve a worker script over HTTP.");
        return command;
    }
}
