using Jint.Native;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>Installs Headers, Request and Response, and converts requests and responses at the host edge.</summary>
internal static class FetchModule
{
    /// <summary>Defines the Fetch globals on the isolate's engine.</summary>
    public static void Install(Isolate isolate) => _ = isolate;

    /// <summary>Builds the JS <c>Request</c> for an incoming request; its body is read lazily.</summary>
    public static JsValue CreateRequest(Isolate isolate, RequestContext context)
        => throw new NotSupportedException("stub");

    /// <summary>Converts the value a handler produced into a response, or returns false if it is not a <c>Response</c>.</summary>
    public static bool TryConvertResponse(Isolate isolate, JsValue value, out WorkerResponse? response)
    {
        response = null;
        return false;
    }
}
