using System.CommandLine;
using Workers.Cli;
using Workers.Cli.Commands;
using Workers.Runtime.Hosting;

// Before anything touches Jint: its time-zone set-up would otherwise cost ~300 ms of ICU work.
ProcessStartup.SkipTimeZoneSorting();

// Shutdown drains in-flight requests (up to ServeCommand.DrainTimeout), so the parser must give
// the command that long after Ctrl+C or SIGTERM instead of its default two seconds.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = ServeCommand.DrainTimeout + TimeSpan.FromSeconds(5) };
return await CliRoot.Create().Parse(args).InvokeAsync(invocation);
