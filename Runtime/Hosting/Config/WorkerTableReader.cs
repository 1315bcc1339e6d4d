using System.Collections.ObjectModel;
using System.Globalization;
using Workers.Runtime.Hosting.Scheduling;

namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// Validates one worker's table (a whole wrangler file, or one inline entry of a multi-worker file)
/// and builds its <see cref="WorkerDefinition"/>. Invalid values throw a <see cref="ConfigException"/>
/// naming the file and key; unknown and unsupported keys become warnings.
/// </summary>
internal sealed class WorkerTableReader
{
    /// <summary>The most <c>limits.cpu_ms</c> Cloudflare allows: five minutes.</summary>
    public const int MaxCpuMs = 300_000;

    private readonly string _file;
    private readonly string _prefix;
    private readonly LoadContext _context;

    /// <param name="file">The file the table comes from: messages name it, and it is the worker's <see cref="WorkerDefinition.ConfigPath"/>.</param>
    /// <param name="prefix">What comes before each key in messages: empty for a wrangler file, <c>workers[1].</c> for an entry.</param>
    /// <param name="context">Where warnings and files read go.</param>
    public WorkerTableReader(string file, string prefix, LoadContext context)
    {
        _file = file;
        _prefix = prefix;
        _context = context;
    }

    /// <summary>The folder <c>main</c> is relative to. Defaults to the folder of the file.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Whether secrets come from the folder of the main script (an inline entry) rather than the folder of the file.</summary>
    public bool SecretsBesideMain { get; init; }

    /// <summary>Whether the table may carry <c>default</c> (an inline entry of a multi-worker file).</summary>
    public bool AllowDefault { get; init; }

    /// <summary>More files whose change concerns this worker (the multi-worker file that points at a wrangler file).</summary>
    public IReadOnlyList<string> ExtraWatchPaths { get; init; } = [];

    /// <summary>Values from the command line that win over the table's (compatibility date and flags; the name is applied by the loader).</summary>
    public ConfigOverrides? Overrides { get; init; }

    /// <summary>Whether the table said <c>default = true</c>.</summary>
    public bool ExplicitDefault { get; private set; }

    /// <summary>Validates <paramref name="table"/> and builds the worker, with <see cref="WorkerDefinition.IsDefault"/> false.</summary>
    public WorkerDefinition Read(ConfigNode table)
    {
        CheckKeys(table);

        var name = ReadName(table);
        var mainPath = ReadMain(table);
        var compatibilityDate = ReadCompatibilityDate(table, warnIfMissing: Overrides?.CompatibilityDate is null);
        var flags = ReadStringArray(table, "compatibility_flags");
        compatibilityDate = Overrides?.CompatibilityDate ?? compatibilityDate;
        flags = Overrides?.CompatibilityFlags?.ToList().AsReadOnly() ?? flags;
        var (vars, jsonVars) = ReadVars(table);
        var requiredSecrets = ReadSecretsDeclaration(table);
        var routes = ReadRoutes(table);
        var crons = ReadTriggers(table);
        var (cpuMs, subrequests) = ReadLimits(table);
        ExplicitDefault = AllowDefault && ReadDefault(table);

        var secretsDirectory = SecretsBesideMain ? Path.GetDirectoryName(mainPath)! : Path.GetDirectoryName(_file)!;
        var secrets = SecretsFiles.Load(secretsDirectory, _context.AddFile);
        if (requiredSecrets is not null)
        {
            secrets = FilterToDeclared(secrets, requiredSecrets, vars, jsonVars);
        }

        var watch = new List<string> { _file };
        watch.AddRange(ExtraWatchPaths);
        watch.Add(mainPath);
        watch.AddRange(SecretsFiles.Candidates(secretsDirectory));

        return new WorkerDefinition
        {
            Name = name,
            MainPath = mainPath,
            CompatibilityDate = compatibilityDate,
            CompatibilityFlags = flags,
            Vars = new ReadOnlyDictionary<string, string>(vars),
            JsonVars = new ReadOnlyDictionary<string, string>(jsonVars),
            Secrets = new ReadOnlyDictionary<string, string>(secrets),
            RouteEntries = routes,
            Crons = crons,
            CpuMs = cpuMs,
            Subrequests = subrequests,
            ConfigPath = _file,
            WatchPaths = watch.Distinct(StringComparer.Ordinal).ToList().AsReadOnly(),
        };
    }

    /// <summary>Checks a worker name against wrangler's rule: lowercase letters, digits, '-' and '_', not starting with '-'.</summary>
    /// <remarks>workers-sdk <c>packages/workers-utils/src/config/validation-helpers.ts</c>, <c>isValidName</c>: <c>/^[a-z0-9_][a-z0-9-_]*$/</c>.</remarks>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name[0] != '-' && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>Whether <paramref name="date"/> is a real day written <c>YYYY-MM-DD</c>.</summary>
    public static bool IsValidDate(string date) =>
        date.Length == 10 && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>The message for a name that fails <see cref="IsValidName"/>.</summary>
    public static string InvalidNameMessage(string name) =>
        $"must be lowercase letters, digits, '-' and '_' (not starting with '-'), as wrangler requires, got {ConfigNode.Quote(name)}";

    private ConfigException Error(string key, ConfigNode? at, string reason) =>
        new(_file, _prefix + key, reason, at?.Line, at?.Column);

    private static ConfigNode? Get(ConfigNode table, string key) =>
        table.Member(key) is { Kind: not ConfigNodeKind.Null } node ? node : null;

    private void CheckKeys(ConfigNode table)
    {
        foreach (var (key, value) in table.Members)
        {
            if (key == "dev" && _prefix.Length > 0)
            {
                _context.Warn(_file, $"'{_prefix}dev' is ignored: the process listens on one address, so 'dev' goes at the top of the multi-worker file");
                continue;
            }

            if (ConfigKeys.Supported.Contains(key) || ConfigKeys.Ignored.Contains(key))
            {
                continue;
            }

            if (key == "default")
            {
                if (!AllowDefault)
                {
                    _context.Warn(_file, $"'{_prefix}default' only applies to an entry of a multi-worker file (ignored)");
                }
            }
            else if (ConfigKeys.NotSupported.Contains(key))
            {
                if (!IsEmpty(value))
                {
                    _context.Warn(_file, $"'{_prefix}{key}' is not supported yet (ignored)");
                }
            }
            else
            {
                _context.Warn(_file, $"unknown key '{_prefix}{key}' (ignored)");
            }
        }
    }

    private static bool IsEmpty(ConfigNode value) => value.Kind switch
    {
        ConfigNodeKind.Null => true,
        ConfigNodeKind.Array => value.Items.Count == 0,
        ConfigNodeKind.Table => value.Members.Count == 0,
        _ => false,
    };

    private void WarnUnknownMembers(ConfigNode table, string key, params string[] known)
    {
        foreach (var member in table.Members)
        {
            if (!known.Contains(member.Key, StringComparer.Ordinal))
            {
                _context.Warn(_file, $"unknown key '{_prefix}{key}.{member.Key}' (ignored)");
            }
        }
    }

    private string ReadName(ConfigNode table)
    {
        var node = Get(table, "name");
        if (node is null || node is { Kind: ConfigNodeKind.String, Text.Length: 0 })
        {
            throw Error("name", node, "is required: every worker needs a name");
        }

        if (node.Kind != ConfigNodeKind.String)
        {
            throw Error("name", node, $"must be a string, got {node.Describe()}");
        }

        if (!IsValidName(node.Text))
        {
            throw Error("name", node, InvalidNameMessage(node.Text));
        }

        return node.Text;
    }

    private string ReadMain(ConfigNode table)
    {
        var node = Get(table, "main");
        if (node is null)
        {
            throw Error("main", null, "is required: the path of the worker's script, relative to this file");
        }

        if (node.Kind != ConfigNodeKind.String || node.Text.Length == 0)
        {
            throw Error("main", node, $"must be the path of the worker's script, got {node.Describe()}");
        }

        var path = Path.GetFullPath(Path.Combine(BaseDirectory ?? Path.GetDirectoryName(_file)!, node.Text));
        if (ConfigPaths.NeedsBuild(path))
        {
            throw Error("main", node, ConfigPaths.NeedsBuildMessage(path));
        }

        if (Directory.Exists(path))
        {
            throw Error("main", node, $"{ConfigPaths.Display(path)} is a folder; main must name the script file");
        }

        if (!File.Exists(path))
        {
            throw Error("main", node, $"file not found: {ConfigPaths.Display(path)}");
        }

        return path;
    }

    private string? ReadCompatibilityDate(ConfigNode table, bool warnIfMissing)
    {
        var node = Get(table, "compatibility_date");
        if (node is null)
        {
            if (warnIfMissing)
            {
                _context.Warn(_file, $"{_prefix}compatibility_date is not set (wrangler warns too; here the date is only recorded)");
            }

            return null;
        }

        if (node.Kind == ConfigNodeKind.DateTime)
        {
            throw Error("compatibility_date", node, $"must be a string, as wrangler requires: write compatibility_date = \"{node.Text}\"");
        }

        if (node.Kind != ConfigNodeKind.String || !IsValidDate(node.Text))
        {
            throw Error("compatibility_date", node, $"must be a date written YYYY-MM-DD, got {node.Describe()}");
        }

        return node.Text;
    }

    private ReadOnlyCollection<string> ReadStringArray(ConfigNode table, string key, string? fullKey = null)
    {
        fullKey ??= key;
        var node = Get(table, key);
        if (node is null)
        {
            return new List<string>().AsReadOnly();
        }

        if (node.Kind != ConfigNodeKind.Array)
        {
            throw Error(fullKey, node, $"must be an array of strings, got {node.Describe()}");
        }

        var result = new List<string>(node.Items.Count);
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            if (item.Kind != ConfigNodeKind.String)
            {
                throw Error($"{fullKey}[{i}]", item, $"must be a string, got {item.Describe()}");
            }

            result.Add(item.Text);
        }

        return result.AsReadOnly();
    }

    private (OrderedDictionary<string, string> Vars, OrderedDictionary<string, string> JsonVars) ReadVars(ConfigNode table)
    {
        var vars = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var jsonVars = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var node = Get(table, "vars");
        if (node is null)
        {
            return (vars, jsonVars);
        }

        if (node.Kind != ConfigNodeKind.Table)
        {
            throw Error("vars", node, $"must be {node.ATable} of names to values, got {node.Describe()}");
        }

        foreach (var (name, value) in node.Members)
        {
            if (value.Kind == ConfigNodeKind.String)
            {
                vars[name] = value.Text;
            }
            else if (value.Kind == ConfigNodeKind.DateTime)
            {
                throw Error($"vars.{name}", value, $"is a TOML date, which wrangler does not accept: write it as a string, {name} = \"{value.Text}\"");
            }
            else if (!value.IsJsonRepresentable())
            {
                throw Error($"vars.{name}", value, "holds a value JSON cannot represent (nan, inf or a date)");
            }
            else
            {
                jsonVars[name] = value.ToJson();
            }
        }

        return (vars, jsonVars);
    }

    /// <summary>Reads <c>secrets = { required = [...] }</c>; null when the worker does not declare its secrets.</summary>
    private ReadOnlyCollection<string>? ReadSecretsDeclaration(ConfigNode table)
    {
        var node = Get(table, "secrets");
        if (node is null)
        {
            return null;
        }

        if (node.Kind != ConfigNodeKind.Table)
        {
            throw Error("secrets", node, $"must be {node.ATable} such as {node.Example("required", "[\"API_KEY\"]")}, got {node.Describe()}");
        }

        WarnUnknownMembers(node, "secrets", "required");
        return ReadStringArray(node, "required", "secrets.required");
    }

    /// <summary>
    /// With declared secrets, wrangler loads only the declared names and the names that override a
    /// variable, and warns about declared names that are missing (workers-sdk <c>dev-vars.ts</c>, <c>getVarsForDev</c>).
    /// </summary>
    private OrderedDictionary<string, string> FilterToDeclared(
        OrderedDictionary<string, string> loaded,
        IReadOnlyList<string> required,
        OrderedDictionary<string, string> vars,
        OrderedDictionary<string, string> jsonVars)
    {
        var kept = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in loaded)
        {
            if (required.Contains(key, StringComparer.Ordinal) || vars.ContainsKey(key) || jsonVars.ContainsKey(key))
            {
                kept[key] = value;
            }
        }

        var missing = required.Where(r => !loaded.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            _context.Warn(_file, $"missing required secrets: {string.Join(", ", missing)} (add them to .dev.vars or .env)");
        }

        return kept;
    }

    private ReadOnlyCollection<RouteEntry> ReadRoutes(ConfigNode table)
    {
        var routes = new List<RouteEntry>();
        var many = Get(table, "routes");
        var one = Get(table, "route");
        if (many is not null && one is not null)
        {
            throw Error("route", one, "cannot be used together with 'routes': list every route in 'routes'");
        }

        if (many is not null)
        {
            if (many.Kind != ConfigNodeKind.Array)
            {
                throw Error("routes", many, $"must be an array of route patterns, got {many.Describe()}");
            }

            for (var i = 0; i < many.Items.Count; i++)
            {
                routes.Add(ReadRoute(many.Items[i], $"routes[{i}]"));
            }
        }
        else if (one is { Kind: ConfigNodeKind.String, Text.Length: 0 })
        {
            _context.Warn(_file, $"'{_prefix}route' is an empty string (ignored)");
        }
        else if (one is not null)
        {
            routes.Add(ReadRoute(one, "route"));
        }

        return routes.AsReadOnly();
    }

    private RouteEntry ReadRoute(ConfigNode node, string key)
    {
        if (node.Kind == ConfigNodeKind.String)
        {
            if (string.IsNullOrWhiteSpace(node.Text))
            {
                throw Error(key, node, "must not be empty");
            }

            return new RouteEntry { Pattern = node.Text };
        }

        if (node.Kind != ConfigNodeKind.Table)
        {
            throw Error(key, node, $"must be a pattern string or {node.ATable} with a pattern, such as {node.Example("pattern", "\"example.com/*\"")}, got {node.Describe()}");
        }

        var pattern = Get(node, "pattern");
        if (pattern is null || pattern.Kind != ConfigNodeKind.String || string.IsNullOrWhiteSpace(pattern.Text))
        {
            throw Error($"{key}.pattern", pattern ?? node, pattern is null ? "is required" : $"must be a non-empty string, got {pattern.Describe()}");
        }

        foreach (var stringKey in (string[])["zone_id", "zone_name"])
        {
            if (Get(node, stringKey) is { Kind: not ConfigNodeKind.String } wrong)
            {
                throw Error($"{key}.{stringKey}", wrong, $"must be a string, got {wrong.Describe()}");
            }
        }

        if (Get(node, "zone_id") is not null && Get(node, "zone_name") is not null)
        {
            throw Error($"{key}.zone_name", Get(node, "zone_name"), "cannot be used together with zone_id: give one of them");
        }

        foreach (var flagKey in (string[])["custom_domain", "enabled", "previews_enabled"])
        {
            if (Get(node, flagKey) is { Kind: not ConfigNodeKind.Boolean } wrong)
            {
                throw Error($"{key}.{flagKey}", wrong, $"must be true or false, got {wrong.Describe()}");
            }
        }

        WarnUnknownMembers(node, key, "pattern", "zone_id", "zone_name", "custom_domain", "enabled", "previews_enabled");
        return new RouteEntry { Pattern = pattern.Text, CustomDomain = Get(node, "custom_domain")?.Boolean ?? false };
    }

    private ReadOnlyCollection<string> ReadTriggers(ConfigNode table)
    {
        var node = Get(table, "triggers");
        if (node is null)
        {
            return new List<string>().AsReadOnly();
        }

        if (node.Kind != ConfigNodeKind.Table)
        {
            throw Error("triggers", node, $"must be {node.ATable} such as {node.Example("crons", "[\"*/5 * * * *\"]")}, got {node.Describe()}");
        }

        foreach (var member in node.Members)
        {
            if (member.Key == "events")
            {
                if (!IsEmpty(member.Value))
                {
                    _context.Warn(_file, $"'{_prefix}triggers.events' is not supported yet (ignored)");
                }
            }
            else if (member.Key != "crons")
            {
                _context.Warn(_file, $"unknown key '{_prefix}triggers.{member.Key}' (ignored)");
            }
        }

        var crons = Get(node, "crons");
        if (crons is null)
        {
            return new List<string>().AsReadOnly();
        }

        if (crons.Kind != ConfigNodeKind.Array)
        {
            throw Error("triggers.crons", crons, $"must be an array of cron expressions, got {crons.Describe()}");
        }

        var result = new List<string>(crons.Items.Count);
        for (var i = 0; i < crons.Items.Count; i++)
        {
            var item = crons.Items[i];
            var key = $"triggers.crons[{i}]";
            if (item.Kind != ConfigNodeKind.String)
            {
                throw Error(key, item, $"must be a cron expression string, got {item.Describe()}");
            }

            // Cloudflare's syntax: five fields, and days of the week numbered 1-7 from Sunday.
            if (!CloudflareCron.TryParse(item.Text, out _, out var error))
            {
                throw new ConfigException(_file, _prefix + key,
                    $"{ConfigNode.Quote(item.Text)} is not a cron expression of five fields (minute hour day-of-month month day-of-week): {error}",
                    item.Line, item.Column);
            }

            result.Add(item.Text);
        }

        return result.AsReadOnly();
    }

    private (int? CpuMs, int? Subrequests) ReadLimits(ConfigNode table)
    {
        var node = Get(table, "limits");
        if (node is null)
        {
            return (null, null);
        }

        if (node.Kind != ConfigNodeKind.Table)
        {
            throw Error("limits", node, $"must be {node.ATable} such as {node.Example("cpu_ms", "50")}, got {node.Describe()}");
        }

        WarnUnknownMembers(node, "limits", "cpu_ms", "subrequests");
        return (ReadPositiveInteger(node, "limits.cpu_ms", "cpu_ms", MaxCpuMs, " (5 minutes)"),
            ReadPositiveInteger(node, "limits.subrequests", "subrequests", int.MaxValue, string.Empty));
    }

    private int? ReadPositiveInteger(ConfigNode table, string fullKey, string key, int max, string maxNote)
    {
        var node = Get(table, key);
        if (node is null)
        {
            return null;
        }

        if (node.Kind != ConfigNodeKind.Integer || node.Integer <= 0)
        {
            throw Error(fullKey, node, $"must be a positive integer, got {node.Describe()}");
        }

        if (node.Integer > max)
        {
            throw Error(fullKey, node, $"must be at most {max.ToString(CultureInfo.InvariantCulture)}{maxNote}, got {node.Describe()}");
        }

        return (int)node.Integer;
    }

    private bool ReadDefault(ConfigNode table)
    {
        var node = Get(table, "default");
        if (node is null)
        {
            return false;
        }

        if (node.Kind != ConfigNodeKind.Boolean)
        {
            throw Error("default", node, $"must be true or false, got {node.Describe()}");
        }

        return node.Boolean;
    }
}
