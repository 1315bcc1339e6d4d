namespace Workers.Runtime.Execution;

/// <summary>
/// The outcome names of events that have no HTTP response, spelled as workerd's
/// <c>EventOutcome</c> enum (<c>src/workerd/io/outcome.capnp</c>), which is what Cloudflare's logs,
/// Tail Workers and Miniflare's <c>/cdn-cgi/local/scheduled</c> endpoint report.
/// </summary>
public static class EventOutcome
{
    /// <summary>The handler and all its <c>waitUntil</c> work settled without an error.</summary>
    public const string Ok = "ok";

    /// <summary>The handler threw, a promise it left behind rejected, there was no handler, or the event hung.</summary>
    public const string Exception = "exception";

    /// <summary>The event exceeded its CPU time (or, here, CPU steps) limit.</summary>
    public const string ExceededCpu = "exceededCpu";

    /// <summary>The event exceeded its memory limit.</summary>
    public const string ExceededMemory = "exceededMemory";

    /// <summary>The event ran longer than it may in wall-clock time.</summary>
    public const string ExceededWallTime = "exceededWallTime";

    /// <summary>The host cancelled the event (shutdown, reload) before it finished.</summary>
    public const string Canceled = "canceled";

    /// <summary>The runtime itself failed; the details are in the server log.</summary>
    public const string InternalError = "internalError";
}
