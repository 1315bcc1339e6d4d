namespace Workers.Runtime.Hosting.Config;

/// <summary>The kinds of value a configuration file can hold, common to TOML and JSON.</summary>
internal enum ConfigNodeKind
{
    Table,
    Array,
    String,
    Integer,
    Float,
    Boolean,
    DateTime,
    Null,
}
