namespace Workers.Runtime.WebApi.Fetch;

/// <summary>https://fetch.spec.whatwg.org/#concept-headers-guard</summary>
/// <remarks>
/// Only <see cref="None"/> and <see cref="Immutable"/> change behaviour here: the "request" and
/// "response" guards exist in the spec to filter forbidden names, which this runtime does not do.
/// </remarks>
internal enum HeadersGuard
{
    /// <summary>A <c>Headers</c> object made by script; mutable.</summary>
    None,

    /// <summary>The headers of a <c>Request</c>; mutable.</summary>
    Request,

    /// <summary>The headers of a <c>Response</c>; mutable.</summary>
    Response,

    /// <summary>Read-only: the incoming request's, and those of <c>Response.error()</c> and <c>Response.redirect()</c>.</summary>
    Immutable,
}
