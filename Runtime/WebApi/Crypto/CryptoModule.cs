using Jint.Runtime.Descriptors;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// Installs the Web Crypto API (https://w3c.github.io/webcrypto/): the <c>crypto</c> global and
/// the <c>Crypto</c>, <c>SubtleCrypto</c> and <c>CryptoKey</c> interfaces.
/// </summary>
/// <remarks>
/// The methods throw and reject with DOMExceptions: install <c>Dom.DomModule</c> first. As in
/// workerd, <c>crypto</c> is an enumerable, writable data property of the global object rather
/// than the spec's getter.
/// </remarks>
internal static class CryptoModule
{
    /// <summary>Defines the crypto globals on the isolate's engine; runs before the worker's script.</summary>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var engine = isolate.Engine;
        var realm = new CryptoRealm(isolate);
        JsMembers.DefineGlobal(engine, "Crypto", realm.Crypto);
        JsMembers.DefineGlobal(engine, "SubtleCrypto", realm.SubtleCrypto);
        JsMembers.DefineGlobal(engine, "CryptoKey", realm.CryptoKey);
        engine.Global.FastSetProperty("crypto", new PropertyDescriptor(realm.Instance, PropertyFlag.ConfigurableEnumerableWritable));
    }
}
