namespace Workers.Runtime.WebApi.Fetch;

/// <summary>HTTP method rules of the Fetch standard (https://fetch.spec.whatwg.org/#methods).</summary>
internal static class FetchMethod
{
    private static readonly string[] s_normalized = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
    private static readonly string[] s_forbidden = ["CONNECT", "TRACE", "TRACK"];

    /// <summary>https://fetch.spec.whatwg.org/#concept-method: a method is a token.</summary>
    public static bool IsValid(string method) => HeaderList.IsToken(method);

    /// <summary>https://fetch.spec.whatwg.org/#forbidden-method, compared case-insensitively.</summary>
    public static bool IsForbidden(string method)
        => Array.Exists(s_forbidden, m => string.Equals(m, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>https://fetch.spec.whatwg.org/#concept-method-normalize: upper-cases the seven standard methods only.</summary>
    public static string Normalize(string method)
        => Array.Find(s_normalized, m => string.Equals(m, method, StringComparison.OrdinalIgnoreCase)) ?? method;

    /// <summary>Whether a request with this method may not have a body (GET and HEAD).</summary>
    public static bool ForbidsBody(string method) => method is "GET" or "HEAD";
}
