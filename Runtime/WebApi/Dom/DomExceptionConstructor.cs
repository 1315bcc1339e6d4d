using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Native.Error;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Dom;

/// <summary>The <c>DOMException</c> constructor (https://webidl.spec.whatwg.org/#idl-DOMException).</summary>
/// <remarks>
/// An instance is a real Jint error object (created by <c>Error</c>'s [[Construct]] with this
/// class, or a subclass, as <c>new.target</c>), so it has [[ErrorData]] as the Web IDL spec asks:
/// <c>Error.isError</c> is true and it gets the same lazily captured <c>stack</c> as any other error.
/// Jint does not let outside code subclass its error type, so the name and message live in a
/// table keyed weakly by the instance, and that table is the brand check of the getters.
/// </remarks>
internal sealed class DomExceptionConstructor : HostConstructor
{
    private readonly ErrorConstructor _error;
    private readonly ConditionalWeakTable<ObjectInstance, DomExceptionData> _instances = [];

    /// <summary>Creates the constructor, its prototype (which inherits from <c>Error.prototype</c>) and the constants.</summary>
    public DomExceptionConstructor(Engine engine) : base(engine, "DOMException", 0)
    {
        _error = engine.Intrinsics.Error;
        PrototypeObject.Prototype = (ObjectInstance)_error.Get("prototype");
        DefineConstants(this);
        Members.DefineLazily(prototype => DomExceptionPrototype.Install(this, prototype));
    }

    /// <summary>https://webidl.spec.whatwg.org/#dom-domexception-domexception</summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        var message = arguments.IsMissing(0) ? "" : TypeConverter.ToString(arguments[0]);
        var name = arguments.IsMissing(1) ? "Error" : TypeConverter.ToString(arguments[1]);
        return Create(message, name, newTarget);
    }

    /// <summary>A new DOMException (not a subclass) created by the host.</summary>
    public ObjectInstance Create(string message, string name) => Create(message, name, this);

    /// <summary>The state of <paramref name="value"/> if it is a DOMException.</summary>
    public bool TryGetData(JsValue value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomExceptionData? data)
    {
        data = null;
        return value is ObjectInstance instance && _instances.TryGetValue(instance, out data);
    }

    /// <summary>The state of <paramref name="value"/>, or a TypeError "Illegal invocation" if it is not a DOMException.</summary>
    public DomExceptionData Check(JsValue value)
        => value is ObjectInstance instance && _instances.TryGetValue(instance, out var data)
            ? data
            : throw JsErrors.IllegalInvocation(Engine);

    /// <summary>Defines the legacy code constants (https://webidl.spec.whatwg.org/#es-constants): read-only, enumerable, not configurable.</summary>
    public static void DefineConstants(ObjectInstance target)
    {
        foreach (var (constant, code) in DomExceptionNames.Constants)
        {
            target.FastSetProperty(constant, new PropertyDescriptor(code, PropertyFlag.Enumerable));
        }
    }

    private ObjectInstance Create(string message, string name, JsValue newTarget)
    {
        var instance = _error.Construct([], newTarget is ObjectInstance ? newTarget : this);
        _instances.Add(instance, new DomExceptionData(name, message));
        return instance;
    }
}
