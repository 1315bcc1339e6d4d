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
}
