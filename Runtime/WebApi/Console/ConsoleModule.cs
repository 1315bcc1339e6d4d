using Jint.Native;
using Jint.Native.Object;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Console;

/// <summary>
/// The <c>console</c> namespace (https://console.spec.whatwg.org/): each call is formatted the
/// way Node and workerd print it and written to the host's log with its level and the worker's
/// name, so <c>console.error</c> shows up as an error line of that worker.
/// </summary>
internal static partial class ConsoleModule
{
    public static void Install(Isolate isolate)
    {
        var engine = isolate.Engine;
        var console = new JsObject(engine);
        Define(console, isolate, "log", LogLevel.Information);
        Define(console, isolate, "info", LogLevel.Information);
        Define(console, isolate, "debug", LogLevel.Debug);
        Define(console, isolate, "trace", LogLevel.Debug);
        Define(console, isolate, "warn", LogLevel.Warning);
        Define(console, isolate, "error", LogLevel.Error);
        console.ToStringTag("console");
        JsMembers.DefineGlobal(engine, "console", console);
    }

    private static void Define(ObjectInstance console, Isolate isolate, string name, LogLevel level)
        => console.Method(name, 0, (_, args) =>
        {
            if (isolate.Logger.IsEnabled(level))
            {
                var text = ConsoleFormatter.Format(args);
                Log.ScriptOutput(isolate.Logger, level, isolate.WorkerName, text);
            }

            return JsValue.Undefined;
        });

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Message = "[{Worker}] {Text}")]
        public static partial void ScriptOutput(ILogger logger, LogLevel level, string worker, string text);
    }
}
