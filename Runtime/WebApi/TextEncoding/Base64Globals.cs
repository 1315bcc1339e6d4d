using Jint;
using Jint.Native;
using Jint.Runtime;
using Workers.Runtime.Interop;
using Workers.Runtime.WebApi.Dom;

namespace Workers.Runtime.WebApi.TextEncoding;

/// <summary>
/// The global functions <c>atob</c> and <c>btoa</c>
/// (https://html.spec.whatwg.org/multipage/webappapis.html#atob), with workerd's error messages.
/// </summary>
internal static class Base64Globals
{
    private const string GlobalScope = "ServiceWorkerGlobalScope";

    private const string InvalidBase64 = "atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', "
        + "alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)";

    private const string NotLatin1 = "btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.";

    /// <summary>Defines <c>atob</c> and <c>btoa</c> on the global object.</summary>
    public static void Install(Engine engine)
    {
        engine.Global.Method("atob", 1, (_, arguments) => Atob(engine, arguments));
        engine.Global.Method("btoa", 1, (_, arguments) => Btoa(engine, arguments));
    }

    /// <summary>
    /// https://html.spec.whatwg.org/multipage/webappapis.html#dom-atob: decodes base64 into a
    /// string with one character (U+0000 to U+00FF) per byte.
    /// </summary>
    private static JsValue Atob(Engine engine, JsValue[] arguments)
    {
        if (arguments.Length == 0)
        {
            throw JsErrors.FailedToExecute(engine, "atob", GlobalScope, "parameter 1 is not of type 'string'.");
        }

        var data = TypeConverter.ToString(arguments[0]);
        if (!Base64.TryDecode(data, out var bytes))
        {
            throw DomExceptions.Throw(engine, InvalidBase64, "InvalidCharacterError");
        }

        return System.Text.Encoding.Latin1.GetString(bytes);
    }

    /// <summary>
    /// https://html.spec.whatwg.org/multipage/webappapis.html#dom-btoa: encodes a string whose
    /// characters are all at most U+00FF, one byte each, as base64.
    /// </summary>
    private static JsValue Btoa(Engine engine, JsValue[] arguments)
    {
        if (arguments.Length == 0)
        {
            throw JsErrors.FailedToExecute(engine, "btoa", GlobalScope, "parameter 1 is not of type 'String'.");
        }

        var data = TypeConverter.ToString(arguments[0]);
        if (data.AsSpan().ContainsAnyExceptInRange('\0', '\u00FF'))
        {
            throw DomExceptions.Throw(engine, NotLatin1, "InvalidCharacterError");
        }

        return Base64.Encode(System.Text.Encoding.Latin1.GetBytes(data));
    }
}
