namespace Workers.Runtime.Hosting.Http;

/// <summary>
/// A parsed request head (https://www.rfc-editor.org/rfc/rfc9112#section-2.1): the request line,
/// the header field lines in order, and the framing read from them.
/// </summary>
internal sealed class RequestHead
{
    /// <summary>The method token as sent (methods are case-sensitive).</summary>
    public required string Method { get; init; }

    /// <summary>The request target as sent (https://www.rfc-editor.org/rfc/rfc9112#section-3.2).</summary>
    public required string Target { get; init; }

    /// <summary>Which of the four forms the target has.</summary>
    public required RequestTargetForm Form { get; init; }

    /// <summary>The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.</summary>
    public required int MinorVersion { get; init; }

    /// <summary>
    /// One entry per header field line, in order, never split at commas; names as sent, values
    /// trimmed of OWS, each byte one char (Latin-1). For an absolute-form target the Host entry
    /// holds the target's authority (https://www.rfc-editor.org/rfc/rfc9112#section-3.2.2).
    /// </summary>
    public required List<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The Host value the target URI is built from (the authority of an absolute-form target).</summary>
    public required string Host { get; init; }

    /// <summary>The declared body length, or -1 when none was declared.</summary>
    public long ContentLength { get; init; } = -1;

    /// <summary>Whether the body has the chunked transfer coding.</summary>
    public bool Chunked { get; init; }

    /// <summary>Whether the client wants the connection kept open after this exchange.</summary>
    public bool KeepAlive { get; init; }

    /// <summary>Whether the client sent <c>Expect: 100-continue</c> on HTTP/1.1 and waits for it.</summary>
    public bool ExpectContinue { get; init; }

    /// <summary>Whether a body follows the head.</summary>
    public bool HasBody => Chunked || ContentLength > 0;
}
