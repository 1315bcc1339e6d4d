using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Workers.Runtime.Interop;

/// <summary>Promises made by host code, settled on the isolate's loop as they are created.</summary>
internal static class JsPromises
{
    /// <summary>A promise already rejected with <paramref name="reason"/>.</summary>
    public static JsValue Rejected(Engine engine, JsValue reason)
    {
        var (promise, _, reject) = engine.Advanced.RegisterPromise();
        reject(reason);
        return promise;
    }

    /// <summary>
    /// A promise settled with the result of <paramref name="produce"/>: fulfilled with its value,
    /// or rejected with the JS error it throws, as Web IDL does for promise-returning operations
    /// (https://webidl.spec.whatwg.org/#es-operations, step "If op has a return type that is a promise type").
    /// </summary>
    public static JsValue Settle(Engine engine, Func<JsValue> produce)
    {
        var (promise, resolve, reject) = engine.Advanced.RegisterPromise();
        try
        {
            resolve(produce());
        }
        catch (JavaScriptException e)
        {
            reject(e.Error);
        }

        return promise;
    }
}
