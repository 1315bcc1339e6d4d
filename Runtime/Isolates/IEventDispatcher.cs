using Workers.Runtime.Execution;

namespace Workers.Runtime.Isolates;

/// <summary>
/// Delivers events to the script's handlers. Implemented by the Web API layer, which knows the
/// JS side (Request objects, handler shapes); the isolate only runs it inside a turn.
/// </summary>
internal interface IEventDispatcher
{
    /// <summary>Calls the fetch handler for <paramref name="context"/>; runs inside a turn owned by it.</summary>
    void DispatchFetch(RequestContext context);

    /// <summary>
    /// Calls the scheduled handler for <paramref name="context"/>; runs inside a turn owned by it.
    /// Registers the handler's promise as one of the event's <c>waitUntil</c> tasks, and records
    /// (rather than throws) what the handler's own code throws.
    /// </summary>
    void DispatchScheduled(RequestContext context);
}
