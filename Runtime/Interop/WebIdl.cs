using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;

namespace Workers.Runtime.Interop;

/// <summary>The Web IDL conversions the Fetch classes need (https://webidl.spec.whatwg.org/#es-type-mapping).</summary>
internal static class WebIdl
{
    /// <summary>https://webidl.spec.whatwg.org/#es-ByteString: a string whose code units all fit in a byte.</summary>
    public static string ToByteString(Engine engine, JsValue value, string operation, string type)
    {
        var text = TypeConverter.ToString(value);
        foreach (var c in text)
        {
            if (c > 0xFF)
            {
                throw operation.Length == 0
                    ? JsErrors.FailedToConstruct(engine, type, "Value is not a valid ByteString.")
                    : JsErrors.FailedToExecute(engine, operation, type, "Value is not a valid ByteString.");
            }
        }

        return text;
    }

    /// <summary>https://webidl.spec.whatwg.org/#es-USVString: lone surrogates become U+FFFD.</summary>
    public static string ToUsvString(JsValue value)
    {
        var text = TypeConverter.ToString(value);
        return HasLoneSurrogate(text) ? ReplaceLoneSurrogates(text) : text;
    }

    /// <summary>https://webidl.spec.whatwg.org/#es-unsigned-short (no [EnforceRange]): modulo 2^16.</summary>
    public static int ToUnsignedShort(JsValue value)
    {
        var number = TypeConverter.ToNumber(value);
        if (double.IsNaN(number) || double.IsInfinity(number))
        {
            return 0;
        }

        var truncated = Math.Truncate(number) % 65536;
        return (int)(truncated < 0 ? truncated + 65536 : truncated);
    }

    /// <summary>
    /// https://webidl.spec.whatwg.org/#es-dictionary: undefined and null are an empty dictionary
    /// (returned as null), an object is read member by member, anything else is a TypeError.
    /// </summary>
    public static ObjectInstance? ToDictionary(Engine engine, JsValue value, string context)
    {
        if (value.IsNull() || value.IsUndefined())
        {
            return null;
        }

        return value as ObjectInstance
            ?? throw JsErrors.TypeError(engine, $"{context}: The provided value is not of type 'object'.");
    }

    /// <summary>The value of <paramref name="obj"/>[@@iterator], or undefined when it has none (https://tc39.es/ecma262/#sec-getmethod).</summary>
    public static JsValue GetIteratorMethod(Engine engine, ObjectInstance obj)
    {
        var method = obj.Get(GlobalSymbolRegistry.Iterator);
        if (method.IsNull() || method.IsUndefined())
        {
            return JsValue.Undefined;
        }

        return method.IsCallable() ? method : throw JsErrors.TypeError(engine, "The value's Symbol.iterator is not a function.");
    }

    /// <summary>
    /// Steps through an iterable with the iterator protocol, as Web IDL's "create a sequence from
    /// an iterable" does (https://webidl.spec.whatwg.org/#create-sequence-from-iterable).
    /// </summary>
    public static List<JsValue> IterateToList(Engine engine, JsValue iterable, JsValue method)
    {
        var iterator = engine.Call(method, iterable, []) as ObjectInstance
            ?? throw JsErrors.TypeError(engine, "The iterator is not an object.");
        var next = iterator.Get("next");
        var items = new List<JsValue>();
        while (true)
        {
            // An iterator written in script never ends if its next() is, say, Object: the limits
            // are checked between statements only, and this loop has none of its own.
            HostWork.Check(engine);
            var result = engine.Call(next, iterator, []) as ObjectInstance
                ?? throw JsErrors.TypeError(engine, "The iterator result is not an object.");
            if (TypeConverter.ToBoolean(result.Get("done")))
            {
                return items;
            }

            items.Add(result.Get("value"));
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return builder.ToString();
    }
}
