using System.CommandLine;
using System.CommandLine.Parsing;

namespace Workers.Cli.Commands;

/// <summary>
/// The flags of <c>wrangler dev</c> (and wrangler's global flags) that mean nothing to a local .NET
/// runtime, so that a command line written for wrangler runs here: each is accepted and draws a
/// warning naming it, or, when what it asks for cannot happen here at all (<c>--remote</c>,
/// <c>--tunnel</c>), is refused with an error that says why. They are hidden from <c>--help</c>; the
/// README lists them. The flags that work (<c>--port</c>, <c>--ip</c>, <c>--var</c>, <c>-c</c>...) are
/// ordinary options of <see cref="ServeCommand"/>.
/// </summary>
/// <remarks>
/// The list is wrangler's: workers-sdk <c>packages/wrangler/src/dev.ts</c> (the <c>dev</c> command's
/// args) and <c>packages/wrangler/src/index.ts</c> (<c>globalFlags</c>), read at commit f8308360
/// (2026-08-22), plus a few older ones scripts still pass (<c>--legacy-env</c>,
/// <c>--experimental-remote-bindings</c>). As with yargs, a boolean flag also takes
/// <c>--no-NAME</c>, <c>--NAME=false</c> and <c>--NAME true</c>.
/// </remarks>
internal sealed class WranglerDevFlags
{
    private const string NoBuild = "there is no build step: scripts run as written";
    private const string NoUpstream = "requests keep the URL they arrived with (--upstream sets where passThroughOnException() sends them)";
    private const string NoInspector = "there is no DevTools inspector";
    private const string NoHttps = "HTTPS is not supported locally (serving http)";
    private const string NoBindings = "bindings are not supported yet";
    private const string NoAccount = "there is no Cloudflare account or resource here";
    private const string Local = "workers always runs locally";
    private const string NoTunnel = "workers cannot open a Cloudflare Tunnel; expose the port with cloudflared yourself";

    private readonly List<Flag> _flags = [];

    private WranglerDevFlags()
    {
    }

    /// <summary>Every option added, with what it does here.</summary>
    public IReadOnlyList<Flag> Flags => _flags;

    /// <summary>Adds the flags to <paramref name="command"/>, hidden.</summary>
    public static WranglerDevFlags AddTo(Command command)
    {
        var flags = new WranglerDevFlags();

        // The dev command.
        flags.Switch("--local", ["-l"], Local);
        flags.Switch("--remote", ["-r"], "workers runs locally only (wrangler dev --remote runs the worker on Cloudflare's network)", refused: true);
        flags.Switch("--latest", [], "there is one runtime here, whatever the date");
        flags.Switch("--bundle", [], NoBuild);
        flags.Switch("--minify", [], NoBuild);
        flags.Value("--jsx-factory", [], NoBuild);
        flags.Value("--jsx-fragment", [], NoBuild);
        flags.Value("--tsconfig", [], NoBuild + " (TypeScript needs a build first)");
        flags.Value("--define", [], "not supported yet (" + NoBuild + ")");
        flags.Value("--alias", [], "not supported yet (" + NoBuild + ")");
        flags.Switch("--node-compat", [], "was removed in wrangler 4: use the nodejs_compat compatibility flag (Node.js APIs are not available here)", refused: true);
        flags.Value("--assets", [], "static assets are not supported yet");
        flags.Value("--site", [], "Workers Sites are not supported");
        flags.Value("--site-include", [], "Workers Sites are not supported");
        flags.Value("--site-exclude", [], "Workers Sites are not supported");
        flags.Value("--inspector-port", [], NoInspector);
        flags.Value("--inspector-ip", [], NoInspector);
        flags.Value("--routes", ["--route"], "routes come from the configuration files ('routes' / 'route')");
        flags.Value("--local-upstream", [], NoUpstream);
        flags.Value("--upstream-protocol", [], NoUpstream, choices: ["http", "https"]);
        flags.Value("--local-protocol", [], NoHttps, choices: ["http", "https"], silentValue: "http");
        flags.Value("--https-key-path", [], NoHttps);
        flags.Value("--https-cert-path", [], NoHttps);
        flags.Switch("--enable-containers", [], "containers are not supported");
        flags.Value("--persist-to", [], "there is no local storage to persist yet (no KV, D1, R2 or Durable Objects)");
        flags.Switch("--live-reload", [], "browsers are not reloaded (--watch reloads the workers)");
        flags.Switch("--legacy-env", [], "environments are not supported yet");
        flags.Switch("--show-interactive-dev-session", [], "there is no interactive session");
        flags.Switch("--types", [], "no types are generated");
        flags.Switch("--tunnel", [], NoTunnel, refused: true);
        flags.Value("--tunnel-name", [], NoTunnel, refused: true);
        flags.Switch("--experimental-vectorize-bind-to-prod", [], NoBindings);
        flags.Switch("--experimental-images-local-mode", [], NoBindings);
        flags.Switch("--experimental-new-config", ["--x-new-config"], "only wrangler.toml, wrangler.json and wrangler.jsonc are read");

        // wrangler's global flags (--config and --cwd work: they are ServeCommand's).
        flags.Value("--env", ["-e"], "environments are not supported yet: the top-level configuration is served, not env.NAME");
        flags.Value("--env-file", [], "not supported yet: secrets come from .dev.vars, else .env, beside each wrangler file");
        flags.Value("--profile", [], NoAccount);
        flags.Switch("--install-skills", [], "there is nothing to install");
        flags.Switch("--experimental-provision", ["--x-provision"], NoAccount);
        flags.Switch("--experimental-auto-create", ["--x-auto-create"], NoAccount);
        flags.Switch("--experimental-remote-bindings", ["--x-remote-bindings"], NoBindings);

        foreach (var flag in flags._flags)
        {
            command.Options.Add(flag.Option);
        }

        return flags;
    }

    /// <summary>One warning for each of these flags the command line holds: <c>--inspector-port is ignored: there is no DevTools inspector</c>.</summary>
    public IReadOnlyList<string> Warnings(ParseResult parseResult)
    {
        var warnings = new List<string>();
        foreach (var flag in _flags)
        {
            if (parseResult.GetResult(flag.Option) is not { Implicit: false } result || (flag.Refused && flag.Asks(result)))
            {
                continue;
            }

            if (flag.SilentValue is { } silent && result.Tokens.All(t => t.Value == silent))
            {
                continue;
            }

            warnings.Add($"{OptionParsers.Flag(result)} is ignored: {flag.Reason}");
        }

        return warnings;
    }

    private void Switch(string name, string[] aliases, string reason, bool refused = false)
    {
        // yargs negates any boolean with --no-NAME; wrangler's --no-bundle is that for --bundle.
        var all = aliases.Append("--no-" + name[2..]).ToArray();
        var option = new Option<bool>(name, all) { Hidden = true, Description = "wrangler dev's flag: " + reason };
        var flag = new Flag(option, reason, refused, TakesValue: false, SilentValue: null);
        if (refused)
        {
            option.Validators.Add(result =>
            {
                if (!result.Implicit && flag.Asks(result))
                {
                    result.AddError($"{OptionParsers.Flag(result)}: not supported: {reason}");
                }
            });
        }

        _flags.Add(flag);
    }

    private void Value(string name, string[] aliases, string reason, bool refused = false, string[]? choices = null, string? silentValue = null)
    {
        var option = new Option<string[]>(name, aliases)
        {
            Hidden = true,
            Description = "wrangler dev's flag: " + reason,
            AllowMultipleArgumentsPerToken = false,
        };
        if (choices is not null)
        {
            option.CustomParser = result =>
            {
                foreach (var token in result.Tokens)
                {
                    if (!choices.Contains(token.Value, StringComparer.Ordinal))
                    {
                        OptionParsers.Fail(result, string.Join(" or ", choices), token.Value);
                        break;
                    }
                }

                return result.Tokens.Select(t => t.Value).ToArray();
            };
        }

        if (refused)
        {
            option.Validators.Add(result =>
            {
                if (!result.Implicit)
                {
                    result.AddError($"{OptionParsers.Flag(result)}: not supported: {reason}");
                }
            });
        }

        _flags.Add(new Flag(option, reason, refused, TakesValue: true, silentValue));
    }

    /// <summary>One wrangler flag: its option, why it does nothing here, and whether asking for it is an error.</summary>
    /// <param name="Option">The hidden option.</param>
    /// <param name="Reason">Why it is ignored or refused.</param>
    /// <param name="Refused">Whether asking for it (the flag set, or given a value) stops the command.</param>
    /// <param name="TakesValue">Whether it takes a value (repeatable) rather than being a switch.</param>
    /// <param name="SilentValue">A value that asks for what workers does anyway, so draws no warning (<c>--local-protocol http</c>).</param>
    internal sealed record Flag(Option Option, string Reason, bool Refused, bool TakesValue, string? SilentValue)
    {
        /// <summary>Whether the flag asks for what it names: a value given, or a switch that is not negated (<c>--no-remote</c>, <c>--remote=false</c>).</summary>
        public bool Asks(OptionResult result)
        {
            if (TakesValue)
            {
                return true;
            }

            if (result.IdentifierToken?.Value.StartsWith("--no-", StringComparison.Ordinal) == true)
            {
                return false;
            }

            return result.Tokens.Count == 0 || !bool.TryParse(result.Tokens[^1].Value, out var value) || value;
        }
    }
}
