using System.Security.Cryptography;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Crypto;

/// <summary>The members of <c>Crypto.prototype</c> (https://w3c.github.io/webcrypto/#crypto-interface).</summary>
internal sealed class CryptoPrototype
{
    private const string Interface = "Crypto";

    /// <summary>The most bytes one <c>getRandomValues</c> call fills (https://w3c.github.io/webcrypto/#Crypto-method-getRandomValues, step 2).</summary>
    private const int MaxRandomBytes = 65536;

    private readonly CryptoRealm _realm;
    private readonly Engine _engine;

    private CryptoPrototype(CryptoRealm realm)
    {
        _realm = realm;
        _engine = realm.Engine;
    }

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(CryptoRealm realm, ObjectInstance prototype)
    {
        var members = new CryptoPrototype(realm);
        prototype.Getter("subtle", members.GetSubtle);
        prototype.Method("getRandomValues", 1, members.GetRandomValues);
        prototype.Method("randomUUID", 0, members.CreateRandomUuid);
    }

    /// <summary>https://w3c.github.io/webcrypto/#dom-crypto-subtle: the same object on every read.</summary>
    private JsValue GetSubtle(JsValue thisObject) => Brand.Check<JsCrypto>(_engine, thisObject).Subtle;

    /// <summary>https://w3c.github.io/webcrypto/#Crypto-method-getRandomValues</summary>
    /// <remarks>
    /// Only integer typed arrays are accepted: a float array or a <c>DataView</c> is a
    /// TypeMismatchError, checked before the size. The messages are workerd's. The bytes come
    /// from the operating system's cryptographically secure generator and are written in place.
    /// </remarks>
    private JsValue GetRandomValues(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsCrypto>(_engine, thisObject);
        _realm.RequireRequest();
        var array = arguments.At(0);
        if (array is not JsTypedArray && !array.IsDataView())
        {
            throw _realm.Fail("getRandomValues", Interface, "parameter 1 is not of type 'ArrayBufferView'.");
        }

        if (array.IsDataView() || array.IsFloat16Array() || array.IsFloat32Array() || array.IsFloat64Array())
        {
            throw _realm.DomError("TypeMismatchError", "ArrayBufferView argument to getRandomValues() must be an integer-typed view.");
        }

        _realm.Buffers.TryGetBytes(array, out var bytes);
        if (bytes.Count > MaxRandomBytes)
        {
            throw _realm.DomError("QuotaExceededError", $"getRandomValues() only accepts buffers of size <= 64K but provided {bytes.Count} bytes.");
        }

        RandomNumberGenerator.Fill(bytes);
        return array;
    }

    /// <summary>https://w3c.github.io/webcrypto/#Crypto-method-randomUUID</summary>
    private JsValue CreateRandomUuid(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsCrypto>(_engine, thisObject);
        _realm.RequireRequest();
        return RandomUuid.Create();
    }
}
