namespace Workers.Runtime.WebApi.Url;

/// <summary>Entry points to the URL parser (https://url.spec.whatwg.org/#url-parsing).</summary>
internal static class UrlParser
{
    /// <summary>
    /// The basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser) on a whole URL string,
    /// as the API URL parser calls it: null on failure.
    /// </summary>
    /// <param name="input">The URL string; leading and trailing C0 controls and spaces are ignored.</param>
    /// <param name="baseUrl">The URL to resolve a relative <paramref name="input"/> against, or null.</param>
    public static UrlRecord? Parse(string input, UrlRecord? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var url = new UrlRecord();
        var parser = new BasicUrlParser(BasicUrlParser.ToCodePoints(input, trim: true), baseUrl, url, stateOverride: null);
        return parser.Run() ? url : null;
    }

    /// <summary>
    /// The basic URL parser with a URL and a state override, as the URL setters call it: it changes
    /// <paramref name="url"/> in place and returns false on failure, which may leave part of a change made.
    /// </summary>
    internal static bool BasicParse(string input, UrlRecord url, UrlParserState stateOverride)
    {
        var parser = new BasicUrlParser(BasicUrlParser.ToCodePoints(input, trim: false), baseUrl: null, url, stateOverride);
        return parser.Run();
    }
}
