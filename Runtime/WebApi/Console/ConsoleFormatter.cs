using System.Globalization;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Console;

/// <summary>
/// Formats console arguments: printf-style directives in a first string argument
/// (https://console.spec.whatwg.org/#formatter: %s %d %i %f %o %O %c %%), then the remaining
/// arguments separated by spaces. Strings print as they are, errors with their stack, and other
/// objects as compact JSON-like text, bounded in depth and length so a huge object cannot flood
/// the log.
/// </summary>
internal static class ConsoleFormatter
{
    private const int MaxDepth = 4;
    private const int MaxItems = 100;
    private const int MaxLength = 16 * 1024;

    public static string Format(JsValue[] args)
    {
        var text = new StringBuilder();
        var next = 0;
        if (args.Length > 0 && args[0].IsString())
        {
            next = 1;
            var format = args[0].AsString();
            for (var i = 0; i < format.Length; i++)
            {
                var c = format[i];
                if (c != '%' || i + 1 >= format.Length)
                {
                    text.Append(c);
                    continue;
                }

                var directive = format[i + 1];
                switch (directive)
                {
                    case '%':
                        text.Append('%');
                        i++;
                        continue;
                    case 's' or 'd' or 'i' or 'f' or 'o' or 'O' or 'j' or 'c' when next < args.Length:
                        AppendDirective(text, directive, args[next++]);
                        i++;
                        continue;
                    default:
                        text.Append(c);
                        continue;
                }
            }
        }

        for (; next < args.Length; next++)
        {
            if (text.Length > 0 || next > 0)
            {
                text.Append(' ');
            }

            Append(text, args[next], 0, topLevel: true);
        }

        return text.Length > MaxLength ? text.ToString(0, MaxLength) + "…" : text.ToString();
    }

    private static void AppendDirective(StringBuilder text, char directive, JsValue value)
    {
        switch (directive)
        {
            case 's':
                Append(text, value, 0, topLevel: true);
                break;
            case 'd' or 'i':
                var number = value.IsNumber() ? value.AsNumber() : SafeNumber(value);
                text.Append(double.IsNaN(number) ? "NaN" : Math.Truncate(number).ToString(CultureInfo.InvariantCulture));
                break;
            case 'f':
                text.Append(Number(SafeNumber(value)));
                break;
            case 'c':
                break;
            default:
                Append(text, value, 0, topLevel: false);
                break;
        }
    }

    private static void Append(StringBuilder text, JsValue value, int depth, bool topLevel)
    {
        if (text.Length > MaxLength)
        {
            return;
        }

        switch (value)
        {
            case JsString when topLevel:
                text.Append(value.AsString());
                return;
            case JsString:
                text.Append('\'').Append(value.AsString().Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
                return;
            case JsNumber:
                text.Append(Number(value.AsNumber()));
                return;
            case JsBoolean:
                text.Append(value.AsBoolean() ? "true" : "false");
                return;
            case JsSymbol:
                text.Append(value.ToString());
                return;
            case JsBigInt:
                text.Append(value.ToString()).Append('n');
                return;
            case Function function:
                var name = function.Get("name");
                text.Append(name.IsString() && name.AsString().Length > 0 ? $"[Function: {name.AsString()}]" : "[Function (anonymous)]");
                return;
            case ObjectInstance obj when IsError(obj):
                text.Append(JsErrorText.Describe(obj));
                return;
            case ObjectInstance obj:
                AppendObject(text, obj, depth);
                return;
        }

        if (value.IsNull())
        {
            text.Append("null");
        }
        else
        {
            text.Append("undefined");
        }
    }

    private static void AppendObject(StringBuilder text, ObjectInstance obj, int depth)
    {
        if (depth >= MaxDepth)
        {
            text.Append(obj.IsArray() ? "[Array]" : "[Object]");
            return;
        }

        try
        {
            if (obj.IsArray())
            {
                var length = TypeConverter.ToLength(obj.Get("length"));
                text.Append('[');
                for (ulong i = 0; i < length; i++)
                {
                    if (i >= MaxItems)
                    {
                        text.Append(CultureInfo.InvariantCulture, $", ... {length - i} more items");
                        break;
                    }

                    text.Append(i == 0 ? " " : ", ");
                    Append(text, obj.Get(i.ToString(CultureInfo.InvariantCulture)), depth + 1, topLevel: false);
                }

                text.Append(length > 0 ? " ]" : "]");
                return;
            }

            var tag = ClassName(obj);
            if (tag.Length > 0)
            {
                text.Append(tag).Append(' ');
            }

            var count = 0;
            text.Append('{');
            foreach (var key in obj.GetOwnPropertyKeys(Types.String))
            {
                var descriptor = obj.GetOwnProperty(key);
                if (!descriptor.Enumerable)
                {
                    continue;
                }

                if (count++ >= MaxItems)
                {
                    text.Append(", ...");
                    break;
                }

                text.Append(count == 1 ? " " : ", ").Append(key.ToString()).Append(": ");
                Append(text, obj.Get(key), depth + 1, topLevel: false);
            }

            text.Append(count > 0 ? " }" : "}");
        }
        catch (JavaScriptException)
        {
            text.Append("[object]");
        }
    }

    private static string ClassName(ObjectInstance obj)
    {
        var ctor = obj.Get("constructor");
        if (ctor is Function f && f.Get("name") is JsString name && name.ToString() is var n && n != "Object" && n.Length > 0)
        {
            return n;
        }

        return "";
    }

    private static bool IsError(ObjectInstance obj)
    {
        var errorPrototype = obj.Engine.Intrinsics.Error.Get("prototype");
        for (var proto = obj.Prototype; proto is not null; proto = proto.Prototype)
        {
            if (ReferenceEquals(proto, errorPrototype))
            {
                return true;
            }
        }

        return false;
    }

    private static double SafeNumber(JsValue value)
    {
        try
        {
            return TypeConverter.ToNumber(value);
        }
        catch (JavaScriptException)
        {
            return double.NaN;
        }
    }

    private static string Number(double d)
        => double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity"
            : d == 0 && double.IsNegative(d) ? "-0" : d.ToString("R", CultureInfo.InvariantCulture);
}
