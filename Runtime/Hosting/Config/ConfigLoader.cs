using System.Collections.ObjectModel;

namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// Loads the workers for <c>workers serve</c>: from wrangler files (<c>wrangler.toml</c>,
/// <c>wrangler.json</c>, <c>wrangler.jsonc</c>), from multi-worker files (a top-level <c>workers</c>
/// array), or from a bare script. The formats are described in <c>Runtime/Hosting/Config/README.md</c>.
/// </summary>
public static class ConfigLoader
{
    /// <summary>
    /// Loads every file in <paramref name="paths"/> into one project. Each is a wrangler file or a
    /// multi-worker file, told apart by content; the format (TOML or JSON/JSONC) follows the extension.
    /// </summary>
    /// <param name="paths">Configuration files, relative to the current directory or absolute.</param>
    /// <param name="overrides">Values that win over the files (the command line's); null for none.</param>
    /// <returns>The workers in declaration order (exactly one of them the default), the warnings, and the files read.</returns>
    /// <exception cref="ConfigException">
    /// A file is missing or invalid, two workers share a name, two are marked default, or a name
    /// override is given for files that configure several workers.
    /// </exception>
    /// <exception cref="ArgumentException">An override is malformed (a name wrangler would refuse, a date not written <c>YYYY-MM-DD</c>).</exception>
    public static ProjectConfig Load(IReadOnlyList<string> paths, ConfigOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("At least one configuration file is needed.", nameof(paths));
        }

        CheckOverrides(overrides);

        var context = new LoadContext();
        var entries = new List<Entry>();
        var devs = new List<DevSettings>();
        var multiWorkerFile = false;
        foreach (var path in paths)
        {
            ArgumentException.ThrowIfNullOrEmpty(path, nameof(paths));
            var file = Path.GetFullPath(path);
            var root = ReadFile(file, context);
            devs.Add(DevTableReader.Read(root, file, context));
            if (root.Member("workers") is not null)
            {
                multiWorkerFile = true;
                LoadMultiWorkerFile(root, file, context, entries, devs, overrides);
            }
            else
            {
                var reader = new WorkerTableReader(file, string.Empty, context) { Overrides = overrides };
                entries.Add(new Entry(reader.Read(root), file, "name", null, null));
            }
        }

        if (overrides?.Name is { } name)
        {
            if (entries.Count != 1)
            {
                throw new ConfigException(entries[0].NameFile, key: null,
                    $"configures {entries.Count} workers, and a name given on the command line (--name) can only name one: set 'name' in the files instead");
            }

            entries[0] = entries[0] with { Worker = Copy(entries[0].Worker, name: name) };
        }

        CheckUniqueNames(entries);
        var defaultIndex = FindDefault(entries);
        if (defaultIndex < 0 && !multiWorkerFile)
        {
            // Several wrangler files: the first is the primary worker, as with wrangler dev -c a -c b.
            defaultIndex = 0;
        }

        var workers = entries.Select((e, i) => i == defaultIndex ? WithDefault(e.Worker) : e.Worker).ToList();
        WarnAboutUnusedDev(devs, paths[0], context);

        return new ProjectConfig
        {
            Workers = workers.AsReadOnly(),
            Warnings = context.Warnings.AsReadOnly(),
            Files = context.Files.ToList().AsReadOnly(),
            Dev = devs[0],
        };
    }

    /// <summary>
    /// Describes a worker given as a bare script, with no configuration file: no routes (it is the
    /// default worker), no variables, and secrets from <c>.dev.vars</c> (or <c>.env</c>) beside the script.
    /// </summary>
    /// <param name="scriptPath">The worker's script.</param>
    /// <param name="name">The worker's name; null derives it from the file name (<c>api.js</c> gives <c>api</c>), lowercased, with other characters than letters, digits, '-' and '_' turned into '-'.</param>
    /// <exception cref="ConfigException">The script is missing or is TypeScript, a secrets file is malformed, or <paramref name="name"/> is not a valid worker name.</exception>
    public static WorkerDefinition ForScript(string scriptPath, string? name)
        => ForScript(scriptPath, new ConfigOverrides { Name = name });

    /// <summary>
    /// Describes a worker given as a bare script, as <see cref="ForScript(string, string?)"/> does, with
    /// the name and compatibility settings of <paramref name="overrides"/>.
    /// </summary>
    /// <param name="scriptPath">The worker's script.</param>
    /// <param name="overrides">The name (null derives it from the file name) and compatibility date and flags (recorded only); null for none.</param>
    /// <exception cref="ConfigException">The script is missing or is TypeScript, a secrets file is malformed, or the name is not a valid worker name.</exception>
    /// <exception cref="ArgumentException">The compatibility date is not written <c>YYYY-MM-DD</c>.</exception>
    public static WorkerDefinition ForScript(string scriptPath, ConfigOverrides? overrides)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptPath);
        CheckOverrides(overrides, checkName: false);
        var name = overrides?.Name;
        var path = Path.GetFullPath(scriptPath);
        if (ConfigPaths.NeedsBuild(path))
        {
            throw new ConfigException(path, key: null, ConfigPaths.NeedsBuildMessage(path));
        }

        if (!File.Exists(path))
        {
            throw new ConfigException(path, key: null, Directory.Exists(path) ? "is a folder, not a script" : "file not found");
        }

        if (name is not null && !WorkerTableReader.IsValidName(name))
        {
            throw new ConfigException(path, "name", WorkerTableReader.InvalidNameMessage(name));
        }

        var directory = Path.GetDirectoryName(path)!;
        var secrets = SecretsFiles.Load(directory, _ => { });
        var watch = new List<string> { path };
        watch.AddRange(SecretsFiles.Candidates(directory));
        return new WorkerDefinition
        {
            Name = name ?? NameFromFile(path),
            MainPath = path,
            CompatibilityDate = overrides?.CompatibilityDate,
            CompatibilityFlags = overrides?.CompatibilityFlags?.ToList().AsReadOnly() ?? new List<string>().AsReadOnly(),
            Secrets = new ReadOnlyDictionary<string, string>(secrets),
            IsDefault = true,
            WatchPaths = watch.AsReadOnly(),
        };
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a worker name wrangler accepts: lowercase letters, digits,
    /// <c>-</c> and <c>_</c>, not starting with <c>-</c>.
    /// </summary>
    public static bool IsValidWorkerName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WorkerTableReader.IsValidName(name);
    }

    /// <summary>Whether <paramref name="date"/> is a compatibility date as wrangler writes them: <c>YYYY-MM-DD</c>, a real day.</summary>
    public static bool IsValidCompatibilityDate(string date)
    {
        ArgumentNullException.ThrowIfNull(date);
        return WorkerTableReader.IsValidDate(date);
    }

    private static void CheckOverrides(ConfigOverrides? overrides, bool checkName = true)
    {
        if (overrides is null)
        {
            return;
        }

        if (checkName && overrides.Name is { } name && !WorkerTableReader.IsValidName(name))
        {
            throw new ArgumentException($"The worker name {WorkerTableReader.InvalidNameMessage(name)}.", nameof(overrides));
        }

        if (overrides.CompatibilityDate is { } date && !WorkerTableReader.IsValidDate(date))
        {
            throw new ArgumentException($"The compatibility date must be written YYYY-MM-DD, got {ConfigNode.Quote(date)}.", nameof(overrides));
        }
    }

    private static string NameFromFile(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        var chars = stem.Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' ? c : '-').ToArray();
        var name = new string(chars).TrimStart('-');
        return name.Length == 0 ? "worker" : name;
    }

    /// <summary>Whether <paramref name="path"/> names a configuration file by its extension (<c>.toml</c>, <c>.json</c>, <c>.jsonc</c>) rather than a script.</summary>
    public static bool IsConfigFile(string path)
        => Path.GetExtension(path).ToLowerInvariant() is ".toml" or ".json" or ".jsonc";

    private static ConfigNode ReadFile(string file, LoadContext context)
    {
        if (!File.Exists(file))
        {
            throw new ConfigException(file, key: null, Directory.Exists(file)
                ? "is a folder; expected a wrangler.toml, wrangler.json, wrangler.jsonc or multi-worker file"
                : "file not found");
        }

        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (!IsConfigFile(file))
        {
            throw new ConfigException(file, key: null,
                $"unsupported configuration file type '{extension}': expected .toml, .json or .jsonc (to run a script without a configuration file, pass the .js file itself)");
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(file, key: null, $"cannot be read: {e.Message}", innerException: e);
        }

        context.AddFile(file);
        var root = extension == ".toml" ? TomlConfigReader.Read(text, file) : JsonConfigReader.Read(text, file);
        if (root.Kind != ConfigNodeKind.Table)
        {
            throw new ConfigException(file, key: null, $"the top level must be an object, got {root.Describe()}");
        }

        return root;
    }

    private static void LoadMultiWorkerFile(ConfigNode root, string file, LoadContext context, List<Entry> entries, List<DevSettings> devs, ConfigOverrides? overrides)
    {
        foreach (var member in root.Members)
        {
            if (member.Key is not ("workers" or "$schema" or "dev"))
            {
                context.Warn(file, $"unknown key '{member.Key}' (ignored; a multi-worker file holds only 'workers' and 'dev')");
            }
        }

        var list = root.Member("workers")!;
        if (list.Kind != ConfigNodeKind.Array || list.Items.Count == 0)
        {
            throw new ConfigException(file, "workers",
                $"must be a non-empty array of {list.TableWord}s, one per worker ([[workers]] in TOML), got {list.Describe()}", list.Line, list.Column);
        }

        var directory = Path.GetDirectoryName(file)!;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var entry = list.Items[i];
            var prefix = $"workers[{i}].";
            if (entry.Kind != ConfigNodeKind.Table)
            {
                throw new ConfigException(file, $"workers[{i}]", $"must be {list.ATable} describing one worker, got {entry.Describe()}", entry.Line, entry.Column);
            }

            if (entry.Member("config") is { } config)
            {
                entries.Add(LoadReferencedFile(entry, config, file, directory, prefix, context, devs, overrides));
            }
            else
            {
                var reader = new WorkerTableReader(file, prefix, context)
                {
                    BaseDirectory = directory,
                    SecretsBesideMain = true,
                    AllowDefault = true,
                    Overrides = overrides,
                };
                var worker = reader.Read(entry);
                entries.Add(new Entry(worker, file, prefix + "name", reader.ExplicitDefault ? file : null, prefix + "default"));
            }
        }
    }

    private static Entry LoadReferencedFile(ConfigNode entry, ConfigNode config, string file, string directory, string prefix, LoadContext context, List<DevSettings> devs, ConfigOverrides? overrides)
    {
        if (config.Kind != ConfigNodeKind.String || config.Text.Length == 0)
        {
            throw new ConfigException(file, prefix + "config", $"must be the path of a wrangler file, got {config.Describe()}", config.Line, config.Column);
        }

        var target = Path.GetFullPath(Path.Combine(directory, config.Text));
        foreach (var (key, value) in entry.Members)
        {
            if (key is not ("config" or "default"))
            {
                throw new ConfigException(file, prefix + key,
                    $"cannot be set next to 'config': set it in {ConfigPaths.Display(target)}, or write the whole worker inline without 'config'",
                    value.Line, value.Column);
            }
        }

        var isDefault = false;
        if (entry.Member("default") is { } flag)
        {
            if (flag.Kind != ConfigNodeKind.Boolean)
            {
                throw new ConfigException(file, prefix + "default", $"must be true or false, got {flag.Describe()}", flag.Line, flag.Column);
            }

            isDefault = flag.Boolean;
        }

        if (!File.Exists(target))
        {
            throw new ConfigException(file, prefix + "config", $"file not found: {ConfigPaths.Display(target)}", config.Line, config.Column);
        }

        var root = ReadFile(target, context);
        if (root.Member("workers") is not null)
        {
            throw new ConfigException(file, prefix + "config",
                $"{ConfigPaths.Display(target)} is a multi-worker file; 'config' must name a wrangler file (list several files to `workers serve` instead)",
                config.Line, config.Column);
        }

        devs.Add(DevTableReader.Read(root, target, context));
        var reader = new WorkerTableReader(target, string.Empty, context) { ExtraWatchPaths = [file], Overrides = overrides };
        return new Entry(reader.Read(root), target, "name", isDefault ? file : null, prefix + "default");
    }

    /// <summary>
    /// One process listens on one address: the <c>dev</c> of the first file applies, and every other
    /// file whose <c>dev.ip</c> or <c>dev.port</c> says otherwise draws a warning.
    /// </summary>
    private static void WarnAboutUnusedDev(List<DevSettings> devs, string firstPath, LoadContext context)
    {
        var applied = devs[0];
        var first = ConfigPaths.Display(Path.GetFullPath(firstPath));
        foreach (var other in devs.Skip(1))
        {
            if (other.ConfigPath is not { } file)
            {
                continue;
            }

            if (other.Ip is { } ip && ip != applied.Ip)
            {
                context.Warn(file, $"dev.ip = {ConfigNode.Quote(ip)} is not used: only the dev settings of the first file given apply ({first}: {(applied.Ip is null ? "ip not set" : "ip " + ConfigNode.Quote(applied.Ip))})");
            }

            if (other.Port is { } port && port != applied.Port)
            {
                context.Warn(file, $"dev.port = {port.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not used: only the dev settings of the first file given apply ({first}: {(applied.Port is { } p ? "port " + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "port not set")})");
            }
        }
    }

    private static void CheckUniqueNames(List<Entry> entries)
    {
        var seen = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (seen.TryGetValue(entry.Worker.Name, out var first))
            {
                var where = first.NameFile == entry.NameFile ? $"{first.NameKey} of the same file" : ConfigPaths.Display(first.NameFile);
                throw new ConfigException(entry.NameFile, entry.NameKey,
                    $"the worker name \"{entry.Worker.Name}\" is already used by {where}; worker names must be unique");
            }

            seen.Add(entry.Worker.Name, entry);
        }
    }

    /// <summary>The index of the default worker: the one marked <c>default = true</c>, otherwise the first.</summary>
    private static int FindDefault(List<Entry> entries)
    {
        var found = -1;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.DefaultFile is null)
            {
                continue;
            }

            if (found >= 0)
            {
                var first = entries[found];
                throw new ConfigException(entry.DefaultFile, entry.DefaultKey,
                    $"only one worker can be the default, and '{first.Worker.Name}' ({ConfigPaths.Display(first.DefaultFile!)}) already is");
            }

            found = i;
        }

        return found;
    }

    private static WorkerDefinition WithDefault(WorkerDefinition worker) => Copy(worker, isDefault: true);

    private static WorkerDefinition Copy(WorkerDefinition worker, string? name = null, bool? isDefault = null) => new()
    {
        Name = name ?? worker.Name,
        MainPath = worker.MainPath,
        CompatibilityDate = worker.CompatibilityDate,
        CompatibilityFlags = worker.CompatibilityFlags,
        Vars = worker.Vars,
        JsonVars = worker.JsonVars,
        Secrets = worker.Secrets,
        RouteEntries = worker.RouteEntries,
        Crons = worker.Crons,
        CpuMs = worker.CpuMs,
        Subrequests = worker.Subrequests,
        IsDefault = isDefault ?? worker.IsDefault,
        ConfigPath = worker.ConfigPath,
        WatchPaths = worker.WatchPaths,
    };

    /// <summary>
    /// A loaded worker and, for error messages, where its name was written (<c>NameFile</c>,
    /// <c>NameKey</c>) and which file marks it <c>default = true</c> (<c>DefaultFile</c>, null when
    /// nothing does, and <c>DefaultKey</c>).
    /// </summary>
    private sealed record Entry(WorkerDefinition Worker, string NameFile, string NameKey, string? DefaultFile, string? DefaultKey);
}
