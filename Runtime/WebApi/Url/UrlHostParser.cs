namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// The host parser (https://url.spec.whatwg.org/#concept-host-parser) with the host serializer
/// (https://url.spec.whatwg.org/#concept-host-serializer): each parse returns the serialized host.
/// </summary>
internal static partial class UrlHostParser
{
    /// <summary>
    /// https://url.spec.whatwg.org/#concept-host-parser: the serialized host of <paramref name="input"/>,
    /// or null on failure.
    /// </summary>
    /// <param name="input">The host text, percent-encoded or not.</param>
    /// <param name="isOpaque">Whether the URL is not special, so that a host that is not an IPv6 address is an opaque host.</param>
    public static string? Parse(string input, bool isOpaque)
    {
        if (input.StartsWith('['))
        {
            if (!input.EndsWith(']'))
            {
                return null;
            }

            return TryParseIpv6(input.AsSpan(1, input.Length - 2), out var address)
                ? "[" + SerializeIpv6(address) + "]"
                : null;
        }

        if (isOpaque)
        {
            return ParseOpaqueHost(input);
        }

        var domain = input.Contains('%', StringComparison.Ordinal)
            ? System.Text.Encoding.UTF8.GetString(PercentEncoding.Decode(input))
            : input;
        var asciiDomain = DomainToAscii(domain);
        if (asciiDomain is null)
        {
            return null;
        }

        if (EndsInANumber(asciiDomain))
        {
            return TryParseIpv4(asciiDomain, out var address) ? SerializeIpv4(address) : null;
        }

        return asciiDomain;
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#concept-opaque-host-parser: <paramref name="input"/> with the C0 control
    /// percent-encode set applied, or null if it holds a forbidden host code point.
    /// </summary>
    public static string? ParseOpaqueHost(string input)
    {
        foreach (var c in input)
        {
            if (IsForbiddenHostCodePoint(c))
            {
                return null;
            }
        }

        return PercentEncoding.Encode(input, PercentEncodeSet.C0Control);
    }

    /// <summary>https://url.spec.whatwg.org/#forbidden-host-code-point</summary>
    public static bool IsForbiddenHostCodePoint(int c)
        => c is '\0' or '\t' or '\n' or '\r' or ' ' or '#' or '/' or ':' or '<' or '>' or '?' or '@' or '[' or '\\' or ']' or '^' or '|';

    /// <summary>https://url.spec.whatwg.org/#forbidden-domain-code-point</summary>
    public static bool IsForbiddenDomainCodePoint(int c)
        => IsForbiddenHostCodePoint(c) || c is <= 0x1F or '%' or 0x7F;
}
