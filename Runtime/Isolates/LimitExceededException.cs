namespace Workers.Runtime.Isolates;

/// <summary>
/// Thrown from inside the interpreter when a request breaches a limit. It is not a
/// <c>JavaScriptException</c>, so no script <c>catch</c> or <c>finally</c> runs: a script cannot
/// swallow a breach.
/// </summary>
internal sealed class LimitExceededException : Exception
{
    public LimitExceededException(LimitKind kind, string message) : base(message) => Kind = kind;

    public LimitExceededException()
    {
    }

    public LimitExceededException(string message) : base(message)
    {
    }

    public LimitExceededException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Which limit was breached.</summary>
    public LimitKind Kind { get; }
}
