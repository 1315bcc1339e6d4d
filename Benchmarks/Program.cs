using BenchmarkDotNet.Running;
using Workers.Benchmarks;

// `--memory-per-isolate [worker] [count]` measures retained heap per idle isolate; anything else
// goes to BenchmarkDotNet (e.g. --filter '*' --job short).
if (args.Length > 0 && args[0] == "--memory-per-isolate")
{
    return await IdleIsolateMemory.RunAsync(args[1..]);
}

// Reports go next to this project (Benchmarks/BenchmarkDotNet.Artifacts) unless told otherwise.
if (!args.Any(a => a.Equals("--artifacts", StringComparison.OrdinalIgnoreCase)))
{
    var project = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));
    var home = File.Exists(Path.Combine(project, "Workers.Benchmarks.csproj")) ? project : AppContext.BaseDirectory;
    args = [.. args, "--artifacts", Path.Combine(home, "BenchmarkDotNet.Artifacts")];
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
