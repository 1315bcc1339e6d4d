namespace Workers.Runtime.Execution;

/// <summary>A worker's answer to one <see cref="WorkerRequest"/>.</summary>
public sealed class WorkerResponse
{
    /// <summary>Creates a response.</summary>
    public WorkerResponse(int status, string statusText, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(statusText);
        ArgumentNullException.ThrowIfNull(headers);
        Status = status;
        StatusText = statusText;
        Headers = headers;
        Body = body;
    }

    /// <summary>The status code.</summary>
    public int Status { get; }

    /// <summary>The reason phrase, possibly empty.</summary>
    public string StatusText { get; }

    /// <summary>Header fields in order; <c>set-cookie</c> may repeat.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Set when the runtime, not the script, produced this response (an error page).</summary>
    public WorkerError? Error { get; init; }

    /// <summary>
    /// What the event used until this response was decided; null for responses that no script
    /// produced (a 404 from the router, a pass-through).
    /// </summary>
    public RequestUsage? Usage { get; internal set; }

    /// <summary>The body decoded as UTF-8; convenient in tests.</summary>
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body.Span);

    /// <summary>The first value of a header, compared case-insensitively, or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
