namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// Validates the <c>dev</c> table of one file and returns its <see cref="DevSettings"/>. A value of
/// the wrong type stops loading, naming the file, line and key; keys that configure something this
/// runtime does not have (an inspector, HTTPS, an upstream host, containers) draw a warning naming them.
/// </summary>
internal static class DevTableReader
{
    /// <summary>The most a port can be.</summary>
    private const int MaxPort = 65535;

    /// <param name="table">The file's top-level table.</param>
    /// <param name="file">The file, for messages.</param>
    /// <param name="context">Where warnings go.</param>
    /// <returns>The settings; with no <c>dev</c> key, settings with every value null and no <see cref="DevSettings.ConfigPath"/>.</returns>
    public static DevSettings Read(ConfigNode table, string file, LoadContext context)
    {
        var node = table.Member("dev");
        if (node is null or { Kind: ConfigNodeKind.Null })
        {
            return new DevSettings();
        }

        if (node.Kind != ConfigNodeKind.Table)
        {
            throw new ConfigException(file, "dev", $"must be {node.ATable} such as {node.Example("port", "8787")}, got {node.Describe()}", node.Line, node.Column);
        }

        string? ip = null;
        int? port = null;
        foreach (var (key, value) in node.Members)
        {
            if (value.Kind == ConfigNodeKind.Null)
            {
                continue;
            }

            switch (key)
            {
                case "ip":
                    ip = NonEmptyString(file, key, value, "an address to listen on, such as \"127.0.0.1\" or \"0.0.0.0\"");
                    break;
                case "port":
                    port = Port(file, key, value);
                    break;
                case "local_protocol":
                    if (Protocol(file, key, value) == "https")
                    {
                        context.Warn(file, "dev.local_protocol = \"https\": HTTPS is not supported locally (serving http)");
                    }

                    break;
                case "upstream_protocol":
                    Protocol(file, key, value);
                    context.Warn(file, "'dev.upstream_protocol' is ignored: requests keep the URL they arrived with (--upstream sets where passThroughOnException() sends them)");
                    break;
                case "host":
                    NonEmptyString(file, key, value, "a host name");
                    context.Warn(file, "'dev.host' is ignored: requests keep the URL they arrived with (--upstream sets where passThroughOnException() sends them)");
                    break;
                case "inspector_port":
                    Port(file, key, value);
                    context.Warn(file, "'dev.inspector_port' is ignored: there is no DevTools inspector");
                    break;
                case "inspector_ip":
                    NonEmptyString(file, key, value, "an address");
                    context.Warn(file, "'dev.inspector_ip' is ignored: there is no DevTools inspector");
                    break;
                case "enable_containers":
                    if (Boolean(file, key, value))
                    {
                        context.Warn(file, "'dev.enable_containers' is ignored: containers are not supported");
                    }

                    break;
                case "container_engine":
                    context.Warn(file, "'dev.container_engine' is ignored: containers are not supported");
                    break;
                case "generate_types":
                    if (Boolean(file, key, value))
                    {
                        context.Warn(file, "'dev.generate_types' is ignored: no types are generated");
                    }

                    break;
                default:
                    context.Warn(file, $"unknown key 'dev.{key}' (ignored)");
                    break;
            }
        }

        return new DevSettings { Ip = ip, Port = port, ConfigPath = file };
    }

    private static ConfigException Error(string file, string key, ConfigNode value, string reason) =>
        new(file, "dev." + key, reason, value.Line, value.Column);

    private static string NonEmptyString(string file, string key, ConfigNode value, string what)
    {
        if (value.Kind != ConfigNodeKind.String || string.IsNullOrWhiteSpace(value.Text))
        {
            throw Error(file, key, value, $"must be {what}, got {value.Describe()}");
        }

        return value.Text;
    }

    private static int Port(string file, string key, ConfigNode value)
    {
        if (value.Kind != ConfigNodeKind.Integer || value.Integer is < 0 or > MaxPort)
        {
            throw Error(file, key, value, $"must be a port number from 0 to {MaxPort}, got {value.Describe()}");
        }

        return (int)value.Integer;
    }

    private static string Protocol(string file, string key, ConfigNode value)
    {
        if (value.Kind != ConfigNodeKind.String || value.Text is not ("http" or "https"))
        {
            throw Error(file, key, value, $"must be \"http\" or \"https\", got {value.Describe()}");
        }

        return value.Text;
    }

    private static bool Boolean(string file, string key, ConfigNode value)
    {
        if (value.Kind != ConfigNodeKind.Boolean)
        {
            throw Error(file, key, value, $"must be true or false, got {value.Describe()}");
        }

        return value.Boolean;
    }
}
