namespace Workers.Runtime.Hosting.Http;

/// <summary>The forms of a request target (https://www.rfc-editor.org/rfc/rfc9112#section-3.2).</summary>
internal enum RequestTargetForm
{
    /// <summary><c>/path?query</c>, the usual form.</summary>
    Origin,

    /// <summary><c>http://host/path</c>: the target URI itself, as sent to proxies.</summary>
    Absolute,

    /// <summary><c>*</c>, for a server-wide <c>OPTIONS</c>.</summary>
    Asterisk,
}
