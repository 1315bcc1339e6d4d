using Jint;
using Jint.Native;

namespace Workers.Runtime.Interop;

/// <summary>Brand checks: a Web API method accepts only instances of its own class.</summary>
internal static class Brand
{
    /// <summary>
    /// Returns <paramref name="thisObject"/> as <typeparamref name="T"/> or throws the TypeError
    /// "Illegal invocation" that browsers and workerd throw for a method taken off its object.
    /// </summary>
    public static T Check<T>(Engine engine, JsValue thisObject) where T : class
        => thisObject as T ?? throw JsErrors.IllegalInvocation(engine);
}
