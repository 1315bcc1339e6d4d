namespace Workers.Runtime.Hosting.Http;

/// <summary>What <see cref="RequestHeadParser.TryParse"/> found in the bytes it was given.</summary>
internal enum HeadParseResult
{
    /// <summary>The head is not complete yet: read more.</summary>
    Incomplete,

    /// <summary>A whole, valid head.</summary>
    Complete,

    /// <summary>The head is malformed or over a limit: answer the status given and close.</summary>
    Invalid,
}
