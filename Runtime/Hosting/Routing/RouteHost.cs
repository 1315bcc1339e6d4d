using System.Net;
using System.Net.Sockets;

namespace Workers.Runtime.Hosting.Routing;

/// <summary>Reads the host name out of a Host header for route matching.</summary>
internal static class RouteHost
{
    /// <summary>
    /// The host of <paramref name="hostHeader"/> without its port: <c>example.com:8787</c> gives
    /// <c>example.com</c>, <c>[::1]:8787</c> gives <c>[::1]</c>. An IPv6 literal is rewritten in its
    /// canonical text (RFC 5952, as <see cref="IPAddress.ToString"/> prints it) so that
    /// <c>[0:0::1]</c> and <c>[::1]</c> compare equal. Letter case is kept; callers compare
    /// ignoring case.
    /// </summary>
    internal static ReadOnlySpan<char> FromHeader(string hostHeader)
    {
        var value = hostHeader.AsSpan();
        if (value.Length > 0 && value[0] == '[')
        {
            var close = value.IndexOf(']');
            if (close < 0)
            {
                return value;
            }

            return CanonicalIPv6(value[1..close]) is { } canonical ? canonical : value[..(close + 1)];
        }

        var colon = value.IndexOf(':');
        return colon >= 0 ? value[..colon] : value;
    }

    /// <summary>
    /// <c>[address]</c> in canonical form when <paramref name="address"/> is an IPv6 address (without
    /// brackets), otherwise null.
    /// </summary>
    internal static string? CanonicalIPv6(ReadOnlySpan<char> address) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? "[" + ip + "]"
            : null;
}
