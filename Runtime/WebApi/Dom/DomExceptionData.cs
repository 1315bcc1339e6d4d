namespace Workers.Runtime.WebApi.Dom;

/// <summary>
/// The state of one DOMException: its name and message
/// (https://webidl.spec.whatwg.org/#domexception-name and #domexception-message).
/// </summary>
/// <param name="Name">The error name, such as "AbortError".</param>
/// <param name="Message">The message.</param>
internal sealed record DomExceptionData(string Name, string Message)
{
    /// <summary>https://webidl.spec.whatwg.org/#dom-domexception-code</summary>
    public int Code => DomExceptionNames.LegacyCode(Name);
}
