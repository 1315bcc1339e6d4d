using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace Workers.Runtime.Interop;

/// <summary>
/// Defines Web IDL members on prototypes and constructors with the attributes the Web IDL
/// spec gives them (https://webidl.spec.whatwg.org/#es-operations and #es-attributes):
/// operations and attributes are enumerable and configurable, operations writable, and the
/// class string is a non-writable, non-enumerable, configurable <c>Symbol.toStringTag</c>.
/// </summary>
internal static class JsMembers
{
    /// <summary>Defines an operation (a method).</summary>
    public static void Method(this ObjectInstance target, string name, int length, Func<JsValue, JsValue[], JsValue> body)
    {
        var function = new ClrFunction(target.Engine, name, body, length, PropertyFlag.Configurable);
        target.FastSetProperty(name, new PropertyDescriptor(function, PropertyFlag.ConfigurableEnumerableWritable));
    }

    /// <summary>Defines an operation keyed by a well-known symbol, such as <c>Symbol.iterator</c>.</summary>
    public static void Method(this ObjectInstance target, JsSymbol key, JsValue function)
        => target.FastSetProperty(key, new PropertyDescriptor(function, PropertyFlag.Configurable | PropertyFlag.Writable));

    /// <summary>Defines a read-only attribute.</summary>
    public static void Getter(this ObjectInstance target, string name, Func<JsValue, JsValue> getter)
    {
        var get = new ClrFunction(target.Engine, "get " + name, (thisObject, _) => getter(thisObject), 0, PropertyFlag.Configurable);
        target.FastSetProperty(name, new GetSetPropertyDescriptor(get, JsValue.Undefined, enumerable: true, configurable: true));
    }

    /// <summary>Defines a read-write attribute; the setter receives the value as given.</summary>
    public static void Accessor(this ObjectInstance target, string name, Func<JsValue, JsValue> getter, Action<JsValue, JsValue> setter)
    {
        var get = new ClrFunction(target.Engine, "get " + name, (thisObject, _) => getter(thisObject), 0, PropertyFlag.Configurable);
        var set = new ClrFunction(
            target.Engine,
            "set " + name,
            (thisObject, arguments) =>
            {
                setter(thisObject, arguments.At(0));
                return JsValue.Undefined;
            },
            1,
            PropertyFlag.Configurable);
        target.FastSetProperty(name, new GetSetPropertyDescriptor(get, set, enumerable: true, configurable: true));
    }

    /// <summary>
    /// https://tc39.es/ecma262/#sec-createiterresultobject: <c>{ value, done }</c> as own data
    /// properties, so that no setter a script put on <c>Object.prototype</c> runs.
    /// </summary>
    public static JsObject IteratorResult(Engine engine, JsValue value, bool done)
    {
        var result = new JsObject(engine);
        result.FastSetProperty("value", new PropertyDescriptor(value, PropertyFlag.ConfigurableEnumerableWritable));
        result.FastSetProperty("done", new PropertyDescriptor(done, PropertyFlag.ConfigurableEnumerableWritable));
        return result;
    }

    /// <summary>Sets <c>Symbol.toStringTag</c>, so that <c>Object.prototype.toString</c> names the class.</summary>
    public static void ToStringTag(this ObjectInstance target, string tag)
        => target.FastSetProperty(GlobalSymbolRegistry.ToStringTag, new PropertyDescriptor(tag, PropertyFlag.Configurable));

    /// <summary>Defines a global binding the way Web IDL installs interfaces: writable, configurable, not enumerable.</summary>
    public static void DefineGlobal(Engine engine, string name, JsValue value)
        => engine.Global.FastSetProperty(name, new PropertyDescriptor(value, PropertyFlag.Configurable | PropertyFlag.Writable));
}
