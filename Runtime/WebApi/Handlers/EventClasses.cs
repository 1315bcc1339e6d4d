using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Execution;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Handlers;

/// <summary>
/// The prototypes of the objects handed to handlers: the module handler's <c>ctx</c>
/// (workerd's <c>ExecutionContext</c>) and <c>ScheduledController</c>, and the service worker's
/// <c>FetchEvent</c> and <c>ScheduledEvent</c>. Methods live on one prototype per isolate, so an
/// event allocates one object for each, not a set of functions.
/// </summary>
internal sealed class EventClasses
{
    public EventClasses(WorkerGlobalScope scope, Engine engine)
    {
        ExecutionContextPrototype = new JsObject(engine);
        ExecutionContextPrototype.Method("waitUntil", 1, (thisObject, args) =>
        {
            var ctx = Brand.Check<JsExecutionContext>(engine, thisObject);
            scope.WaitUntil(ctx.Context, args.At(0));
            return JsValue.Undefined;
        });
        ExecutionContextPrototype.Method("passThroughOnException", 0, (thisObject, _) =>
        {
            Brand.Check<JsExecutionContext>(engine, thisObject).Context.PassThroughOnException = true;
            return JsValue.Undefined;
        });
        ExecutionContextPrototype.ToStringTag("ExecutionContext");

        FetchEventPrototype = new JsObject(engine);
        FetchEventPrototype.Getter("type", thisObject =>
        {
            Brand.Check<JsFetchEvent>(engine, thisObject);
            return "fetch";
        });
        FetchEventPrototype.Getter("request", thisObject => Brand.Check<JsFetchEvent>(engine, thisObject).Request);
        FetchEventPrototype.Method("respondWith", 1, (thisObject, args) =>
        {
            var fetchEvent = Brand.Check<JsFetchEvent>(engine, thisObject);
            if (fetchEvent.RespondedWith)
            {
                throw JsErrors.FailedToExecute(engine, "respondWith", "FetchEvent", "The event has already been responded to.");
            }

            fetchEvent.RespondedWith = true;
            scope.AwaitResponse(fetchEvent.Context, args.At(0));
            return JsValue.Undefined;
        });
        FetchEventPrototype.Method("waitUntil", 1, (thisObject, args) =>
        {
            scope.WaitUntil(Brand.Check<JsFetchEvent>(engine, thisObject).Context, args.At(0));
            return JsValue.Undefined;
        });
        FetchEventPrototype.Method("passThroughOnException", 0, (thisObject, _) =>
        {
            Brand.Check<JsFetchEvent>(engine, thisObject).Context.PassThroughOnException = true;
            return JsValue.Undefined;
        });
        FetchEventPrototype.ToStringTag("FetchEvent");

        ScheduledControllerPrototype = new JsObject(engine);
        ScheduledControllerPrototype.Method("noRetry", 0, (thisObject, _) =>
        {
            Brand.Check<JsScheduledController>(engine, thisObject).Context.NoRetry = true;
            return JsValue.Undefined;
        });
        ScheduledControllerPrototype.ToStringTag("ScheduledController");

        ScheduledEventPrototype = new JsObject(engine);
        ScheduledEventPrototype.Getter("type", thisObject =>
        {
            Brand.Check<JsScheduledEvent>(engine, thisObject);
            return "scheduled";
        });
        ScheduledEventPrototype.Method("waitUntil", 1, (thisObject, args) =>
        {
            scope.WaitUntil(Brand.Check<JsScheduledEvent>(engine, thisObject).Context, args.At(0));
            return JsValue.Undefined;
        });
        ScheduledEventPrototype.Method("noRetry", 0, (thisObject, _) =>
        {
            Brand.Check<JsScheduledEvent>(engine, thisObject).Context.NoRetry = true;
            return JsValue.Undefined;
        });
        ScheduledEventPrototype.ToStringTag("ScheduledEvent");
    }

    public ObjectInstance ExecutionContextPrototype { get; }

    public ObjectInstance FetchEventPrototype { get; }

    public ObjectInstance ScheduledControllerPrototype { get; }

    public ObjectInstance ScheduledEventPrototype { get; }
}

/// <summary>The <c>ctx</c> argument of a module fetch handler; <c>props</c> is its only own property, as in workerd.</summary>
internal sealed class JsExecutionContext : ObjectInstance
{
    public JsExecutionContext(Engine engine, ObjectInstance prototype, RequestContext context) : base(engine)
    {
        Context = context;
        Prototype = prototype;
        Set("props", new JsObject(engine));
    }

    public RequestContext Context { get; }
}

/// <summary>The event handed to service-worker <c>fetch</c> listeners.</summary>
internal sealed class JsFetchEvent : ObjectInstance
{
    public JsFetchEvent(Engine engine, ObjectInstance prototype, RequestContext context, JsValue request) : base(engine)
    {
        Context = context;
        Request = request;
        Prototype = prototype;
    }

    public RequestContext Context { get; }

    public JsValue Request { get; }

    public bool RespondedWith { get; set; }
}
