using Jint;
using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The interface object of <c>Crypto</c>, <c>SubtleCrypto</c> or <c>CryptoKey</c>
/// (https://w3c.github.io/webcrypto/#crypto-interface): none has a constructor operation, so
/// scripts can use the class for <c>instanceof</c> and its prototype, but <c>new</c> throws.
/// </summary>
internal sealed class CryptoInterfaceConstructor : HostConstructor
{
    /// <summary>Creates the interface object; <paramref name="members"/> defines its prototype's members on first use.</summary>
    public CryptoInterfaceConstructor(Engine engine, string name, Action<ObjectInstance> members) : base(engine, name, 0)
    {
        Members.DefineLazily(members);
    }

    /// <summary>
    /// An interface without a constructor operation throws a TypeError when constructed
    /// (https://webidl.spec.whatwg.org/#es-interface-call); the message is the one workerd and browsers use.
    /// </summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
        => throw JsErrors.TypeError(Engine, "Illegal constructor");
}
