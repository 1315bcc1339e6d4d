using System.Runtime.CompilerServices;
using Jint;
using Jint.Native.Error;
using Jint.Runtime;

namespace Workers.Runtime.Interop;

/// <summary>
/// The one place where errors a script can see are created, so that every Web API uses the
/// same constructors and message style ("Failed to execute 'append' on 'Headers': ...").
/// </summary>
internal static class JsErrors
{
    private static readonly ConditionalWeakTable<Engine, ErrorConstructors> s_constructors = [];

    /// <summary>A <c>TypeError</c> with the given message.</summary>
    public static JavaScriptException TypeError(Engine engine, string message)
        => new(engine.Intrinsics.TypeError, message);

    /// <summary>A <c>RangeError</c> with the given message.</summary>
    public static JavaScriptException RangeError(Engine engine, string message)
        => new(Constructors(engine).RangeError, message);

    /// <summary>A plain <c>Error</c> with the given message.</summary>
    public static JavaScriptException Error(Engine engine, string message)
        => new(engine.Intrinsics.Error, message);

    /// <summary>The Web IDL "Illegal invocation" error for a method called on the wrong object.</summary>
    public static JavaScriptException IllegalInvocation(Engine engine)
        => new(engine.Intrinsics.TypeError, "Illegal invocation");

    /// <summary>
    /// The error for an API that the runtime does not implement yet. The message names the API so
    /// the user knows what is missing instead of seeing a generic failure.
    /// </summary>
    public static JavaScriptException NotSupported(Engine engine, string api)
        => new(engine.Intrinsics.Error, $"{api} is not supported by this runtime yet.");

    /// <summary>
    /// The Error workerd throws for what only a request may do (set a timer, generate random
    /// values, start I/O) when it is tried in global scope, while the script loads.
    /// </summary>
    public static JavaScriptException DisallowedInGlobalScope(Engine engine)
        => Error(engine, "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or connect()), setting a timeout, and generating random values are not allowed within global scope. To fix this error, perform this operation within a handler.");

    /// <summary>Formats a Web IDL operation failure the way browsers and workerd word it.</summary>
    public static JavaScriptException FailedToExecute(Engine engine, string operation, string type, string reason)
        => new(engine.Intrinsics.TypeError, $"Failed to execute '{operation}' on '{type}': {reason}");

    /// <summary>A constructor failure for an empty <paramref name="operation"/>, else an operation failure.</summary>
    public static JavaScriptException Failed(Engine engine, string operation, string type, string reason)
        => operation.Length == 0 ? FailedToConstruct(engine, type, reason) : FailedToExecute(engine, operation, type, reason);

    /// <summary>Formats a Web IDL constructor failure.</summary>
    public static JavaScriptException FailedToConstruct(Engine engine, string type, string reason)
        => new(engine.Intrinsics.TypeError, $"Failed to construct '{type}': {reason}");

    /// <summary>
    /// Captures the error constructors Jint does not expose publicly, before any script can
    /// replace the globals that hold them. Called once per engine, before the worker runs.
    /// </summary>
    public static void Prime(Engine engine) => Constructors(engine);

    private static ErrorConstructors Constructors(Engine engine)
        => s_constructors.GetValue(engine, static e => new ErrorConstructors(
            (ErrorConstructor)e.Global.Get("RangeError")));

    private sealed record ErrorConstructors(ErrorConstructor RangeError);
}
