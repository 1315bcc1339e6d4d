using Microsoft.Extensions.Logging;
using Workers.Runtime.Isolates;

namespace Workers.Cli.Commands;

/// <summary>The validated settings of one <c>workers serve</c> run.</summary>
internal sealed record ServeSettings(
    string ScriptPath,
    string Name,
    string Host,
    int Port,
    IsolateLimits Limits,
    IReadOnlyDictionary<string, string> Vars,
    Uri? Upstream,
    LogLevel LogLevel);
