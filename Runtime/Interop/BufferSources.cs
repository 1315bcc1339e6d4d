using System.Runtime.CompilerServices;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Workers.Runtime.Interop;

/// <summary>
/// Reads the bytes of buffer sources (https://webidl.spec.whatwg.org/#AllowSharedBufferSource)
/// in place, through the <c>buffer</c>, <c>byteOffset</c> and <c>byteLength</c> getters of
/// <c>%TypedArray%.prototype</c> and <c>DataView.prototype</c>, captured before any script runs
/// so that a script cannot change what a view appears to cover.
/// </summary>
/// <remarks>
/// The segments returned alias the script's memory. Use them at once: running any script code
/// (a getter, a <c>toString</c>) may detach, resize or change the buffer.
/// </remarks>
internal sealed class BufferSources
{
    private static readonly ConditionalWeakTable<Engine, BufferSources> s_byEngine = [];

    private readonly Engine _engine;
    private readonly JsValue _typedArrayBuffer;
    private readonly JsValue _typedArrayByteOffset;
    private readonly JsValue _typedArrayByteLength;
    private readonly JsValue _dataViewBuffer;
    private readonly JsValue _dataViewByteOffset;
    private readonly JsValue _dataViewByteLength;

    /// <summary>
    /// The engine's reader, made the first time a module asks for one (while the isolate starts,
    /// before the worker's script), so the getters are captured once per engine.
    /// </summary>
    public static BufferSources For(Engine engine) => s_byEngine.GetValue(engine, static e => new BufferSources(e));

    private BufferSources(Engine engine)
    {
        _engine = engine;
        var typedArray = ((ObjectInstance)engine.Intrinsics.Uint8Array.Get("prototype")).Prototype
            ?? throw new InvalidOperationException("Uint8Array.prototype has no prototype.");
        var dataView = (ObjectInstance)engine.Global.Get("DataView").Get("prototype");
        _typedArrayBuffer = Getter(typedArray, "buffer");
        _typedArrayByteOffset = Getter(typedArray, "byteOffset");
        _typedArrayByteLength = Getter(typedArray, "byteLength");
        _dataViewBuffer = Getter(dataView, "buffer");
        _dataViewByteOffset = Getter(dataView, "byteOffset");
        _dataViewByteLength = Getter(dataView, "byteLength");
    }

    /// <summary>Whether <paramref name="value"/> is an <c>ArrayBuffer</c>, a <c>SharedArrayBuffer</c>, a typed array or a <c>DataView</c>.</summary>
    public static bool IsBufferSource(JsValue value)
        => value.IsArrayBuffer() || value is JsTypedArray || value.IsDataView();

    /// <summary>
    /// The bytes of an <c>ArrayBuffer</c>, <c>SharedArrayBuffer</c>, typed array or <c>DataView</c>;
    /// false for any other value. A detached buffer has no bytes.
    /// </summary>
    public bool TryGetBytes(JsValue value, out ArraySegment<byte> bytes)
    {
        if (value.IsArrayBuffer())
        {
            bytes = value.AsArrayBuffer() is { } array ? new ArraySegment<byte>(array) : ArraySegment<byte>.Empty;
            return true;
        }

        if (value is JsTypedArray)
        {
            bytes = View(value, _typedArrayBuffer, _typedArrayByteOffset, _typedArrayByteLength);
            return true;
        }

        if (value.IsDataView())
        {
            bytes = View(value, _dataViewBuffer, _dataViewByteOffset, _dataViewByteLength);
            return true;
        }

        bytes = ArraySegment<byte>.Empty;
        return false;
    }

    /// <summary>The bytes a <c>Uint8Array</c> (or a subclass) covers; false for any other value.</summary>
    public bool TryGetUint8Array(JsValue value, out ArraySegment<byte> bytes)
    {
        if (value.IsUint8Array())
        {
            bytes = View(value, _typedArrayBuffer, _typedArrayByteOffset, _typedArrayByteLength);
            return true;
        }

        bytes = ArraySegment<byte>.Empty;
        return false;
    }

    /// <summary>
    /// The bytes a view covers now. The buffer is read first: on a detached buffer the
    /// <c>DataView</c> getters throw, and a view of one has no bytes.
    /// </summary>
    private ArraySegment<byte> View(JsValue view, JsValue bufferGetter, JsValue offsetGetter, JsValue lengthGetter)
    {
        if (_engine.Call(bufferGetter, view, []).AsArrayBuffer() is not { } array)
        {
            return ArraySegment<byte>.Empty;
        }

        var offset = TypeConverter.ToNumber(_engine.Call(offsetGetter, view, []));
        var length = TypeConverter.ToNumber(_engine.Call(lengthGetter, view, []));
        if (offset < 0 || length <= 0 || offset + length > array.Length)
        {
            return ArraySegment<byte>.Empty;
        }

        return new ArraySegment<byte>(array, (int)offset, (int)length);
    }

    private static JsValue Getter(ObjectInstance prototype, string name)
        => prototype.GetOwnProperty(name).Get ?? throw new InvalidOperationException($"{name} has no getter.");
}
