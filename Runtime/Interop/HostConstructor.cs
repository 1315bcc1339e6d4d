using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace Workers.Runtime.Interop;

/// <summary>
/// Base of every Web API constructor: a real JS function with a <c>prototype</c> object, a
/// <c>length</c> as in the IDL, and support for <c>class X extends Headers</c> through
/// <c>new.target</c>. Calling it without <c>new</c> throws a TypeError (Jint's <see cref="Constructor"/>).
/// </summary>
internal abstract class HostConstructor : Constructor
{
    /// <summary>Creates the constructor and its prototype, linked both ways.</summary>
    protected HostConstructor(Engine engine, string name, int length) : base(engine, name)
    {
        // An interface object inherits from Function.prototype (https://webidl.spec.whatwg.org/#interface-object),
        // which gives it call, apply and bind; Jint's Constructor starts with Object.prototype.
        Prototype = (ObjectInstance)engine.Intrinsics.Function.Get("prototype");
        _length = new PropertyDescriptor(length, PropertyFlag.Configurable);
        ClassName = name;
        Members = new HostPrototype(engine, this);
        _prototypeDescriptor = new PropertyDescriptor(PrototypeObject, PropertyFlag.AllForbidden);
    }

    /// <summary>The class name, used in error messages.</summary>
    public string ClassName { get; }

    /// <summary>The object instances inherit from: <c>X.prototype</c>.</summary>
    public ObjectInstance PrototypeObject => Members;

    /// <summary>Defines the prototype's members now, if nothing has looked at it yet.</summary>
    public void EnsureMembers() => Members.EnsureMembers();

    /// <summary><c>X.prototype</c>, whose members (<c>constructor</c>, the class string and what subclasses add) are defined on first use.</summary>
    protected HostPrototype Members { get; }

    /// <summary>
    /// The prototype for a new instance: that of <c>new.target</c> when a subclass is being
    /// constructed, otherwise this class's own (https://webidl.spec.whatwg.org/#internally-create-a-new-object-implementing-the-interface).
    /// </summary>
    protected ObjectInstance PrototypeFor(JsValue newTarget)
    {
        if (newTarget is ObjectInstance target && !ReferenceEquals(target, this) && target.Get("prototype") is ObjectInstance proto)
        {
            return proto;
        }

        return PrototypeObject;
    }
}
