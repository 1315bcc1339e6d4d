namespace Workers.Runtime.Execution;

/// <summary>The kinds of runtime error responses, with the Workers error codes they carry.</summary>
public enum WorkerErrorKind
{
    /// <summary>Error 1101: the script threw, or its response promise rejected. HTTP 500.</summary>
    UncaughtException,

    /// <summary>Error 1102: the request exceeded a resource limit. HTTP 503.</summary>
    LimitExceeded,

    /// <summary>The handler produced something that is not a Response. HTTP 500.</summary>
    NotAResponse,

    /// <summary>The response promise can never settle. HTTP 500.</summary>
    NeverResponds,

    /// <summary>The worker has no handler for the event. HTTP 500.</summary>
    NoHandler,

    /// <summary>A fault in the runtime itself; details are logged, never sent. HTTP 500.</summary>
    Internal,

    /// <summary>
    /// The client went away before the response was decided, and the request was cancelled.
    /// HTTP 499, nginx's code for "client closed request": it is never sent to anyone (there is
    /// nobody left to send it to) and exists for the request log and the metrics.
    /// </summary>
    ClientDisconnected,

    /// <summary>
    /// Error 524: the worker did not decide a response within the response timeout
    /// (<see cref="Isolates.IsolateLimits.ResponseTimeout"/>), and the request was cancelled. HTTP 524,
    /// what Cloudflare's edge answers when an origin sends no response headers within 100 seconds.
    /// </summary>
    ResponseTimeout,
}
