namespace Workers.Runtime.Isolates;

/// <summary>
/// A worker script could not be loaded: a syntax error (with file, line and column), a top-level
/// exception, or a script that defines no handler. The message is meant for the user as it is.
/// </summary>
public sealed class WorkerLoadException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public WorkerLoadException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public WorkerLoadException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public WorkerLoadException() : base("The worker script could not be loaded.")
    {
    }

    /// <summary>The script file, when the error has a position.</summary>
    public string? File { get; init; }

    /// <summary>1-based line, when the error has a position.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column, when the error has a position.</summary>
    public int? Column { get; init; }
}
