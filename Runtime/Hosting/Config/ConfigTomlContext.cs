using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// Tomlyn's source-generated metadata for reading a configuration file into an untyped
/// <see cref="TomlTable"/>, so that reading needs no reflection (Tomlyn turns its reflection
/// path off under NativeAOT, and the trimmer cannot follow it).
/// </summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigTomlContext : TomlSerializerContext
{
    /// <summary>Creates a context that reads with <paramref name="options"/> (source name, metadata store, ...).</summary>
    /// <param name="options">Options without a type-info resolver; the context becomes theirs.</param>
    public ConfigTomlContext(TomlSerializerOptions options)
        : base(options)
    {
    }
}
