using Workers.Runtime.Hosting;
using Workers.Runtime.Hosting.Config;
using Workers.Runtime.Isolates;

namespace Workers.Cli.Commands;

/// <summary>
/// Turns what <c>workers serve</c> was given (scripts, wrangler files, multi-worker files) into the
/// workers of a <see cref="WorkerGroup"/>. Keeps the parsed scripts between loads: a reload parses
/// again only the files whose text changed, so unchanged workers keep their warm isolates.
/// </summary>
internal sealed class ProjectLoader
{
    private static readonly string[] s_configNames = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"];

    private readonly ServeSettings _settings;
    private readonly Microsoft.Extensions.Logging.ILoggerFactory _loggerFactory;
    private Dictionary<string, (string Code, WorkerScript Script)> _scripts = new(StringComparer.Ordinal);

    public ProjectLoader(ServeSettings settings, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Every file whose change should reload the project (scripts, configs, secrets files).</summary>
    public IReadOnlyList<string> WatchPaths { get; private set; } = [];

    /// <summary>Warnings of the last load (unknown keys and the like).</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>The <c>dev</c> settings of the last successful load (every value null when only scripts are served).</summary>
    public DevSettings Dev { get; private set; } = new();

    /// <summary>The workers as configured by the last successful load, command-line overrides applied.</summary>
    public IReadOnlyList<WorkerDefinition> Definitions { get; private set; } = [];

    /// <summary>The configuration files to read when none is given: the first of wrangler's names in <paramref name="directory"/>.</summary>
    public static string? FindConfig(string directory)
        => s_configNames.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    /// <summary>Reads and parses everything.</summary>
    /// <exception cref="ConfigException">A configuration file is invalid.</exception>
    /// <exception cref="WorkerLoadException">A script is missing or has a syntax error.</exception>
    public IReadOnlyList<WorkerHostOptions> Load()
    {
        var definitions = new List<WorkerDefinition>();
        var warnings = new List<string>();
        // Every input is watched even if this load fails, so that fixing it reloads.
        var watch = new List<string>(_settings.Inputs);
        try
        {
            return LoadInto(definitions, warnings, watch);
        }
        finally
        {
            WatchPaths = watch.Concat(WatchPaths).Distinct(StringComparer.Ordinal).ToList();
        }
    }

    private List<WorkerHostOptions> LoadInto(List<WorkerDefinition> definitions, List<string> warnings, List<string> watch)
    {
        var configs = _settings.Inputs.Where(ConfigLoader.IsConfigFile).ToList();
        var scripts = _settings.Inputs.Where(i => !ConfigLoader.IsConfigFile(i)).ToList();
        // --name names the one worker served; with several inputs Serve refused it already.
        var overrides = new ConfigOverrides
        {
            Name = _settings.Inputs.Count == 1 ? _settings.Name : null,
            CompatibilityDate = _settings.CompatibilityDate,
            CompatibilityFlags = _settings.CompatibilityFlags,
        };
        var dev = new DevSettings();
        if (configs.Count > 0)
        {
            var project = ConfigLoader.Load(configs, overrides);
            definitions.AddRange(project.Workers);
            warnings.AddRange(project.Warnings);
            watch.AddRange(project.Files);
            dev = project.Dev;
        }

        foreach (var script in scripts)
        {
            var definition = ConfigLoader.ForScript(script, overrides);
            definitions.Add(configs.Count > 0 || scripts.Count > 1 ? Demote(definition) : definition);
        }

        var parsed = new Dictionary<string, (string Code, WorkerScript Script)>(StringComparer.Ordinal);
        var workers = new List<WorkerHostOptions>(definitions.Count);
        foreach (var definition in definitions)
        {
            watch.AddRange(definition.WatchPaths);
            watch.Add(definition.MainPath);
        }

        foreach (var definition in definitions)
        {
            workers.Add(ToOptions(definition, Parse(definition.MainPath, parsed)));
        }

        _scripts = parsed;
        Warnings = warnings;
        Dev = dev;
        Definitions = definitions.AsReadOnly();
        // A successful load decides the set alone: files no longer used stop being watched.
        WatchPaths = [];
        return workers;
    }

    /// <summary>With configs or several scripts, a bare script is one worker among others, reachable at NAME.localhost.</summary>
    private static WorkerDefinition Demote(WorkerDefinition d) => new()
    {
        Name = d.Name,
        MainPath = d.MainPath,
        CompatibilityDate = d.CompatibilityDate,
        CompatibilityFlags = d.CompatibilityFlags,
        Secrets = d.Secrets,
        WatchPaths = d.WatchPaths,
        IsDefault = false,
    };

    private WorkerScript Parse(string path, Dictionary<string, (string Code, WorkerScript Script)> parsed)
    {
        if (parsed.TryGetValue(path, out var done))
        {
            return done.Script;
        }

        string code;
        try
        {
            code = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkerLoadException($"Cannot read worker script '{path}': {e.Message}", e);
        }

        var script = _scripts.TryGetValue(path, out var previous) && previous.Code == code
            ? previous.Script
            : WorkerScript.Parse(code, DisplayName(path));
        parsed[path] = (code, script);
        return script;
    }

    /// <summary>The script's path relative to the current folder when inside it: what errors and stack traces show.</summary>
    private static string DisplayName(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private WorkerHostOptions ToOptions(WorkerDefinition definition, WorkerScript script)
    {
        var limits = new IsolateLimits();
        if ((_settings.CpuMs ?? definition.CpuMs) is { } cpuMs)
        {
            limits.CpuTimeMs = cpuMs;
        }

        limits.CpuSteps = _settings.CpuSteps;
        if (_settings.MemoryMb is { } mb)
        {
            limits.MemoryBytes = mb * 1024L * 1024L;
        }

        var vars = new Dictionary<string, string>(definition.Vars, StringComparer.Ordinal);
        var jsonVars = new Dictionary<string, string>(definition.JsonVars, StringComparer.Ordinal);
        foreach (var (name, value) in _settings.Vars)
        {
            vars[name] = value;
            jsonVars.Remove(name);
        }

        return new WorkerHostOptions
        {
            Name = definition.Name,
            Script = script,
            Limits = limits,
            Vars = vars,
            JsonVars = jsonVars,
            Secrets = definition.Secrets,
            Routes = definition.RouteEntries.Where(r => !r.CustomDomain).Select(r => r.Pattern).ToList(),
            CustomDomains = definition.RouteEntries.Where(r => r.CustomDomain).Select(r => r.Pattern).ToList(),
            IsDefault = definition.IsDefault,
            Crons = definition.Crons,
            MaxInstances = _settings.MaxInstances,
            Upstream = _settings.Upstream,
            LoggerFactory = _loggerFactory,
        };
    }
}
