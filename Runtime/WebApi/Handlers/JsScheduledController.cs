using Jint;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Workers.Runtime.Execution;

namespace Workers.Runtime.WebApi.Handlers;

/// <summary>
/// The <c>controller</c> argument of a module <c>scheduled(controller, env, ctx)</c> handler
/// (https://developers.cloudflare.com/workers/runtime-apis/handlers/scheduled/).
/// </summary>
/// <remarks>
/// As in workerd (<c>api/scheduled.h</c>, <c>JSG_READONLY_INSTANCE_PROPERTY</c>), <c>scheduledTime</c>
/// and <c>cron</c> are read-only properties of the instance, not prototype getters, so they show
/// in <c>Object.keys(controller)</c> and <c>JSON.stringify(controller)</c>; <c>noRetry()</c> is on the
/// prototype.
/// </remarks>
internal sealed class JsScheduledController : ObjectInstance
{
    public JsScheduledController(Engine engine, ObjectInstance prototype, RequestContext context, ScheduledEventInfo info) : base(engine)
    {
        Context = context;
        Prototype = prototype;
        DefineScheduledProperties(this, info);
    }

    public RequestContext Context { get; }

    /// <summary>Defines <c>scheduledTime</c> (whole milliseconds since the Unix epoch) and <c>cron</c> as read-only own properties.</summary>
    internal static void DefineScheduledProperties(ObjectInstance target, ScheduledEventInfo info)
    {
        const PropertyFlag flags = PropertyFlag.Enumerable | PropertyFlag.Configurable;
        target.FastSetProperty("scheduledTime", new PropertyDescriptor(info.ScheduledTime.ToUnixTimeMilliseconds(), flags));
        target.FastSetProperty("cron", new PropertyDescriptor(info.Cron, flags));
    }
}
