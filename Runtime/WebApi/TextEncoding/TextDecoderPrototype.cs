using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>The members of <c>TextDecoder.prototype</c> (https://encoding.spec.whatwg.org/#interface-textdecoder).</summary>
internal sealed class TextDecoderPrototype
{
    private const string Interface = "TextDecoder";
    private readonly EncodingRealm _realm;
    private readonly Engine _engine;

    private TextDecoderPrototype(EncodingRealm realm)
    {
        _realm = realm;
        _engine = realm.Engine;
    }

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(EncodingRealm realm, ObjectInstance prototype)
    {
        var members = new TextDecoderPrototype(realm);
        prototype.Method("decode", 0, members.Decode);
        prototype.Getter("encoding", thisObject => EncodingLabels.NameOf(members.Check(thisObject).Decoder.Encoding));
        prototype.Getter("fatal", thisObject => members.Check(thisObject).Decoder.Fatal);
        prototype.Getter("ignoreBOM", thisObject => members.Check(thisObject).Decoder.IgnoreBom);
    }

    /// <summary>
    /// https://encoding.spec.whatwg.org/#dom-textdecoder-decode: <c>decode(input, { stream = false })</c>,
    /// where <c>input</c> is an <c>ArrayBuffer</c>, a <c>SharedArrayBuffer</c>, a typed array, a
    /// <c>DataView</c> or undefined (no bytes). Invalid input in fatal mode throws the TypeError
    /// workerd throws, "Failed to decode input."
    /// </summary>
    private JsValue Decode(JsValue thisObject, JsValue[] arguments)
    {
        var decoder = Check(thisObject).Decoder;
        var input = arguments.At(0);
        if (!input.IsUndefined() && !BufferSources.IsBufferSource(input))
        {
            throw _realm.Fail("decode", Interface, "parameter 1 is not of type '(ArrayBuffer or ArrayBufferView)'.");
        }

        var stream = false;
        var options = arguments.At(1);
        if (options is ObjectInstance dictionary)
        {
            stream = TypeConverter.ToBoolean(dictionary.Get("stream"));
        }
        else if (!options.IsNull() && !options.IsUndefined())
        {
            throw _realm.Fail("decode", Interface, "parameter 2 is not of type 'TextDecodeOptions'.");
        }

        // Read after the options, whose getter may have resized or detached the buffer.
        var bytes = ArraySegment<byte>.Empty;
        if (!input.IsUndefined())
        {
            _realm.Buffers.TryGetBytes(input, out bytes);
        }

        if (decoder.IsTooLong(bytes.Count))
        {
            throw JsErrors.RangeError(_engine, "Invalid string length");
        }

        return decoder.TryDecode(bytes, stream, out var text)
            ? text
            : throw JsErrors.TypeError(_engine, "Failed to decode input.");
    }

    private JsTextDecoder Check(JsValue thisObject) => Brand.Check<JsTextDecoder>(_engine, thisObject);
}
