using System.Diagnostics;
using Jint;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace Workers.Runtime.Interop;

/// <summary>
/// The prototype object of a Web API class, whose members are defined the first time anything
/// looks at its properties: Jint calls <see cref="Initialize"/> before the first property access,
/// as it does for its own built-ins. An isolate pays for a class's functions (a few hundred bytes
/// each) only once a script uses the class; constructing instances does not touch the prototype.
/// </summary>
internal sealed class HostPrototype : ObjectInstance
{
    private readonly HostConstructor _constructor;
    private Action<ObjectInstance>? _members;
    private bool _defined;

    /// <summary>Creates the prototype of <paramref name="constructor"/>; it inherits from <c>Object.prototype</c>.</summary>
    public HostPrototype(Engine engine, HostConstructor constructor) : base(engine)
    {
        _constructor = constructor;
        Prototype = (ObjectInstance)engine.Intrinsics.Object.Get("prototype");
    }

    /// <summary>Adds members to define on first use; call before any script can see the prototype.</summary>
    public void DefineLazily(Action<ObjectInstance> members)
    {
        Debug.Assert(!_defined, "The prototype's members were defined already; these would be lost.");
        _members += members;
    }

    /// <summary>Defines the members now if no property access has yet.</summary>
    public void EnsureMembers() => EnsureInitialized();

    /// <inheritdoc />
    protected override void Initialize()
    {
        FastSetProperty("constructor", new PropertyDescriptor(_constructor, PropertyFlag.Configurable | PropertyFlag.Writable));
        this.ToStringTag(_constructor.ClassName);
        _defined = true;
        var members = _members;
        _members = null;
        members?.Invoke(this);
    }
}
