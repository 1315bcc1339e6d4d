namespace Workers.Runtime.Hosting;

/// <summary>The HTTP front end could not listen on the address asked for. The message is user-facing.</summary>
public sealed class HttpServerStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HttpServerStartException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HttpServerStartException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HttpServerStartException()
    {
    }
}
