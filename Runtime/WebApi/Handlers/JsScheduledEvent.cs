using Jint;
using Jint.Native.Object;
using Workers.Runtime.Execution;

namespace Workers.Runtime.WebApi.Handlers;

/// <summary>
/// The event handed to service-worker <c>scheduled</c> listeners: <c>type</c>, <c>scheduledTime</c>,
/// <c>cron</c>, <c>noRetry()</c> and <c>waitUntil()</c>, as workerd's <c>ScheduledEvent</c>
/// (<c>api/scheduled.h</c>), whose <c>scheduledTime</c> and <c>cron</c> are instance properties.
/// </summary>
internal sealed class JsScheduledEvent : ObjectInstance
{
    public JsScheduledEvent(Engine engine, ObjectInstance prototype, RequestContext context, ScheduledEventInfo info) : base(engine)
    {
        Context = context;
        Prototype = prototype;
        JsScheduledController.DefineScheduledProperties(this, info);
    }

    public RequestContext Context { get; }
}
