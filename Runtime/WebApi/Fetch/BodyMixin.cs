using System.Runtime.InteropServices;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// The <c>Body</c> mixin shared by <c>Request</c> and <c>Response</c> (https://fetch.spec.whatwg.org/#body-mixin):
/// extracting a body from a <c>BodyInit</c>, and the members that read it.
/// </summary>
/// <remarks>
/// The <c>body</c> attribute would return a <c>ReadableStream</c>, which this runtime does not
/// have yet; it throws a clear "not supported" error when there is a body. <c>blob()</c> and
/// <c>formData()</c> are not implemented yet either.
/// </remarks>
internal static class BodyMixin
{
    /// <summary>The content type of a body extracted from a string.</summary>
    public const string TextContentType = "text/plain;charset=UTF-8";

    /// <summary>
    /// https://fetch.spec.whatwg.org/#concept-bodyinit-extract for the <c>BodyInit</c> types this
    /// runtime has: strings (UTF-8), <c>ArrayBuffer</c> and every <c>ArrayBufferView</c> (copied).
    /// Any other object is converted to a string, as Web IDL's union conversion does.
    /// </summary>
    public static FetchBody Extract(FetchRealm realm, JsValue value, out string? contentType)
    {
        contentType = null;
        byte[] bytes;
        if (realm.Buffers.TryGetBytes(value, out var source))
        {
            // https://webidl.spec.whatwg.org/#dfn-get-buffer-source-copy
            bytes = source.ToArray();
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(WebIdl.ToUsvString(value));
            contentType = TextContentType;
        }

        return new FetchBody(BodySource.FromBytes(bytes));
    }

    /// <summary>Defines <c>body</c>, <c>bodyUsed</c>, <c>arrayBuffer()</c>, <c>bytes()</c>, <c>json()</c> and <c>text()</c>.</summary>
    public static void Install(FetchRealm realm, ObjectInstance prototype, string type, Func<JsValue, IBodyOwner> check)
    {
        var engine = realm.Engine;
        prototype.Getter("body", thisObject => check(thisObject).Body is null
            ? JsValue.Null
            : throw JsErrors.NotSupported(engine, $"ReadableStream ({type}.body)"));
        prototype.Getter("bodyUsed", thisObject => check(thisObject).Body is { Disturbed: true });
        prototype.Method("arrayBuffer", 0, (thisObject, _) => Consume(realm, thisObject, check, bytes => engine.Intrinsics.ArrayBuffer.Construct(TakeOrCopy(check(thisObject).Body, bytes))));
        prototype.Method("bytes", 0, (thisObject, _) => Consume(realm, thisObject, check, bytes => engine.Intrinsics.Uint8Array.Construct(bytes.Span)));
        prototype.Method("json", 0, (thisObject, _) => Consume(realm, thisObject, check, bytes => new JsonParser(engine).Parse(DecodeUtf8(bytes))));
        prototype.Method("text", 0, (thisObject, _) => Consume(realm, thisObject, check, bytes => DecodeUtf8(bytes)));
    }

    /// <summary>
    /// The array behind a consumed body's bytes, for an <c>ArrayBuffer</c> the script then owns:
    /// the array itself when it is exactly those bytes and no other body shares them (every
    /// source's array is its own: request bodies are read into a new one, and constructors copy
    /// what the script passes in), else a copy.
    /// </summary>
    private static byte[] TakeOrCopy(FetchBody? body, ReadOnlyMemory<byte> bytes)
        => body is { Source.IsShared: false }
            && MemoryMarshal.TryGetArray(bytes, out var segment)
            && segment.Offset == 0
            && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    /// <summary>https://encoding.spec.whatwg.org/#utf-8-decode: a leading BOM is dropped, bad bytes become U+FFFD.</summary>
    public static string DecodeUtf8(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        return Encoding.UTF8.GetString(span);
    }

    /// <summary>
    /// https://fetch.spec.whatwg.org/#concept-body-consume: rejects if the body was already used,
    /// marks it used, then converts its bytes. Bytes in memory are converted at once; a network
    /// body is read off the loop through <see cref="Isolates.Isolate.RunHostOperation{T}"/>.
    /// </summary>
    private static JsValue Consume(FetchRealm realm, JsValue thisObject, Func<JsValue, IBodyOwner> check, Func<ReadOnlyMemory<byte>, JsValue> convert)
    {
        var engine = realm.Engine;
        IBodyOwner owner;
        try
        {
            owner = check(thisObject);
        }
        catch (JavaScriptException e)
        {
            return JsPromises.Rejected(engine, e.Error);
        }

        var body = owner.Body;
        if (body is null)
        {
            return JsPromises.Settle(engine, () => convert(ReadOnlyMemory<byte>.Empty));
        }

        if (body.Disturbed)
        {
            return JsPromises.Rejected(engine, JsErrors.TypeError(engine, "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.").Error);
        }

        body.Disturbed = true;
        if (body.Source.TryGetBytes(out var bytes))
        {
            return JsPromises.Settle(engine, () => convert(bytes));
        }

        var read = ReadOnlyMemory<byte>.Empty;
        var loaded = realm.Isolate.RunHostOperation(
            body.Source.ReadAllAsync,
            result =>
            {
                read = result;
                return JsValue.Undefined;
            },
            _ => JsErrors.TypeError(engine, "The body could not be read: the connection was closed or the request was cancelled.").Error);
        var onLoaded = new ClrFunction(engine, "", (_, _) => convert(read), 1, default);
        return engine.Call(realm.PromiseThen, loaded, [onLoaded]);
    }
}
