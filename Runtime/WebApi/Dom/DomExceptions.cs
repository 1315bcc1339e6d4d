using Jint;
using Jint.Native.Object;
using Jint.Runtime;

namespace Workers.Runtime.WebApi.Dom;

/// <summary>
/// Creates DOMExceptions from host code, for the Web APIs whose specs "throw a DOMException"
/// (https://webidl.spec.whatwg.org/#dfn-throw): <c>throw DomExceptions.Throw(engine, "...", "AbortError");</c>.
/// </summary>
internal static class DomExceptions
{
    /// <summary>A new <c>DOMException</c> object with the given message and name.</summary>
    public static ObjectInstance Create(Engine engine, string message, string name)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(name);
        return DomModule.Constructor(engine).Create(message, name);
    }

    /// <summary>
    /// The exception that throws a new <c>DOMException</c> into the script; the caller throws it
    /// (<c>throw DomExceptions.Throw(...)</c>) so that the compiler sees the control flow.
    /// </summary>
    public static JavaScriptException Throw(Engine engine, string message, string name)
        => new(Create(engine, message, name));
}
