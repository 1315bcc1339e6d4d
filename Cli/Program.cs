using Workers.Cli;

return await CliRoot.Create().Parse(args).InvokeAsync();
