using System.CommandLine;
using Workers.Cli;

// Shutdown drains in-flight requests (up to ServeCommand.DrainTimeout), so the parser must not
// end the process two seconds after Ctrl+C or SIGTERM as it does by default.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await CliRoot.Create().Parse(args).InvokeAsync(invocation);
