using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Dom;

/// <summary>The members of <c>DOMException.prototype</c> (https://webidl.spec.whatwg.org/#idl-DOMException).</summary>
internal static class DomExceptionPrototype
{
    /// <summary>Defines the attributes, the constants and <c>toString</c> on <paramref name="prototype"/>.</summary>
    /// <remarks>
    /// As the spec says, <c>name</c>, <c>message</c> and <c>code</c> are brand-checked getters on
    /// the prototype. workerd defines them as read-only data properties of each instance instead,
    /// so there <c>JSON.stringify(e)</c> lists them and <c>DOMException.prototype.name</c> is
    /// "Error"; here the first gives "{}" and the second throws, as in browsers.
    /// </remarks>
    public static void Install(DomExceptionConstructor constructor, ObjectInstance prototype)
    {
        prototype.Getter("name", thisObject => Name(constructor, thisObject));
        prototype.Getter("message", thisObject => Message(constructor, thisObject));
        prototype.Getter("code", thisObject => Code(constructor, thisObject));
        DomExceptionConstructor.DefineConstants(prototype);
        var engine = constructor.Engine;
        var toString = new ClrFunction(engine, "toString", (thisObject, _) => ToString(engine, thisObject), 0, PropertyFlag.Configurable);
        prototype.FastSetProperty("toString", new PropertyDescriptor(toString, PropertyFlag.Configurable | PropertyFlag.Writable));
    }

    /// <summary>https://webidl.spec.whatwg.org/#dom-domexception-name</summary>
    private static JsValue Name(DomExceptionConstructor constructor, JsValue thisObject) => constructor.Check(thisObject).Name;

    /// <summary>https://webidl.spec.whatwg.org/#dom-domexception-message</summary>
    private static JsValue Message(DomExceptionConstructor constructor, JsValue thisObject) => constructor.Check(thisObject).Message;

    /// <summary>https://webidl.spec.whatwg.org/#dom-domexception-code</summary>
    private static JsValue Code(DomExceptionConstructor constructor, JsValue thisObject) => constructor.Check(thisObject).Code;

    /// <summary>
    /// The algorithm of <c>Error.prototype.toString</c> (https://tc39.es/ecma262/#sec-error.prototype.tostring),
    /// so that <c>String(e)</c> gives "AbortError: message".
    /// </summary>
    /// <remarks>
    /// The spec has no <c>DOMException.prototype.toString</c>: instances use the one they inherit
    /// from <c>Error.prototype</c>. Jint 4.18.0's <c>Error.prototype.toString</c> reads
    /// <c>name</c> and <c>message</c> with <c>Error.prototype</c> as the receiver instead of the
    /// object, so the brand-checked getters would throw "Illegal invocation". This own method,
    /// non-enumerable like the built-in, reads them from the object itself.
    /// </remarks>
    private static JsValue ToString(Engine engine, JsValue thisObject)
    {
        if (thisObject is not ObjectInstance error)
        {
            throw JsErrors.TypeError(engine, "DOMException.prototype.toString requires that 'this' be an Object");
        }

        var nameValue = error.Get("name");
        var name = nameValue.IsUndefined() ? "Error" : TypeConverter.ToString(nameValue);
        var messageValue = error.Get("message");
        var message = messageValue.IsUndefined() ? "" : TypeConverter.ToString(messageValue);
        if (name.Length == 0)
        {
            return message;
        }

        return message.Length == 0 ? name : name + ": " + message;
    }
}
