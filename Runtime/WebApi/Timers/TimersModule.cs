using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Timers;

/// <summary>
/// <c>setTimeout</c>, <c>setInterval</c>, <c>clearTimeout</c>, <c>clearInterval</c> and
/// <c>queueMicrotask</c> (https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers).
/// A timer belongs to the request that set it: it keeps that request from being taken for hung,
/// its callback is charged to that request's CPU budget, and it is cancelled when the request
/// ends. As in Workers, timers cannot be set in global scope, outside any request.
/// </summary>
internal static partial class TimersModule
{
    /// <summary>Parsed once per process: queues a callback as a promise job, with the intrinsics captured.</summary>
    private static readonly Prepared<Script> s_queueMicrotask = Engine.PrepareScript(
        "(function () { var p = Promise.resolve(); var then = Promise.prototype.then; return function (cb) { then.call(p, cb); }; })()",
        "queueMicrotask");

    public static void Install(Isolate isolate)
    {
        var engine = isolate.Engine;
        var registry = new TimerRegistry(isolate);
        var global = engine.Global;
        global.Method("setTimeout", 1, (_, args) => registry.Start(args, repeat: false));
        global.Method("setInterval", 1, (_, args) => registry.Start(args, repeat: true));
        global.Method("clearTimeout", 0, (_, args) => registry.Clear(args.At(0)));
        global.Method("clearInterval", 0, (_, args) => registry.Clear(args.At(0)));
        var resolvedThen = engine.Evaluate(s_queueMicrotask);
        global.Method("queueMicrotask", 1, (_, args) =>
        {
            var callback = args.At(0);
            if (!callback.IsCallable())
            {
                throw JsErrors.FailedToExecute(engine, "queueMicrotask", "Window", "parameter 1 is not of type 'Function'.");
            }

            engine.Call(resolvedThen, JsValue.Undefined, [callback]);
            return JsValue.Undefined;
        });
    }

    /// <summary>The timers of one isolate, by id.</summary>
    private sealed class TimerRegistry(Isolate isolate)
    {
        private readonly Dictionary<int, Timer> _timers = [];
        private int _nextId;

        public JsValue Start(JsValue[] args, bool repeat)
        {
            var engine = isolate.Engine;
            var context = isolate.CurrentContext
                ?? throw JsErrors.DisallowedInGlobalScope(engine);
            var callback = args.At(0);
            if (!callback.IsCallable())
            {
                throw JsErrors.TypeError(engine, $"Failed to execute '{(repeat ? "setInterval" : "setTimeout")}': parameter 1 is not of type 'Function'.");
            }

            var delayValue = TypeConverter.ToNumber(args.At(1));
            var delay = double.IsNaN(delayValue) || delayValue < 0 ? 0 : Math.Min(delayValue, int.MaxValue);
            var extra = args.Length > 2 ? args[2..] : [];
            var id = ++_nextId;
            var timer = new Timer(this, id, context, callback, extra, repeat);
            _timers[id] = timer;
            context.BeginOperation();
            context.Own(timer);
            timer.Arm(TimeSpan.FromMilliseconds(delay));
            return id;
        }

        public JsValue Clear(JsValue id)
        {
            if (id.IsNumber() && _timers.TryGetValue((int)id.AsNumber(), out var timer))
            {
                timer.Dispose();
            }

            return JsValue.Undefined;
        }

        public void Fire(Timer timer)
        {
            if (timer.Disposed)
            {
                return;
            }

            if (!timer.Repeat)
            {
                timer.Dispose();
            }

            try
            {
                isolate.Engine.Call(timer.Callback, JsValue.Undefined, timer.Arguments);
            }
            catch (JavaScriptException e)
            {
                Log.UncaughtInTimer(isolate.Logger, isolate.WorkerName, JsErrorText.Describe(e));
            }
        }

        public void Remove(Timer timer)
        {
            _timers.Remove(timer.Id);
            timer.Context.EndOperation();
            timer.Context.Disown(timer);
        }

        public Isolate Isolate => isolate;
    }

    /// <summary>One pending timer; disposing it cancels it.</summary>
    private sealed class Timer(TimerRegistry registry, int id, RequestContext context, JsValue callback, JsValue[] arguments, bool repeat) : IDisposable
    {
        private ITimer? _timer;

        public int Id => id;

        public TimerRegistry Registry => registry;

        public RequestContext Context => context;

        public JsValue Callback => callback;

        public JsValue[] Arguments => arguments;

        public bool Repeat => repeat;

        public bool Disposed { get; private set; }

        public void Arm(TimeSpan delay)
        {
            var isolate = registry.Isolate;
            _timer = isolate.TimeProvider.CreateTimer(
                static state =>
                {
                    var self = (Timer)state!;
                    self.Registry.Isolate.Post(self.Context, () => self.Registry.Fire(self));
                },
                this,
                delay,
                repeat ? (delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1)) : Timeout.InfiniteTimeSpan);
        }

        public void Dispose()
        {
            if (Disposed)
            {
                return;
            }

            Disposed = true;
            _timer?.Dispose();
            registry.Remove(this);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "[{Worker}] Uncaught (in a timer callback) {Description}")]
        public static partial void UncaughtInTimer(ILogger logger, string worker, string description);
    }
}
