using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Workers.Runtime.Interop;

/// <summary>
/// Renders a thrown JS value the way V8 prints an uncaught error: <c>Name: message</c> followed
/// by the JS stack with file:line:column. Only JS-level information is used, never .NET details.
/// </summary>
internal static class JsErrorText
{
    public static string Describe(JavaScriptException exception)
    {
        var text = Describe(exception.Error);
        var stack = exception.JavaScriptStackTrace;
        if (!string.IsNullOrWhiteSpace(stack) && !text.Contains('\n', StringComparison.Ordinal))
        {
            text += "\n" + stack.TrimEnd();
        }

        return text;
    }

    public static string Describe(JsValue error)
    {
        if (error is ObjectInstance obj && TryGetString(obj, "message", out var message))
        {
            var name = TryGetString(obj, "name", out var n) ? n : "Error";
            var head = message.Length > 0 ? $"{name}: {message}" : name;
            return TryGetString(obj, "stack", out var stack) && !string.IsNullOrWhiteSpace(stack)
                ? head + "\n" + StripHead(stack, head).TrimEnd()
                : head;
        }

        return SafeToString(error);
    }

    private static string StripHead(string stack, string head)
        => stack.StartsWith(head, StringComparison.Ordinal) ? stack[head.Length..].TrimStart('\n') : stack;

    private static bool TryGetString(ObjectInstance obj, string property, out string value)
    {
        value = "";
        try
        {
            var v = obj.Get(property);
            if (v.IsString())
            {
                value = v.AsString();
                return true;
            }
        }
        catch (JavaScriptException)
        {
            // A getter that throws: fall back to what we can show.
        }

        return false;
    }

    private static string SafeToString(JsValue value)
    {
        try
        {
            // Symbols and BigInts print as V8 prints them; TypeConverter.ToString refuses a
            // symbol with an exception that is not a JavaScriptException.
            return value switch
            {
                JsString => value.AsString(),
                JsSymbol symbol => symbol.ToString(),
                JsBigInt => TypeConverter.ToString(value) + "n",
                _ => TypeConverter.ToString(value),
            };
        }
        catch (JavaScriptException)
        {
            return "(a value that cannot be converted to a string)";
        }
    }
}
