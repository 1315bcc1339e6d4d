namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// A body (https://fetch.spec.whatwg.org/#concept-body) of a <c>Request</c> or <c>Response</c>:
/// its bytes and whether it has been read (its stream "disturbed").
/// </summary>
internal sealed class FetchBody
{
    /// <summary>Creates a body over <paramref name="source"/>.</summary>
    public FetchBody(BodySource source) => Source = source;

    /// <summary>The bytes, possibly not yet read from the network.</summary>
    public BodySource Source { get; }

    /// <summary>Whether the body has been read or handed to another object (https://fetch.spec.whatwg.org/#concept-readablestream-disturbed).</summary>
    public bool Disturbed { get; set; }

    /// <summary>https://fetch.spec.whatwg.org/#concept-body-clone: a second, unread body over the same bytes.</summary>
    public FetchBody Clone()
    {
        Source.Share();
        return new(Source);
    }
}
