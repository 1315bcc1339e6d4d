using System.Security.Cryptography;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;
using Workers.Runtime.WebApi.Dom;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>
/// The Web Crypto classes of one isolate: the <c>Crypto</c>, <c>SubtleCrypto</c> and
/// <c>CryptoKey</c> interface objects, the one <c>crypto</c> object and the helpers they share,
/// created before any script runs.
/// </summary>
internal sealed class CryptoRealm
{
    /// <summary>Creates the classes and the <c>crypto</c> object on the engine of <paramref name="isolate"/>.</summary>
    public CryptoRealm(Isolate isolate)
    {
        Isolate = isolate;
        var engine = isolate.Engine;
        Engine = engine;
        Buffers = BufferSources.For(engine);
        Crypto = new CryptoInterfaceConstructor(engine, "Crypto", prototype => CryptoPrototype.Install(this, prototype));
        SubtleCrypto = new CryptoInterfaceConstructor(engine, "SubtleCrypto", prototype => SubtleCryptoPrototype.Install(this, prototype));
        CryptoKey = new CryptoInterfaceConstructor(engine, "CryptoKey", prototype => CryptoKeyPrototype.Install(engine, prototype));
        var subtle = new JsSubtleCrypto(engine) { Prototype = SubtleCrypto.PrototypeObject };
        Instance = new JsCrypto(engine, subtle) { Prototype = Crypto.PrototypeObject };
    }

    /// <summary>The isolate the classes belong to.</summary>
    public Isolate Isolate { get; }

    /// <summary>The isolate's engine.</summary>
    public Engine Engine { get; }

    /// <summary>Throws workerd's error when random values are asked for in global scope, outside any request.</summary>
    public void RequireRequest()
    {
        if (Isolate.CurrentContext is null)
        {
            throw JsErrors.DisallowedInGlobalScope(Engine);
        }
    }

    /// <summary>Reads buffer sources through the original view accessors.</summary>
    public BufferSources Buffers { get; }

    /// <summary>The <c>Crypto</c> interface object.</summary>
    public CryptoInterfaceConstructor Crypto { get; }

    /// <summary>The <c>SubtleCrypto</c> interface object.</summary>
    public CryptoInterfaceConstructor SubtleCrypto { get; }

    /// <summary>The <c>CryptoKey</c> interface object.</summary>
    public CryptoInterfaceConstructor CryptoKey { get; }

    /// <summary>The global scope's <c>crypto</c>.</summary>
    public JsCrypto Instance { get; }

    /// <summary>A new <c>ArrayBuffer</c> over <paramref name="bytes"/>, which the script then owns (no copy is made).</summary>
    public JsValue CreateArrayBuffer(byte[] bytes) => Engine.Intrinsics.ArrayBuffer.Construct(bytes);

    /// <summary>A new <c>CryptoKey</c> object for <paramref name="key"/>.</summary>
    public JsCryptoKey CreateKey(HmacKey key) => new(Engine, key) { Prototype = CryptoKey.PrototypeObject };

    /// <summary>The exception that throws a <c>DOMException</c> named <paramref name="name"/> into the script.</summary>
    public JavaScriptException DomError(string name, string message) => DomExceptions.Throw(Engine, message, name);

    /// <summary>A TypeError "Failed to execute '<paramref name="operation"/>' on '<paramref name="type"/>': <paramref name="reason"/>".</summary>
    public JavaScriptException Fail(string operation, string type, string reason) => JsErrors.Failed(Engine, operation, type, reason);

    /// <summary>
    /// A promise settled with the result of <paramref name="produce"/>: fulfilled with its value,
    /// or rejected with the JS error it throws, as Web IDL does for an operation that returns a
    /// promise (https://webidl.spec.whatwg.org/#es-operations). A failure inside the platform's
    /// cryptography becomes the spec's <c>OperationError</c>, without the .NET message.
    /// </summary>
    public JsValue Settle(Func<JsValue> produce)
        => JsPromises.Settle(Engine, () =>
        {
            try
            {
                return produce();
            }
            catch (CryptographicException)
            {
                throw DomExceptions.Throw(Engine, "The operation failed for an operation-specific reason.", "OperationError");
            }
        });
}
