using Workers.Cli;
using Workers.Runtime.Hosting;

// Before anything touches Jint: its time-zone set-up would otherwise cost ~300 ms of ICU work.
ProcessStartup.SkipTimeZoneSorting();

return await CliRoot.RunAsync(args);
