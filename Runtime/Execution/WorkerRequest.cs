namespace Workers.Runtime.Execution;

/// <summary>
/// An HTTP request handed to a worker, independent of any server: the HTTP front end builds one
/// from each incoming request, and tests and embedders build them directly.
/// </summary>
public sealed class WorkerRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="method">The HTTP method, e.g. <c>GET</c>.</param>
    /// <param name="url">The absolute URL the client asked for.</param>
    public WorkerRequest(string method, Uri url)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URL must be absolute.", nameof(url));
        }

        Method = method;
        Url = url;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The absolute URL.</summary>
    public Uri Url { get; }

    /// <summary>
    /// The request target exactly as the client sent it (the path and query, such as
    /// <c>/a%41?q=%ZZ</c>), or null. When set, the script's <c>request.url</c> is built from it with
    /// the WHATWG URL parser, so it keeps the client's escapes as workerd does; <see cref="Url"/>
    /// holds .NET's normalized form of it (which decodes <c>%41</c> and escapes <c>%ZZ</c>).
    /// </summary>
    public string? Target { get; init; }

    /// <summary>Header fields in the order received; a name may repeat.</summary>
    public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>
    /// The body, read lazily and only if the script reads it; null for none. The caller owns the
    /// stream: it must stay readable until the response is complete, and the caller disposes it
    /// afterwards (the HTTP front end's request stream closes with the exchange).
    /// </summary>
    public Stream? Body { get; init; }
}
