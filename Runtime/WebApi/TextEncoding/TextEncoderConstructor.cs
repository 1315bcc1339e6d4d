using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>The <c>TextEncoder</c> constructor (https://encoding.spec.whatwg.org/#dom-textencoder).</summary>
internal sealed class TextEncoderConstructor : HostConstructor
{
    /// <summary>Creates the constructor and installs <c>TextEncoder.prototype</c>'s members.</summary>
    public TextEncoderConstructor(EncodingRealm realm) : base(realm.Engine, "TextEncoder", 0)
    {
        Members.DefineLazily(prototype => TextEncoderPrototype.Install(realm, prototype));
    }

    /// <summary>https://encoding.spec.whatwg.org/#dom-textencoder: arguments are ignored, as the IDL has none.</summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
        => new JsTextEncoder(Engine) { Prototype = PrototypeFor(newTarget) };
}
