using System.Globalization;
using System.Text;

namespace Workers.Runtime.Hosting.Config;

/// <summary>
/// A worker configuration file (or a secrets file, or a script given without one) is missing,
/// unreadable or invalid. The message is user-facing and names the file, the key and, when known,
/// the line and column: <c>wrangler.toml:7:1: limits.cpu_ms: must be a positive integer, got "abc"</c>.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception with a message and no location.</summary>
    public ConfigException(string message) : base(message)
    {
        File = string.Empty;
        Reason = message;
    }

    /// <summary>Creates the exception with a message, no location and the error that caused it.</summary>
    public ConfigException(string message, Exception innerException) : base(message, innerException)
    {
        File = string.Empty;
        Reason = message;
    }

    /// <summary>Creates the exception with a generic message and no location.</summary>
    public ConfigException() : this("The worker configuration is invalid.")
    {
    }

    /// <summary>Creates the exception for <paramref name="file"/>, optionally at a key and a position.</summary>
    /// <param name="file">The full path of the file at fault.</param>
    /// <param name="key">The dotted path of the key at fault (<c>limits.cpu_ms</c>, <c>workers[1].main</c>), or null for the whole file.</param>
    /// <param name="reason">What is wrong, without the location.</param>
    /// <param name="line">The 1-based line, when known.</param>
    /// <param name="column">The 1-based column, when known.</param>
    /// <param name="innerException">The error that caused this one, if any.</param>
    public ConfigException(string file, string? key, string reason, int? line = null, int? column = null, Exception? innerException = null)
        : base(Format(file, key, reason, line, column), innerException)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(reason);
        File = file;
        Key = key;
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>The full path of the file at fault; empty when the exception names no file.</summary>
    public string File { get; }

    /// <summary>The dotted path of the key at fault, such as <c>limits.cpu_ms</c> or <c>workers[1].main</c>; null for a whole-file error.</summary>
    public string? Key { get; }

    /// <summary>The 1-based line of the error in <see cref="File"/>, when known.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column of the error in <see cref="File"/>, when known (for JSON, counted in UTF-8 bytes).</summary>
    public int? Column { get; }

    /// <summary>What is wrong, without the file, key and position.</summary>
    public string Reason { get; }

    private static string Format(string file, string? key, string reason, int? line, int? column)
    {
        var text = new StringBuilder(ConfigPaths.Display(file));
        if (line is { } l)
        {
            text.Append(CultureInfo.InvariantCulture, $":{l}");
            if (column is { } c)
            {
                text.Append(CultureInfo.InvariantCulture, $":{c}");
            }
        }

        text.Append(": ");
        if (key is not null)
        {
            text.Append(key).Append(": ");
        }

        return text.Append(reason).ToString();
    }
}
