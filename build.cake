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
    // One self-contained file for Linux x64: no .NET install needed to run `workers`.
    // ReadyToRun because it halves launch-to-first-response (204 ms against 456 ms for the JIT
    // build) at equal or better throughput; NativeAOT starts faster still but served about half
    // the requests per second. The measurements are in BENCHMARKS.md.
    DotNetPublish("./Cli/Cli.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = "linux-x64",
        SelfContained = true,
        PublishSingleFile = true,
        PublishReadyToRun = true,
        OutputDirectory = publishDir,
    });
});

RunTarget(target);
