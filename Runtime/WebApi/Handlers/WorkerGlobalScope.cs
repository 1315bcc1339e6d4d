using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Workers.Runtime.Execution;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;
using Workers.Runtime.WebApi.Clone;
using Workers.Runtime.WebApi.Console;
using Workers.Runtime.WebApi.Crypto;
using Workers.Runtime.WebApi.Dom;
using Workers.Runtime.WebApi.Fetch;
using Workers.Runtime.WebApi.TextEncoding;
using Workers.Runtime.WebApi.Timers;
using Workers.Runtime.WebApi.Url;

namespace Workers.Runtime.WebApi.Handlers;

/// <summary>
/// A worker's global scope: installs every Web API, evaluates the script, finds its handlers
/// (<c>export default { fetch, scheduled }</c> or <c>addEventListener('fetch' | 'scheduled', ...)</c>)
/// and delivers events to them, turning what they produce into a response, a scheduled outcome or
/// a Workers error.
/// </summary>
internal sealed class WorkerGlobalScope : IEventDispatcher
{
    private readonly Isolate _isolate;
    private readonly Engine _engine;
    private readonly WorkerScript _script;
    private readonly ObjectInstance _env;
    private readonly List<JsValue> _fetchListeners = [];
    private readonly List<JsValue> _scheduledListeners = [];
    private readonly EventClasses _classes;
    private ObjectInstance? _defaultExport;
    private JsValue _promiseResolve = JsValue.Undefined;
    private JsValue _promiseThen = JsValue.Undefined;

    private WorkerGlobalScope(Isolate isolate, WorkerScript script, WorkerBindings bindings)
    {
        _isolate = isolate;
        _engine = isolate.Engine;
        _script = script;
        _env = new JsObject(_engine);
        _classes = new EventClasses(this, _engine);
        foreach (var (name, value) in bindings.Vars)
        {
            _env.Set(name, value);
        }

        if (bindings.JsonVars.Count > 0)
        {
            var parser = new JsonParser(_engine);
            foreach (var (name, json) in bindings.JsonVars)
            {
                _env.Set(name, parser.Parse(json));
            }
        }

        foreach (var (name, value) in bindings.Secrets)
        {
            _env.Set(name, value);
        }
    }

    /// <summary>Sets up an isolate for <paramref name="script"/>; runs on the isolate's loop.</summary>
    public static IEventDispatcher Setup(Isolate isolate, WorkerScript script, WorkerBindings bindings)
    {
        WorkerGlobalScope? scope = null;
        isolate.RunAsRuntimeWork(() =>
        {
            scope = new WorkerGlobalScope(isolate, script, bindings);
            scope.Install();
        });
        scope!.Evaluate();
        return scope;
    }

    private void Install()
    {
        JsErrors.Prime(_engine);
        // Captured before the script runs: a script that replaces Promise.resolve (or the
        // Promise global) must not change how the runtime waits for its response.
        var promise = _engine.Global.Get("Promise");
        var resolve = promise.Get("resolve");
        _promiseResolve = new ClrFunction(_engine, "resolve", (_, args) => _engine.Call(resolve, promise, args), 1, default);
        _promiseThen = promise.Get("prototype").Get("then");
        ConsoleModule.Install(_isolate);
        TimersModule.Install(_isolate);
        FetchModule.Install(_isolate);
        UrlModule.Install(_isolate);
        DomModule.Install(_isolate);
        StructuredCloneModule.Install(_isolate);
        EncodingModule.Install(_isolate);
        CryptoModule.Install(_isolate);
        var global = _engine.Global;
        JsMembers.DefineGlobal(_engine, "self", global);
        global.Method("addEventListener", 2, (_, args) =>
        {
            var listeners = ListenersFor(TypeConverter.ToString(args.At(0)));
            var listener = args.At(1);
            if (listeners is not null && listener.IsCallable() && !listeners.Contains(listener))
            {
                listeners.Add(listener);
            }

            return JsValue.Undefined;
        });
        global.Method("removeEventListener", 2, (_, args) =>
        {
            ListenersFor(TypeConverter.ToString(args.At(0)))?.Remove(args.At(1));
            return JsValue.Undefined;
        });
    }

    private List<JsValue>? ListenersFor(string type) => type switch
    {
        "fetch" => _fetchListeners,
        "scheduled" => _scheduledListeners,
        _ => null,
    };

    private void Evaluate()
    {
        if (_script.Syntax == WorkerSyntax.Module)
        {
            var module = _script.Module;
            _engine.Modules.Add(_script.FileName, builder => builder.AddModule(module));
            var exports = _engine.Modules.Import(_script.FileName);
            _defaultExport = exports.Get("default") as ObjectInstance;
        }
        else
        {
            _engine.Execute(_script.Script);
        }
    }

    /// <inheritdoc />
    public void DispatchFetch(RequestContext context)
    {
        var request = FetchModule.CreateRequest(_isolate, context);
        if (_script.Syntax == WorkerSyntax.Module)
        {
            var fetch = _defaultExport?.Get("fetch") ?? JsValue.Undefined;
            if (!fetch.IsCallable())
            {
                context.Fail(new WorkerError(WorkerErrorKind.NoHandler, "Handler does not export a fetch() function."));
                return;
            }

            var ctx = new JsExecutionContext(_engine, _classes.ExecutionContextPrototype, context);
            var result = _engine.Call(fetch, _defaultExport!, [request, _env, ctx]);
            AwaitResponse(context, result);
            return;
        }

        if (_fetchListeners.Count == 0)
        {
            context.Fail(new WorkerError(WorkerErrorKind.NoHandler, "No fetch event listener was registered: call addEventListener('fetch', event => event.respondWith(...))."));
            return;
        }

        var fetchEvent = new JsFetchEvent(_engine, _classes.FetchEventPrototype, context, request);
        foreach (var listener in _fetchListeners.ToArray())
        {
            _engine.Call(listener, JsValue.Undefined, [fetchEvent]);
        }

        if (!fetchEvent.RespondedWith)
        {
            context.Fail(new WorkerError(WorkerErrorKind.NoHandler, "The fetch event listener did not call event.respondWith()."));
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Follows workerd's <c>ServiceWorkerGlobalScope::startScheduled</c> (<c>api/global-scope.c++</c>):
    /// the module handler gets a <c>ScheduledController</c>, <c>env</c> and <c>ctx</c>, and its
    /// promise becomes a <c>waitUntil</c> task; listeners get a <c>ScheduledEvent</c>. Without a
    /// handler the event fails with workerd's message and is marked not to be retried.
    /// </remarks>
    public void DispatchScheduled(RequestContext context)
    {
        var info = context.Scheduled!;
        if (_script.Syntax == WorkerSyntax.Module)
        {
            var scheduled = _defaultExport?.Get("scheduled") ?? JsValue.Undefined;
            if (!scheduled.IsCallable())
            {
                FailNoScheduledHandler(context, "Handler does not export a scheduled() function");
                return;
            }

            var controller = new JsScheduledController(_engine, _classes.ScheduledControllerPrototype, context, info);
            var ctx = new JsExecutionContext(_engine, _classes.ExecutionContextPrototype, context);
            JsValue result;
            try
            {
                result = _engine.Call(scheduled, _defaultExport!, [controller, _env, ctx]);
            }
            catch (JavaScriptException e)
            {
                _isolate.RecordUncaught(context, JsErrorText.Describe(e));
                return;
            }

            AwaitScheduled(context, result);
            return;
        }

        if (_scheduledListeners.Count == 0)
        {
            FailNoScheduledHandler(context, "No event listener registered for scheduled events.");
            return;
        }

        var scheduledEvent = new JsScheduledEvent(_engine, _classes.ScheduledEventPrototype, context, info);
        try
        {
            foreach (var listener in _scheduledListeners.ToArray())
            {
                _engine.Call(listener, JsValue.Undefined, [scheduledEvent]);
            }
        }
        catch (JavaScriptException e)
        {
            _isolate.RecordUncaught(context, JsErrorText.Describe(e));
        }
    }

    private void FailNoScheduledHandler(RequestContext context, string message)
    {
        _isolate.Logger.LogNoScheduledHandler(_isolate.WorkerName, message);
        context.NoRetry = true;
        context.Fail(new WorkerError(WorkerErrorKind.NoHandler, "Error: " + message));
    }

    /// <summary>Keeps a scheduled event alive until the handler's result settles; a rejection is its uncaught error.</summary>
    private void AwaitScheduled(RequestContext context, JsValue result)
    {
        context.AddWaitUntil();
        var settled = new ClrFunction(_engine, "", (_, _) =>
        {
            context.WaitUntilSettled();
            return JsValue.Undefined;
        }, 1, default);
        var failed = new ClrFunction(_engine, "", (_, args) =>
        {
            _isolate.RecordUncaught(context, JsErrorText.Describe(args.At(0)));
            context.WaitUntilSettled();
            return JsValue.Undefined;
        }, 1, default);
        _engine.Call(_promiseThen, _engine.Call(_promiseResolve, JsValue.Undefined, [result]), [settled, failed]);
    }

    /// <summary>Waits for the handler's result and answers with it.</summary>
    internal void AwaitResponse(RequestContext context, JsValue result)
    {
        var promise = _engine.Call(_promiseResolve, JsValue.Undefined, [result]);
        var onFulfilled = new ClrFunction(_engine, "", (_, args) =>
        {
            OnHandlerResult(context, args.At(0));
            return JsValue.Undefined;
        }, 1, default);
        var onRejected = new ClrFunction(_engine, "", (_, args) =>
        {
            if (!context.HasResponded)
            {
                _isolate.FailUncaught(context, JsErrorText.Describe(args.At(0)));
            }

            return JsValue.Undefined;
        }, 1, default);
        _engine.Call(_promiseThen, promise, [onFulfilled, onRejected]);
    }

    /// <summary>
    /// Keeps the event alive until <paramref name="promise"/> settles (for a fetch event, bounded
    /// by the waitUntil timeout). A rejection is logged; for a scheduled event it also makes the
    /// outcome <c>exception</c>, as in workerd, where a failed <c>waitUntil</c> task sets the
    /// status that <c>finishScheduled</c> reports (<c>IoContext::taskFailed</c>, <c>io/io-context.c++</c>).
    /// </summary>
    internal void WaitUntil(RequestContext context, JsValue promise)
    {
        context.AddWaitUntil();
        var settled = new ClrFunction(_engine, "", (_, _) =>
        {
            context.WaitUntilSettled();
            return JsValue.Undefined;
        }, 1, default);
        var failed = new ClrFunction(_engine, "", (_, args) =>
        {
            var description = JsErrorText.Describe(args.At(0));
            _isolate.Logger.LogWaitUntilRejected(_isolate.WorkerName, description);
            if (context.IsScheduled)
            {
                context.RecordFailure(EventOutcome.Exception, "Uncaught (in a waitUntil promise) " + description);
            }
            context.WaitUntilSettled();
            return JsValue.Undefined;
        }, 1, default);
        _engine.Call(_promiseThen, _engine.Call(_promiseResolve, JsValue.Undefined, [promise]), [settled, failed]);
    }

    private void OnHandlerResult(RequestContext context, JsValue value)
    {
        if (context.HasResponded)
        {
            return;
        }

        WorkerResponse? response;
        bool converted;
        try
        {
            converted = FetchModule.TryConvertResponse(_isolate, value, out response);
        }
        catch (JavaScriptException e)
        {
            // The value is a Response that cannot be sent (an error response, a used body).
            _isolate.FailUncaught(context, JsErrorText.Describe(e));
            return;
        }

        if (converted && response is not null)
        {
            context.Respond(response);
            context.DrainWaitUntil();
            return;
        }

        context.Fail(new WorkerError(WorkerErrorKind.NotAResponse, "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'."));
    }
}
