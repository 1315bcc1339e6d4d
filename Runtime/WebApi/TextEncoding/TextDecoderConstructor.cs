using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>The <c>TextDecoder</c> constructor (https://encoding.spec.whatwg.org/#dom-textdecoder).</summary>
internal sealed class TextDecoderConstructor : HostConstructor
{
    private const string Interface = "TextDecoder";
    private readonly EncodingRealm _realm;

    /// <summary>Creates the constructor and installs <c>TextDecoder.prototype</c>'s members.</summary>
    public TextDecoderConstructor(EncodingRealm realm) : base(realm.Engine, Interface, 0)
    {
        _realm = realm;
        Members.DefineLazily(prototype => TextDecoderPrototype.Install(realm, prototype));
    }

    /// <summary>
    /// https://encoding.spec.whatwg.org/#dom-textdecoder: <c>(label = "utf-8", { fatal = false, ignoreBOM = false })</c>.
    /// Both arguments are converted (the options' members in IDL order, <c>fatal</c> first)
    /// before the label is looked up, so a bad options value is reported before a bad label.
    /// </summary>
    /// <remarks>
    /// A label this runtime does not support throws the RangeError workerd throws for an unknown
    /// label: <c>"foo" is not a valid encoding.</c>, quoting the label as given. Null options are
    /// an empty dictionary, as Web IDL says; workerd rejects them.
    /// </remarks>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        var label = arguments.IsMissing(0) ? "utf-8" : TypeConverter.ToString(arguments[0]);
        var options = arguments.At(1);
        var fatal = false;
        var ignoreBom = false;
        if (options is ObjectInstance dictionary)
        {
            fatal = TypeConverter.ToBoolean(dictionary.Get("fatal"));
            ignoreBom = TypeConverter.ToBoolean(dictionary.Get("ignoreBOM"));
        }
        else if (!options.IsNull() && !options.IsUndefined())
        {
            throw _realm.Fail("", Interface, "parameter 2 is not of type 'TextDecoderOptions'.");
        }

        if (!EncodingLabels.TryGetEncoding(label, out var encoding))
        {
            throw JsErrors.RangeError(Engine, $"\"{label}\" is not a valid encoding.");
        }

        return new JsTextDecoder(Engine, new StreamingTextDecoder(encoding, fatal, ignoreBom)) { Prototype = PrototypeFor(newTarget) };
    }
}
