// Build script: `dotnet tool restore && dotnet cake [--target=Clean|Build|Test|Publish] [--configuration=Release]`.
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./workers.slnx";
var publishDir = Directory("./publish");

Task("Clean")
    .Does(() =>
{
    CleanDirectories("./**/bin/" + configuration);
    CleanDirectories("./**/obj");
    CleanDirectory(publishDir);
});

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        MSBuildSettings = new DotNetMSBuildSettings().TreatAllWarningsAs(MSBuildTreatAllWarningsAs.Error),
    });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
    });
});

Task("Publish")
    .IsDependentOn("Test")
    .Does(() =>
{
    // One native executable for Linux x64 (NativeAOT): no .NET install needed to run `workers`.
    // NativeAOT because it reaches a first response in ~40 ms against ~200 ms for the
    // ReadyToRun single file, at equal hello throughput, half the memory and a fifth of the size;
    // it is ~20% slower on a CPU-bound worker at 1 connection (measurements in BENCHMARKS.md,
    // "Publish choice"). The settings are given here, not in Cli.csproj, so that `dotnet build`
    // and `dotnet test` stay JIT builds without the AOT analyzers' package.
    // Prerequisite: a C toolchain to link with, clang or gcc on PATH (the SDK tries `clang`, then
    // `gcc`; a versioned-only clang such as Debian's `clang-14` is not found under that name, so
    // gcc links, which works as well).
    DotNetPublish("./Cli/Cli.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = "linux-x64",
        SelfContained = true,
        OutputDirectory = publishDir,
        MSBuildSettings = new DotNetMSBuildSettings()
            .WithProperty("PublishAot", "true")
            .TreatAllWarningsAs(MSBuildTreatAllWarningsAs.Error),
    });
});

RunTarget(target);
