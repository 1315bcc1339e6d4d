using System.Buffers;
using System.Text;

namespace Workers.Runtime.Hosting.Http;

/// <summary>
/// Parses an HTTP/1.1 or HTTP/1.0 request head from bytes (RFC 9112 sections 2 to 7), with no
/// socket behind it: the connection hands it what it has read so far.
/// </summary>
/// <remarks>
/// Strict where leniency lets two parsers disagree about where a message ends (request
/// smuggling): lines end with CRLF only (a bare LF or CR is a 400, which RFC 9112 section 2.2
/// allows), obs-fold is a 400 (section 5.2), whitespace between a field name and its colon is a
/// 400 (section 5.1), Content-Length with Transfer-Encoding is a 400 (section 6.3), a transfer
/// coding other than chunked is a 501 (section 6.1), and Host must be there once on HTTP/1.1
/// (section 3.2). Up to a few empty lines before the request line are skipped (section 2.2).
/// </remarks>
internal static class RequestHeadParser
{
    private const int MaxLeadingEmptyLines = 4;

    private static readonly SearchValues<byte> s_tokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // A host (reg-name, IPv4 or the inside of an IP-literal) and a port: unreserved, pct-encoded,
    // sub-delims, and ':' '[' ']' (https://www.rfc-editor.org/rfc/rfc3986#section-3.2.2).
    private static readonly SearchValues<byte> s_authorityChars = SearchValues.Create(
        "!$&'()*+,;=-._~%:[]0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Looks for a whole head at the start of <paramref name="data"/> and parses it.
    /// </summary>
    /// <param name="data">The bytes read so far for this request.</param>
    /// <param name="scanned">
    /// How far earlier calls searched for the end of the head; start at 0 for each request. It
    /// keeps a head that arrives a byte at a time from being searched again from its start.
    /// </param>
    /// <param name="limits">The size limits.</param>
    /// <param name="head">The head, when complete.</param>
    /// <param name="consumed">The bytes the head took (empty lines before it included).</param>
    /// <param name="status">The status code to answer with, when invalid.</param>
    public static HeadParseResult TryParse(ReadOnlySpan<byte> data, ref int scanned, HttpServerOptions limits, out RequestHead? head, out int consumed, out int status)
    {
        head = null;
        consumed = 0;
        status = 0;

        var lead = 0;
        while (lead + 1 < data.Length && data[lead] == '\r' && data[lead + 1] == '\n' && lead < MaxLeadingEmptyLines * 2)
        {
            lead += 2;
        }

        var from = Math.Max(lead, scanned - 3);
        var end = data[from..].IndexOf("\r\n\r\n"u8);
        var body = data[lead..];
        if (end < 0)
        {
            scanned = data.Length;
            var lineEnd = body.IndexOf((byte)'\n');
            if (lineEnd < 0 ? body.Length >= limits.MaxRequestLineBytes : lineEnd + 1 > limits.MaxRequestLineBytes)
            {
                return Invalid(414, out status);
            }

            if (lineEnd >= 0 && body.Length - (lineEnd + 1) > limits.MaxRequestHeadersTotalBytes)
            {
                return Invalid(431, out status);
            }

            // A bare LF would keep the head from ever ending: refuse it as soon as it arrives.
            return HasBareLf(data, from) ? Invalid(400, out status) : HeadParseResult.Incomplete;
        }

        var result = Parse(data[lead..(from + end + 4)], limits, out head, out var length, out status);
        if (result == HeadParseResult.Complete)
        {
            consumed = lead + length;
        }

        return result;
    }

    private static HeadParseResult Parse(ReadOnlySpan<byte> data, HttpServerOptions limits, out RequestHead? head, out int length, out int status)
    {
        head = null;
        length = 0;
        status = 0;

        // Request line: method SP request-target SP HTTP-version CRLF.
        var lineEnd = data.IndexOf((byte)'\n');
        if (lineEnd < 0 || lineEnd + 1 > limits.MaxRequestLineBytes)
        {
            return Invalid(414, out status);
        }

        if (lineEnd == 0 || data[lineEnd - 1] != '\r')
        {
            return Invalid(400, out status);
        }

        var line = data[..(lineEnd - 1)];
        var methodEnd = line.IndexOfAnyExcept(s_tokenChars);
        if (methodEnd <= 0 || line[methodEnd] != ' ')
        {
            return Invalid(400, out status);
        }

        var method = Method(line[..methodEnd]);
        var rest = line[(methodEnd + 1)..];
        var targetEnd = rest.IndexOf((byte)' ');
        if (targetEnd <= 0)
        {
            return Invalid(400, out status);
        }

        var targetBytes = rest[..targetEnd];
        if (targetBytes.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7e) >= 0 || targetBytes.Contains((byte)'#'))
        {
            return Invalid(400, out status);
        }

        var version = rest[(targetEnd + 1)..];
        int minor;
        if (version.SequenceEqual("HTTP/1.1"u8))
        {
            minor = 1;
        }
        else if (version.SequenceEqual("HTTP/1.0"u8))
        {
            minor = 0;
        }
        else
        {
            return Invalid(IsHttpVersion(version) ? 505 : 400, out status);
        }

        if (method == "CONNECT")
        {
            // Tunnels are not something a worker can serve (RFC 9110 section 9.3.6).
            return Invalid(501, out status);
        }

        var target = Encoding.ASCII.GetString(targetBytes);
        RequestTargetForm form;
        string? authority = null;
        if (targetBytes[0] == '/')
        {
            form = RequestTargetForm.Origin;
        }
        else if (targetBytes is [(byte)'*'])
        {
            if (method != "OPTIONS")
            {
                return Invalid(400, out status);
            }

            form = RequestTargetForm.Asterisk;
        }
        else if (TryAbsoluteAuthority(targetBytes, out var authorityBytes))
        {
            form = RequestTargetForm.Absolute;
            authority = Encoding.ASCII.GetString(authorityBytes);
        }
        else
        {
            return Invalid(400, out status);
        }

        // Header field lines: field-name ":" OWS field-value OWS CRLF, then an empty line.
        var headers = new List<KeyValuePair<string, string>>(16);
        var position = lineEnd + 1;
        var headerBytes = 0;
        var hostIndex = -1;
        var hostCount = 0;
        long contentLength = -1;
        var transferEncoding = false;
        var chunked = 0;
        var otherCoding = false;
        var close = false;
        var keepAliveToken = false;
        var expectContinue = false;
        var otherExpectation = false;
        while (true)
        {
            var remaining = data[position..];
            var end = remaining.IndexOf((byte)'\n');
            if (end < 0)
            {
                return Invalid(headerBytes + remaining.Length > limits.MaxRequestHeadersTotalBytes ? 431 : 400, out status);
            }

            headerBytes += end + 1;
            if (headerBytes > limits.MaxRequestHeadersTotalBytes)
            {
                return Invalid(431, out status);
            }

            if (end == 0 || remaining[end - 1] != '\r')
            {
                return Invalid(400, out status);
            }

            var field = remaining[..(end - 1)];
            position += end + 1;
            if (field.IsEmpty)
            {
                break;
            }

            if (headers.Count == limits.MaxRequestHeaderCount)
            {
                return Invalid(431, out status);
            }

            var nameEnd = field.IndexOfAnyExcept(s_tokenChars);
            if (nameEnd <= 0 || field[nameEnd] != ':')
            {
                // Includes obs-fold (a line starting with whitespace) and "name :" (RFC 9112 5.1).
                return Invalid(400, out status);
            }

            var name = field[..nameEnd];
            var value = field[(nameEnd + 1)..].Trim(" \t"u8);
            if (!IsFieldValue(value))
            {
                return Invalid(400, out status);
            }

            if (name.Length == 4 && Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                hostCount++;
                hostIndex = headers.Count;
                if (!IsAuthority(value, allowEmpty: true))
                {
                    return Invalid(400, out status);
                }
            }
            else if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!TryContentLength(value, ref contentLength))
                {
                    return Invalid(400, out status);
                }
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                transferEncoding = true;
                foreach (var coding in new ListElements(value))
                {
                    if (Ascii.EqualsIgnoreCase(coding, "chunked"u8))
                    {
                        chunked++;
                    }
                    else
                    {
                        otherCoding = true;
                    }
                }
            }
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                foreach (var option in new ListElements(value))
                {
                    close |= Ascii.EqualsIgnoreCase(option, "close"u8);
                    keepAliveToken |= Ascii.EqualsIgnoreCase(option, "keep-alive"u8);
                }
            }
            else if (name.Length == 6 && Ascii.EqualsIgnoreCase(name, "expect"u8))
            {
                if (Ascii.EqualsIgnoreCase(value, "100-continue"u8))
                {
                    expectContinue = true;
                }
                else
                {
                    otherExpectation = true;
                }
            }

            headers.Add(new(HeaderName(name), Encoding.Latin1.GetString(value)));
        }

        if ((minor == 1 && hostCount == 0) || hostCount > 1)
        {
            return Invalid(400, out status);
        }

        if (transferEncoding)
        {
            if (minor == 0 || contentLength >= 0 || chunked > 1 || (chunked == 0 && !otherCoding))
            {
                // HTTP/1.0 has no transfer codings, and with Content-Length too the framing is
                // ambiguous (RFC 9112 section 6.1 and 6.3).
                return Invalid(400, out status);
            }

            if (otherCoding)
            {
                return Invalid(501, out status);
            }
        }

        if (otherExpectation && minor == 1)
        {
            return Invalid(417, out status);
        }

        string host;
        if (authority is not null)
        {
            // RFC 9112 section 3.2.2: the target's authority replaces the Host header.
            host = authority;
            var entry = new KeyValuePair<string, string>(hostIndex >= 0 ? headers[hostIndex].Key : "Host", authority);
            if (hostIndex >= 0)
            {
                headers[hostIndex] = entry;
            }
            else
            {
                headers.Add(entry);
            }
        }
        else
        {
            host = hostIndex >= 0 ? headers[hostIndex].Value : string.Empty;
        }

        head = new RequestHead
        {
            Method = method,
            Target = target,
            Form = form,
            MinorVersion = minor,
            Headers = headers,
            Host = host,
            ContentLength = chunked == 1 ? -1 : contentLength,
            Chunked = chunked == 1,
            KeepAlive = minor == 1 ? !close : keepAliveToken && !close,
            ExpectContinue = expectContinue && minor == 1,
        };
        length = position;
        return HeadParseResult.Complete;
    }

    private static bool HasBareLf(ReadOnlySpan<byte> data, int from)
    {
        while (true)
        {
            var lf = data[from..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return false;
            }

            from += lf;
            if (from == 0 || data[from - 1] != '\r')
            {
                return true;
            }

            from++;
        }
    }

    private static HeadParseResult Invalid(int code, out int status)
    {
        status = code;
        return HeadParseResult.Invalid;
    }

    /// <summary>https://www.rfc-editor.org/rfc/rfc9110#section-5.5: VCHAR, obs-text, SP and HTAB inside.</summary>
    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if ((b < 0x20 && b != '\t') || b == 0x7f)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Content-Length: 1*DIGIT; repeated lines or a list must all say the same number
    /// (https://www.rfc-editor.org/rfc/rfc9110#section-8.6).
    /// </summary>
    private static bool TryContentLength(ReadOnlySpan<byte> value, ref long contentLength)
    {
        var any = false;
        foreach (var element in new ListElements(value))
        {
            if (element.IsEmpty || element.Length > 18 || element.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
            {
                return false;
            }

            long number = 0;
            foreach (var digit in element)
            {
                number = (number * 10) + (digit - '0');
            }

            if (contentLength >= 0 && contentLength != number)
            {
                return false;
            }

            contentLength = number;
            any = true;
        }

        return any;
    }

    /// <summary>
    /// <c>http://authority/...</c> or <c>https://...</c> (scheme case-insensitive), with a
    /// non-empty authority and no userinfo (https://www.rfc-editor.org/rfc/rfc9110#section-4.2.4).
    /// </summary>
    private static bool TryAbsoluteAuthority(ReadOnlySpan<byte> target, out ReadOnlySpan<byte> authority)
    {
        authority = default;
        int schemeLength;
        if (target.Length > 7 && Ascii.EqualsIgnoreCase(target[..7], "http://"u8))
        {
            schemeLength = 7;
        }
        else if (target.Length > 8 && Ascii.EqualsIgnoreCase(target[..8], "https://"u8))
        {
            schemeLength = 8;
        }
        else
        {
            return false;
        }

        var rest = target[schemeLength..];
        var end = rest.IndexOfAny("/?"u8);
        authority = end < 0 ? rest : rest[..end];
        return !authority.IsEmpty && IsAuthority(authority, allowEmpty: false);
    }

    /// <summary>uri-host [ ":" port ] (https://www.rfc-editor.org/rfc/rfc9110#section-7.2).</summary>
    private static bool IsAuthority(ReadOnlySpan<byte> value, bool allowEmpty)
    {
        if (value.IsEmpty)
        {
            return allowEmpty;
        }

        if (value.IndexOfAnyExcept(s_authorityChars) >= 0)
        {
            return false;
        }

        ReadOnlySpan<byte> port;
        if (value[0] == '[')
        {
            var close = value.IndexOf((byte)']');
            if (close < 2 || value[1..close].IndexOfAny("[]"u8) >= 0)
            {
                return false;
            }

            var after = value[(close + 1)..];
            if (after.IsEmpty)
            {
                return true;
            }

            if (after[0] != ':')
            {
                return false;
            }

            port = after[1..];
        }
        else
        {
            var colon = value.IndexOf((byte)':');
            var host = colon < 0 ? value : value[..colon];
            if (host.IsEmpty || host.IndexOfAny("[]"u8) >= 0)
            {
                return false;
            }

            if (colon < 0)
            {
                return true;
            }

            port = value[(colon + 1)..];
        }

        return port.Length <= 5 && port.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    private static bool IsHttpVersion(ReadOnlySpan<byte> version)
        => version.Length == 8 && version.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)version[5]) && version[6] == '.' && char.IsAsciiDigit((char)version[7]);

    /// <summary>The method as a string, without allocating for the common ones.</summary>
    private static string Method(ReadOnlySpan<byte> method) => method switch
    {
        _ when method.SequenceEqual("GET"u8) => "GET",
        _ when method.SequenceEqual("POST"u8) => "POST",
        _ when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ when method.SequenceEqual("PUT"u8) => "PUT",
        _ when method.SequenceEqual("DELETE"u8) => "DELETE",
        _ when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ when method.SequenceEqual("PATCH"u8) => "PATCH",
        _ when method.SequenceEqual("CONNECT"u8) => "CONNECT",
        _ => Encoding.ASCII.GetString(method),
    };

    /// <summary>The field name as sent, without allocating for the common spellings.</summary>
    private static string HeaderName(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("Host"u8) => "Host",
        6 when name.SequenceEqual("Accept"u8) => "Accept",
        10 when name.SequenceEqual("User-Agent"u8) => "User-Agent",
        10 when name.SequenceEqual("Connection"u8) => "Connection",
        12 when name.SequenceEqual("Content-Type"u8) => "Content-Type",
        14 when name.SequenceEqual("Content-Length"u8) => "Content-Length",
        15 when name.SequenceEqual("Accept-Encoding"u8) => "Accept-Encoding",
        15 when name.SequenceEqual("Accept-Language"u8) => "Accept-Language",
        _ => Encoding.ASCII.GetString(name),
    };

    /// <summary>The elements of a comma-separated list, trimmed of OWS, empty ones skipped (RFC 9110 section 5.6.1).</summary>
    private ref struct ListElements(ReadOnlySpan<byte> value)
    {
        private ReadOnlySpan<byte> _rest = value;
        private bool _done;

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly ListElements GetEnumerator() => this;

        public bool MoveNext()
        {
            while (!_done)
            {
                var comma = _rest.IndexOf((byte)',');
                ReadOnlySpan<byte> element;
                if (comma < 0)
                {
                    element = _rest;
                    _done = true;
                }
                else
                {
                    element = _rest[..comma];
                    _rest = _rest[(comma + 1)..];
                }

                element = element.Trim(" \t"u8);
                if (!element.IsEmpty)
                {
                    Current = element;
                    return true;
                }
            }

            return false;
        }
    }
}
