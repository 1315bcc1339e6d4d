using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>The members of <c>TextEncoder.prototype</c> (https://encoding.spec.whatwg.org/#interface-textencoder).</summary>
internal sealed class TextEncoderPrototype
{
    private const string Interface = "TextEncoder";
    private readonly EncodingRealm _realm;
    private readonly Engine _engine;

    private TextEncoderPrototype(EncodingRealm realm)
    {
        _realm = realm;
        _engine = realm.Engine;
    }

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(EncodingRealm realm, ObjectInstance prototype)
    {
        var members = new TextEncoderPrototype(realm);
        prototype.Method("encode", 0, members.Encode);
        prototype.Method("encodeInto", 2, members.EncodeInto);
        prototype.Getter("encoding", members.GetEncoding);
    }

    /// <summary>https://encoding.spec.whatwg.org/#dom-textencoder-encoding: always "utf-8".</summary>
    private JsValue GetEncoding(JsValue thisObject)
    {
        Brand.Check<JsTextEncoder>(_engine, thisObject);
        return "utf-8";
    }

    /// <summary>https://encoding.spec.whatwg.org/#dom-textencoder-encode</summary>
    /// <remarks>
    /// The input is a USVString. The UTF-8 encoder replaces each lone surrogate with U+FFFD
    /// itself, so the string is not converted twice (here and in <see cref="EncodeInto"/>).
    /// </remarks>
    private JsValue Encode(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsTextEncoder>(_engine, thisObject);
        var input = arguments.IsMissing(0) ? "" : TypeConverter.ToString(arguments[0]);
        return _realm.CreateUint8Array(Utf8Encoder.Encode(input));
    }

    /// <summary>https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto</summary>
    /// <remarks>The source is converted before the destination is checked, in argument order.</remarks>
    private JsValue EncodeInto(JsValue thisObject, JsValue[] arguments)
    {
        Brand.Check<JsTextEncoder>(_engine, thisObject);
        arguments.Require(_engine, 2, "encodeInto", Interface);
        var source = TypeConverter.ToString(arguments.At(0));
        if (!_realm.Buffers.TryGetUint8Array(arguments.At(1), out var destination))
        {
            throw _realm.Fail("encodeInto", Interface, "parameter 2 is not of type 'Uint8Array'.");
        }

        var (read, written) = Utf8Encoder.EncodeInto(source, destination);
        var result = new JsObject(_engine);
        result.FastSetProperty("read", new PropertyDescriptor(read, PropertyFlag.ConfigurableEnumerableWritable));
        result.FastSetProperty("written", new PropertyDescriptor(written, PropertyFlag.ConfigurableEnumerableWritable));
        return result;
    }
}
