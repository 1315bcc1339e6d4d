using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;
using Workers.Runtime.WebApi.Dom;

namespace Workers.Runtime.WebApi.Clone;

/// <summary>
/// <c>structuredClone(value, { transfer })</c>
/// (https://html.spec.whatwg.org/multipage/structured-data.html#dom-structuredclone): a deep copy
/// by the structured serialize and deserialize algorithms, in one pass.
/// </summary>
/// <remarks>
/// <para>
/// The walk is JavaScript, prepared once per process and bound per isolate on first use (see
/// <see cref="Install"/>); it runs under the request's limits like any other script code (a huge or deep value costs CPU time, and recursion is bounded by the
/// engine's recursion limit). What it cannot see from script, the kind of an object's internal
/// slots, a host function tells it (<see cref="KindOf"/>).
/// </para>
/// <para>
/// Cloned: primitives (BigInt included, which workerd refuses), Boolean/Number/String/BigInt
/// objects, Date, RegExp (source and flags), ArrayBuffer, typed arrays and DataView (sharing one
/// cloned buffer as the originals share theirs), Map, Set, Error objects (name, message, stack), DOMExceptions,
/// arrays (holes and extra properties kept) and other objects (their own enumerable string-keyed
/// properties, read through getters, onto a plain object), with cycles and shared references
/// kept. Anything else (functions, symbols, proxies, promises, weak collections, the runtime's own
/// classes such as <c>URL</c> or <c>Headers</c>) throws a <c>DataCloneError</c> DOMException with
/// V8's wording. ArrayBuffers in <c>transfer</c> are detached, their contents moved to the clone.
/// </para>
/// </remarks>
internal static class StructuredCloneModule
{
    private static readonly Prepared<Script> s_factory = Engine.PrepareScript("""
        (function (kindOf, fail, originals) {
          'use strict';
          var apply = Reflect.apply, defineProperty = Object.defineProperty, keys = Object.keys;
          var MapC = originals.Map, SetC = originals.Set, RegExpC = originals.RegExp, ArrayBufferC = originals.ArrayBuffer;
          var DateC = Date, DataViewC = DataView, ObjectC = Object;
          var mapGet = MapC.prototype.get, mapSet = MapC.prototype.set, mapHas = MapC.prototype.has, mapForEach = MapC.prototype.forEach;
          var setAdd = SetC.prototype.add, setForEach = SetC.prototype.forEach;
          var getTime = DateC.prototype.getTime, bufferSlice = ArrayBufferC.prototype.slice, transferBuffer = ArrayBufferC.prototype.transfer;
          var valueOf = { Boolean: Boolean.prototype.valueOf, Number: Number.prototype.valueOf, String: String.prototype.valueOf, BigInt: BigInt.prototype.valueOf };
          var views = originals.views;
          var typedArray = Object.getPrototypeOf(views.Uint8Array.prototype);
          function getter(target, key) { return Object.getOwnPropertyDescriptor(target, key).get; }
          var arrayBufferOf = getter(typedArray, 'buffer'), arrayOffsetOf = getter(typedArray, 'byteOffset');
          var arrayLengthOf = getter(typedArray, 'length'), arrayTypeOf = getter(typedArray, Symbol.toStringTag);
          var viewBufferOf = getter(DataViewC.prototype, 'buffer'), viewOffsetOf = getter(DataViewC.prototype, 'byteOffset');
          var viewLengthOf = getter(DataViewC.prototype, 'byteLength');
          var errors = { __proto__: null, Error: Error, EvalError: EvalError, RangeError: RangeError, ReferenceError: ReferenceError,
            SyntaxError: SyntaxError, TypeError: TypeError, URIError: URIError };
          function define(target, key, value) {
            defineProperty(target, key, { value: value, writable: true, enumerable: true, configurable: true });
          }
          function ownData(source, target, memory, isArray) {
            var names = keys(source);
            for (var i = 0; i < names.length; i++) {
              var name = names[i], value = clone(source[name], memory);
              // Array elements are assigned: in Jint 4.18, elements made by defineProperty are
              // lost by slice and other fast paths (a new array inherits no indexed setters
              // unless a script put one on Array.prototype).
              if (isArray && String(name >>> 0) === name && name !== '4294967295') target[name] = value;
              else define(target, name, value);
            }
          }
          function clone(value, memory) {
            var type = typeof value;
            if (type === 'symbol') throw fail(value, 'symbol');
            if (value === null || (type !== 'object' && type !== 'function')) return value;
            if (apply(mapHas, memory, [value])) return apply(mapGet, memory, [value]);
            var kind = kindOf(value), copy, i;
            switch (kind) {
              case 'Boolean': case 'Number': case 'String': case 'BigInt':
                copy = ObjectC(apply(valueOf[kind], value, [])); break;
              case 'Date': copy = new DateC(apply(getTime, value, [])); break;
              case 'RegExp': copy = new RegExpC(kindOf(value, 'source'), kindOf(value, 'flags')); break;
              case 'ArrayBuffer': copy = apply(bufferSlice, value, []); break;
              case 'DataView':
                copy = new DataViewC(clone(apply(viewBufferOf, value, []), memory), apply(viewOffsetOf, value, []), apply(viewLengthOf, value, []));
                break;
              case 'TypedArray':
                var View = views[apply(arrayTypeOf, value, [])];
                if (View === undefined) throw fail(value, kind);
                copy = new View(clone(apply(arrayBufferOf, value, []), memory), apply(arrayOffsetOf, value, []), apply(arrayLengthOf, value, []));
                break;
              case 'Map':
                copy = new MapC(); apply(mapSet, memory, [value, copy]);
                var entries = [];
                apply(mapForEach, value, [function (v, k) { entries.push(k, v); }]);
                for (i = 0; i < entries.length; i += 2) apply(mapSet, copy, [clone(entries[i], memory), clone(entries[i + 1], memory)]);
                return copy;
              case 'Set':
                copy = new SetC(); apply(mapSet, memory, [value, copy]);
                var members = [];
                apply(setForEach, value, [function (v) { members.push(v); }]);
                for (i = 0; i < members.length; i++) apply(setAdd, copy, [clone(members[i], memory)]);
                return copy;
              case 'Error':
                var name = value.name, message = kindOf(value, 'message'), stack = kindOf(value, 'stack');
                var Constructor = typeof name === 'string' && errors[name] !== undefined ? errors[name] : Error;
                copy = message === undefined ? new Constructor() : new Constructor(String(message));
                if (typeof stack === 'string') defineProperty(copy, 'stack', { value: stack, writable: true, enumerable: false, configurable: true });
                break;
              case 'DOMException':
                copy = kindOf(value, 'copy');
                break;
              case 'Array':
                // Grown to its length at the end: new Array(length) reserves the whole length,
                // and Jint refuses a sparse array's length past its array-size guard.
                copy = []; apply(mapSet, memory, [value, copy]);
                ownData(value, copy, memory, true);
                copy.length = value.length;
                return copy;
              case 'Object':
                copy = {}; apply(mapSet, memory, [value, copy]);
                ownData(value, copy, memory, false);
                return copy;
              default:
                throw fail(value, kind);
            }
            apply(mapSet, memory, [value, copy]);
            return copy;
          }
          return function structuredClone(value, transfer) {
            var memory = new MapC();
            for (var i = 0; i < transfer.length; i++) {
              var item = transfer[i];
              if (kindOf(item) !== 'ArrayBuffer' || apply(mapHas, memory, [item])) throw fail(item, 'transfer');
              apply(mapSet, memory, [item, apply(bufferSlice, item, [])]);
            }
            var result = clone(value, memory);
            for (i = 0; i < transfer.length; i++) {
              if (typeof transferBuffer !== 'function') throw fail(transfer[i], 'transfer');
              apply(transferBuffer, transfer[i], []);
            }
            return result;
          };
        })
        """, "structuredClone");

    /// <summary>Parsed once per process: one object of each kind whose CLR type Jint does not make public.</summary>
    private static readonly Prepared<Script> s_samples = Engine.PrepareScript(
        "[new Proxy({}, {}), Object(true), Object(0), Object(''), Object(0n)]", "structuredClone-samples");

    /// <summary>Defines <c>structuredClone</c> on the isolate's global object; runs before the worker's script.</summary>
    /// <remarks>
    /// The walk is built on the first call, not here: building it touches every typed-array
    /// class, which Jint creates lazily and which cost an isolate ~60 KiB. The constructors it
    /// makes copies with come from Jint's intrinsics, which no script can replace; the helper
    /// functions it calls (<c>Reflect.apply</c>, <c>Object.keys</c>, <c>Date</c>...) are those
    /// of the first call.
    /// </remarks>
    public static void Install(Isolate isolate)
    {
        ArgumentNullException.ThrowIfNull(isolate);
        var engine = isolate.Engine;
        JsValue? walk = null;
        engine.Global.Method("structuredClone", 1, (_, args) =>
        {
            args.Require(engine, 1, "structuredClone", "ServiceWorkerGlobalScope");
            var transfer = TransferList(engine, args.At(1));
            walk ??= CreateWalk(engine);
            return engine.Call(walk, JsValue.Undefined, [args[0], transfer]);
        });
    }

    private static JsValue CreateWalk(Engine engine)
    {
        var samples = (JsArray)engine.Evaluate(s_samples);
        var types = new ObjectTypes(samples[0].GetType(), samples[1].GetType(), samples[2].GetType(), samples[3].GetType(), samples[4].GetType(), DomModule.Constructor(engine));
        var kindOf = new ClrFunction(engine, "kindOf", (_, args) => KindOf(types, args.At(0), args.At(1)), 2, default);
        var fail = new ClrFunction(engine, "fail", (_, args) => CloneError(engine, args.At(0), TypeConverter.ToString(args.At(1))), 2, default);
        var intrinsics = engine.Intrinsics;
        var views = new JsObject(engine);
        foreach (var view in new ObjectInstance[]
        {
            intrinsics.Int8Array, intrinsics.Uint8Array, intrinsics.Uint8ClampedArray, intrinsics.Int16Array, intrinsics.Uint16Array,
            intrinsics.Int32Array, intrinsics.Uint32Array, intrinsics.BigInt64Array, intrinsics.BigUint64Array,
            intrinsics.Float16Array, intrinsics.Float32Array, intrinsics.Float64Array,
        })
        {
            views.FastSetProperty(TypeConverter.ToString(view.Get("name")), new PropertyDescriptor(view, PropertyFlag.AllForbidden));
        }

        var originals = new JsObject(engine);
        originals.FastSetProperty("Map", new PropertyDescriptor(intrinsics.Map, PropertyFlag.AllForbidden));
        originals.FastSetProperty("Set", new PropertyDescriptor(intrinsics.Set, PropertyFlag.AllForbidden));
        originals.FastSetProperty("RegExp", new PropertyDescriptor(intrinsics.RegExp, PropertyFlag.AllForbidden));
        originals.FastSetProperty("ArrayBuffer", new PropertyDescriptor(intrinsics.ArrayBuffer, PropertyFlag.AllForbidden));
        originals.FastSetProperty("views", new PropertyDescriptor(views, PropertyFlag.AllForbidden));
        return engine.Call(engine.Evaluate(s_factory), JsValue.Undefined, [kindOf, fail, originals]);
    }

    /// <summary>The <c>transfer</c> member of the options (https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializeoptions), as an array.</summary>
    private static JsArray TransferList(Engine engine, JsValue options)
    {
        if (options.IsUndefined() || options.IsNull())
        {
            return new JsArray(engine);
        }

        if (options is not ObjectInstance dictionary)
        {
            throw JsErrors.FailedToExecute(engine, "structuredClone", "ServiceWorkerGlobalScope", "The provided value is not of type 'StructuredSerializeOptions'.");
        }

        var transfer = dictionary.Get("transfer");
        if (transfer.IsUndefined())
        {
            return new JsArray(engine);
        }

        var method = transfer is ObjectInstance iterable ? WebIdl.GetIteratorMethod(engine, iterable) : JsValue.Undefined;
        if (method.IsUndefined())
        {
            throw JsErrors.FailedToExecute(engine, "structuredClone", "ServiceWorkerGlobalScope", "The provided value cannot be converted to a sequence.");
        }

        return new JsArray(engine, [.. WebIdl.IterateToList(engine, transfer, method)]);
    }

    /// <summary>
    /// What the walk needs to know and cannot learn from script: with one argument, the kind of
    /// an object's internal slots; with a second, a slot's value ('source' and 'flags' of a
    /// RegExp, 'message' and 'stack' of an Error as own data properties).
    /// </summary>
    private static JsValue KindOf(ObjectTypes types, JsValue value, JsValue slot)
    {
        if (!slot.IsUndefined())
        {
            return TypeConverter.ToString(slot) switch
            {
                "source" when value is JsRegExp regExp => regExp.Source,
                "flags" when value is JsRegExp regExp => regExp.Flags,
                "message" or "stack" when value is ObjectInstance error => OwnDataValue(error, TypeConverter.ToString(slot)),
                "copy" when types.DomExceptions.TryGetData(value, out var data) => DomExceptions.Create(types.DomExceptions.Engine, data.Message, data.Name),
                _ => JsValue.Undefined,
            };
        }

        if (value is not ObjectInstance obj)
        {
            return "other";
        }

        var type = obj.GetType();
        return obj switch
        {
            _ when obj.IsCallable() => "function",
            _ when type == types.Proxy => "Proxy",
            _ when type.Namespace?.StartsWith("Workers.Runtime", StringComparison.Ordinal) == true => "platform",
            JsDate => "Date",
            JsRegExp => "RegExp",
            JsMap => "Map",
            JsSet => "Set",
            _ when obj.IsArrayBuffer() => "ArrayBuffer",
            _ when obj.IsDataView() => "DataView",
            _ when types.DomExceptions.TryGetData(obj, out _) => "DOMException",
            JsTypedArray => "TypedArray",
            JsError => "Error",
            JsArray => "Array",
            JsObject => "Object",
            _ when type == types.Boolean => "Boolean",
            _ when type == types.Number => "Number",
            _ when type == types.String => "String",
            _ when type == types.BigInt => "BigInt",
            _ => "other",
        };
    }

    /// <summary>The CLR types of a proxy and of the primitive wrapper objects in this version of Jint.</summary>
    private sealed record ObjectTypes(Type Proxy, Type Boolean, Type Number, Type String, Type BigInt, DomExceptionConstructor DomExceptions);

    private static JsValue OwnDataValue(ObjectInstance target, string name)
    {
        var descriptor = target.GetOwnProperty(name);
        return descriptor == PropertyDescriptor.Undefined || descriptor.IsAccessorDescriptor()
            ? JsValue.Undefined
            : descriptor.Value;
    }

    /// <summary>The DataCloneError for <paramref name="value"/>, worded as V8 (and so workerd) words it.</summary>
    private static ObjectInstance CloneError(Engine engine, JsValue value, string reason)
    {
        var message = reason switch
        {
            "platform" => $"Could not serialize object of type \"{ClassName(value)}\". This type does not support serialization.",
            "transfer" => "An ArrayBuffer is detached, listed twice, or not an ArrayBuffer, and could not be transferred.",
            "Proxy" => "#<Object> could not be cloned.",
            "symbol" or "function" => $"{TypeConverter.ToString(value is JsSymbol symbol ? symbol.ToString() : value)} could not be cloned.",
            _ => $"#<{ClassName(value)}> could not be cloned.",
        };
        return DomExceptions.Create(engine, message, "DataCloneError");
    }

    private static string ClassName(JsValue value)
    {
        if (value is not ObjectInstance obj)
        {
            return "Object";
        }

        // V8 names the constructor: the class string where there is one, else the constructor's name.
        var tag = obj.Get(GlobalSymbolRegistry.ToStringTag);
        return tag.IsString() ? tag.AsString()
            : obj.Get("constructor") is ObjectInstance constructor && constructor.Get("name") is { } name && name.IsString() ? name.AsString()
            : "Object";
    }
}
