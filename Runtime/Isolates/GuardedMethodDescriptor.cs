using Jint.Native;
using Jint.Runtime.Descriptors;

namespace Workers.Runtime.Isolates;

/// <summary>
/// A built-in method's property whose value is its guard (<see cref="BuiltinGuardFactory.Guard"/>),
/// made the first time the property is read; the attributes are the original's. A script that
/// assigns the property replaces the value as with any writable data property.
/// </summary>
internal sealed class GuardedMethodDescriptor : PropertyDescriptor
{
    private BuiltinGuardFactory? _guards;
    private JsValue? _value;

    public GuardedMethodDescriptor(BuiltinGuardFactory guards, PropertyDescriptor original)
        : base(Flags(original))
    {
        _guards = guards;
        _value = original.Value;
    }

    /// <inheritdoc />
    protected override JsValue? CustomValue
    {
        get
        {
            if (_guards is { } guards)
            {
                _guards = null;
                _value = guards.Guard(_value!);
            }

            return _value;
        }
        set
        {
            _guards = null;
            _value = value;
        }
    }

    private static PropertyFlag Flags(PropertyDescriptor original)
        => PropertyFlag.CustomJsValue
            | (original.Writable ? PropertyFlag.Writable : PropertyFlag.None)
            | (original.Enumerable ? PropertyFlag.Enumerable : PropertyFlag.None)
            | (original.Configurable ? PropertyFlag.Configurable : PropertyFlag.None);
}
