using System.Diagnostics;
using System.Text;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// One run of the basic URL parser's state machine (https://url.spec.whatwg.org/#concept-basic-url-parser)
/// over an input already split into code points.
/// </summary>
/// <remarks>
/// Validation errors are not reported; only failures end a parse. The opaque path, query and fragment
/// states take a whole run of code points at a time, so a long <c>data:</c> URL is not rebuilt once per
/// code point.
/// </remarks>
internal sealed class BasicUrlParser
{
    private const int Eof = -1;

    private readonly int[] _input;
    private readonly UrlRecord? _base;
    private readonly UrlRecord _url;
    private readonly UrlParserState? _stateOverride;
    private readonly StringBuilder _buffer = new();
    private UrlParserState _state;
    private int _pointer;
    private int _bufferCodePoints;
    private bool _atSignSeen;
    private bool _insideBrackets;
    private bool _passwordTokenSeen;

    // The userinfo being built in the authority state; written to the URL when the state ends,
    // so that each "@" appends instead of copying what came before (quadratic in the input).
    private StringBuilder? _username;
    private StringBuilder? _password;

    /// <summary>Prepares a run over <paramref name="input"/>, which <see cref="ToCodePoints"/> produced.</summary>
    public BasicUrlParser(int[] input, UrlRecord? baseUrl, UrlRecord url, UrlParserState? stateOverride)
    {
        _input = input;
        _base = baseUrl;
        _url = url;
        _stateOverride = stateOverride;
    }

    private enum Step
    {
        Continue,
        Return,
        Failure,
    }

    /// <summary>
    /// The code points of <paramref name="input"/> with every ASCII tab and newline removed, a lone
    /// surrogate as U+FFFD, and, when <paramref name="trim"/> is set, without leading and trailing
    /// C0 controls and spaces (steps 1 and 2 of the basic URL parser).
    /// </summary>
    public static int[] ToCodePoints(string input, bool trim)
    {
        var span = input.AsSpan();
        if (trim)
        {
            var start = 0;
            while (start < span.Length && span[start] <= ' ')
            {
                start++;
            }

            var end = span.Length;
            while (end > start && span[end - 1] <= ' ')
            {
                end--;
            }

            span = span[start..end];
        }

        var codePoints = new List<int>(span.Length);
        while (!span.IsEmpty)
        {
            Rune.DecodeFromUtf16(span, out var rune, out var consumed);
            span = span[consumed..];
            if (rune.Value is not ('\t' or '\n' or '\r'))
            {
                codePoints.Add(rune.Value);
            }
        }

        return [.. codePoints];
    }

    /// <summary>Runs the state machine to the end of the input; false on failure.</summary>
    public bool Run()
    {
        _state = _stateOverride ?? UrlParserState.SchemeStart;
        for (_pointer = 0; ; _pointer++)
        {
            var c = _pointer < _input.Length ? _input[_pointer] : Eof;
            var step = _state switch
            {
                UrlParserState.SchemeStart => SchemeStart(c),
                UrlParserState.Scheme => Scheme(c),
                UrlParserState.NoScheme => NoScheme(c),
                UrlParserState.SpecialRelativeOrAuthority => SpecialRelativeOrAuthority(c),
                UrlParserState.PathOrAuthority => PathOrAuthority(c),
                UrlParserState.Relative => Relative(c),
                UrlParserState.RelativeSlash => RelativeSlash(c),
                UrlParserState.SpecialAuthoritySlashes => SpecialAuthoritySlashes(c),
                UrlParserState.SpecialAuthorityIgnoreSlashes => SpecialAuthorityIgnoreSlashes(c),
                UrlParserState.Authority => Authority(c),
                UrlParserState.Host or UrlParserState.Hostname => Host(c),
                UrlParserState.Port => Port(c),
                UrlParserState.File => File(c),
                UrlParserState.FileSlash => FileSlash(c),
                UrlParserState.FileHost => FileHost(c),
                UrlParserState.PathStart => PathStart(c),
                UrlParserState.Path => Path(c),
                UrlParserState.OpaquePath => OpaquePath(),
                UrlParserState.Query => Query(),
                UrlParserState.Fragment => Fragment(),
                _ => throw new UnreachableException(),
            };

            if (step != Step.Continue)
            {
                return step == Step.Return;
            }

            if (_pointer >= _input.Length)
            {
                return true;
            }
        }
    }

    private Step SchemeStart(int c)
    {
        if (IsAsciiAlpha(c))
        {
            _buffer.Append(ToAsciiLower(c));
            _state = UrlParserState.Scheme;
        }
        else if (_stateOverride is null)
        {
            _state = UrlParserState.NoScheme;
            _pointer--;
        }
        else
        {
            return Step.Failure;
        }

        return Step.Continue;
    }

    private Step Scheme(int c)
    {
        if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c is '+' or '-' or '.')
        {
            _buffer.Append(ToAsciiLower(c));
            return Step.Continue;
        }

        if (c != ':')
        {
            if (_stateOverride is not null)
            {
                return Step.Failure;
            }

            _buffer.Clear();
            _state = UrlParserState.NoScheme;
            _pointer = -1;
            return Step.Continue;
        }

        var scheme = _buffer.ToString();
        if (_stateOverride is not null)
        {
            if (_url.IsSpecial != SpecialSchemes.IsSpecial(scheme)
                || ((_url.IncludesCredentials || _url.Port is not null) && scheme == "file")
                || (_url.Scheme == "file" && _url.Host?.Length == 0))
            {
                return Step.Return;
            }
        }

        _url.Scheme = scheme;
        if (_stateOverride is not null)
        {
            if (_url.Port == SpecialSchemes.DefaultPort(scheme))
            {
                _url.Port = null;
            }

            return Step.Return;
        }

        _buffer.Clear();
        if (scheme == "file")
        {
            _state = UrlParserState.File;
        }
        else if (_url.IsSpecial && _base is not null && _base.Scheme == scheme)
        {
            Debug.Assert(_base.IsSpecial, "A base with a special scheme is special.");
            _state = UrlParserState.SpecialRelativeOrAuthority;
        }
        else if (_url.IsSpecial)
        {
            _state = UrlParserState.SpecialAuthoritySlashes;
        }
        else if (Remaining(0) == '/')
        {
            _state = UrlParserState.PathOrAuthority;
            _pointer++;
        }
        else
        {
            _url.OpaquePath = string.Empty;
            _state = UrlParserState.OpaquePath;
        }

        return Step.Continue;
    }

    private Step NoScheme(int c)
    {
        if (_base is null || (_base.HasOpaquePath && c != '#'))
        {
            return Step.Failure;
        }

        if (_base.HasOpaquePath)
        {
            _url.Scheme = _base.Scheme;
            _url.OpaquePath = _base.OpaquePath;
            _url.Query = _base.Query;
            _url.Fragment = string.Empty;
            _state = UrlParserState.Fragment;
        }
        else
        {
            _state = _base.Scheme == "file" ? UrlParserState.File : UrlParserState.Relative;
            _pointer--;
        }

        return Step.Continue;
    }

    private Step SpecialRelativeOrAuthority(int c)
    {
        if (c == '/' && Remaining(0) == '/')
        {
            _state = UrlParserState.SpecialAuthorityIgnoreSlashes;
            _pointer++;
        }
        else
        {
            _state = UrlParserState.Relative;
            _pointer--;
        }

        return Step.Continue;
    }

    private Step PathOrAuthority(int c)
    {
        if (c == '/')
        {
            _state = UrlParserState.Authority;
        }
        else
        {
            _state = UrlParserState.Path;
            _pointer--;
        }

        return Step.Continue;
    }

    private Step Relative(int c)
    {
        var baseUrl = _base!;
        Debug.Assert(baseUrl.Scheme != "file", "A file base goes to the file state.");
        _url.Scheme = baseUrl.Scheme;
        if (c == '/' || (_url.IsSpecial && c == '\\'))
        {
            _state = UrlParserState.RelativeSlash;
            return Step.Continue;
        }

        CopyAuthority(baseUrl);
        _url.PathSegments.AddRange(baseUrl.PathSegments);
        _url.Query = baseUrl.Query;
        if (c == '?')
        {
            _url.Query = string.Empty;
            _state = UrlParserState.Query;
        }
        else if (c == '#')
        {
            _url.Fragment = string.Empty;
            _state = UrlParserState.Fragment;
        }
        else if (c != Eof)
        {
            _url.Query = null;
            ShortenPath();
            _state = UrlParserState.Path;
            _pointer--;
        }

        return Step.Continue;
    }

    private Step RelativeSlash(int c)
    {
        if (_url.IsSpecial && c is '/' or '\\')
        {
            _state = UrlParserState.SpecialAuthorityIgnoreSlashes;
        }
        else if (c == '/')
        {
            _state = UrlParserState.Authority;
        }
        else
        {
            CopyAuthority(_base!);
            _state = UrlParserState.Path;
            _pointer--;
        }

        return Step.Continue;
    }

    private Step SpecialAuthoritySlashes(int c)
    {
        _state = UrlParserState.SpecialAuthorityIgnoreSlashes;
        if (c == '/' && Remaining(0) == '/')
        {
            _pointer++;
        }
        else
        {
            _pointer--;
        }

        return Step.Continue;
    }

    private Step SpecialAuthorityIgnoreSlashes(int c)
    {
        if (c is not ('/' or '\\'))
        {
            _state = UrlParserState.Authority;
            _pointer--;
        }

        return Step.Continue;
    }

    private Step Authority(int c)
    {
        if (c == '@')
        {
            if (_atSignSeen)
            {
                _buffer.Insert(0, "%40");
            }

            _atSignSeen = true;
            var username = _username ??= new StringBuilder(_url.Username);
            var password = _password ??= new StringBuilder(_url.Password);
            var buffer = _buffer.ToString().AsSpan();
            while (!buffer.IsEmpty)
            {
                Rune.DecodeFromUtf16(buffer, out var rune, out var consumed);
                buffer = buffer[consumed..];
                if (rune.Value == ':' && !_passwordTokenSeen)
                {
                    _passwordTokenSeen = true;
                    continue;
                }

                PercentEncoding.AppendEncoded(_passwordTokenSeen ? password : username, rune.Value, PercentEncodeSet.Userinfo);
            }

            ClearBuffer();
        }
        else if (c == Eof || c is '/' or '?' or '#' || (_url.IsSpecial && c == '\\'))
        {
            if (_atSignSeen && _buffer.Length == 0)
            {
                return Step.Failure;
            }

            if (_username is not null)
            {
                _url.Username = _username.ToString();
                _url.Password = _password!.ToString();
            }

            _pointer -= _bufferCodePoints + 1;
            ClearBuffer();
            _state = UrlParserState.Host;
        }
        else
        {
            AppendCodePoint(c);
        }

        return Step.Continue;
    }

    private Step Host(int c)
    {
        if (_stateOverride is not null && _url.Scheme == "file")
        {
            _pointer--;
            _state = UrlParserState.FileHost;
        }
        else if (c == ':' && !_insideBrackets)
        {
            if (_buffer.Length == 0 || _stateOverride == UrlParserState.Hostname)
            {
                return Step.Failure;
            }

            var host = UrlHostParser.Parse(_buffer.ToString(), isOpaque: !_url.IsSpecial);
            if (host is null)
            {
                return Step.Failure;
            }

            _url.Host = host;
            ClearBuffer();
            _state = UrlParserState.Port;
        }
        else if (c == Eof || c is '/' or '?' or '#' || (_url.IsSpecial && c == '\\'))
        {
            _pointer--;
            if (_buffer.Length == 0
                && (_url.IsSpecial || (_stateOverride is not null && (_url.IncludesCredentials || _url.Port is not null))))
            {
                return Step.Failure;
            }

            var host = UrlHostParser.Parse(_buffer.ToString(), isOpaque: !_url.IsSpecial);
            if (host is null)
            {
                return Step.Failure;
            }

            _url.Host = host;
            ClearBuffer();
            _state = UrlParserState.PathStart;
            if (_stateOverride is not null)
            {
                return Step.Return;
            }
        }
        else
        {
            if (c == '[')
            {
                _insideBrackets = true;
            }
            else if (c == ']')
            {
                _insideBrackets = false;
            }

            AppendCodePoint(c);
        }

        return Step.Continue;
    }

    private Step Port(int c)
    {
        if (IsAsciiDigit(c))
        {
            _buffer.Append((char)c);
            return Step.Continue;
        }

        if (c == Eof || c is '/' or '?' or '#' || (_url.IsSpecial && c == '\\') || _stateOverride is not null)
        {
            if (_buffer.Length != 0)
            {
                var port = 0;
                for (var i = 0; i < _buffer.Length; i++)
                {
                    port = (port * 10) + (_buffer[i] - '0');
                    if (port > ushort.MaxValue)
                    {
                        return Step.Failure;
                    }
                }

                _url.Port = port == SpecialSchemes.DefaultPort(_url.Scheme) ? null : port;
                ClearBuffer();
                if (_stateOverride is not null)
                {
                    return Step.Return;
                }
            }

            if (_stateOverride is not null)
            {
                return Step.Failure;
            }

            _state = UrlParserState.PathStart;
            _pointer--;
            return Step.Continue;
        }

        return Step.Failure;
    }

    private Step File(int c)
    {
        _url.Scheme = "file";
        _url.Host = string.Empty;
        if (c is '/' or '\\')
        {
            _state = UrlParserState.FileSlash;
        }
        else if (_base is not null && _base.Scheme == "file")
        {
            _url.Host = _base.Host;
            _url.PathSegments.AddRange(_base.PathSegments);
            _url.Query = _base.Query;
            if (c == '?')
            {
                _url.Query = string.Empty;
                _state = UrlParserState.Query;
            }
            else if (c == '#')
            {
                _url.Fragment = string.Empty;
                _state = UrlParserState.Fragment;
            }
            else if (c != Eof)
            {
                _url.Query = null;
                if (StartsWithWindowsDriveLetter(_pointer))
                {
                    _url.PathSegments.Clear();
                }
                else
                {
                    ShortenPath();
                }

                _state = UrlParserState.Path;
                _pointer--;
            }
        }
        else
        {
            _state = UrlParserState.Path;
            _pointer--;
        }

        return Step.Continue;
    }

    private Step FileSlash(int c)
    {
        if (c is '/' or '\\')
        {
            _state = UrlParserState.FileHost;
            return Step.Continue;
        }

        if (_base is not null && _base.Scheme == "file")
        {
            _url.Host = _base.Host;
            if (!StartsWithWindowsDriveLetter(_pointer)
                && _base.PathSegments.Count > 0
                && IsWindowsDriveLetter(_base.PathSegments[0], normalized: true))
            {
                _url.PathSegments.Add(_base.PathSegments[0]);
            }
        }

        _state = UrlParserState.Path;
        _pointer--;
        return Step.Continue;
    }

    private Step FileHost(int c)
    {
        if (c is not (Eof or '/' or '\\' or '?' or '#'))
        {
            AppendCodePoint(c);
            return Step.Continue;
        }

        _pointer--;
        if (_stateOverride is null && IsWindowsDriveLetter(_buffer.ToString(), normalized: false))
        {
            // The buffer is kept: the path state takes it as the first segment.
            _state = UrlParserState.Path;
        }
        else if (_buffer.Length == 0)
        {
            _url.Host = string.Empty;
            if (_stateOverride is not null)
            {
                return Step.Return;
            }

            _state = UrlParserState.PathStart;
        }
        else
        {
            var host = UrlHostParser.Parse(_buffer.ToString(), isOpaque: !_url.IsSpecial);
            if (host is null)
            {
                return Step.Failure;
            }

            _url.Host = host == "localhost" ? string.Empty : host;
            if (_stateOverride is not null)
            {
                return Step.Return;
            }

            ClearBuffer();
            _state = UrlParserState.PathStart;
        }

        return Step.Continue;
    }

    private Step PathStart(int c)
    {
        if (_url.IsSpecial)
        {
            _state = UrlParserState.Path;
            if (c is not ('/' or '\\'))
            {
                _pointer--;
            }
        }
        else if (_stateOverride is null && c == '?')
        {
            _url.Query = string.Empty;
            _state = UrlParserState.Query;
        }
        else if (_stateOverride is null && c == '#')
        {
            _url.Fragment = string.Empty;
            _state = UrlParserState.Fragment;
        }
        else if (c != Eof)
        {
            _state = UrlParserState.Path;
            if (c != '/')
            {
                _pointer--;
            }
        }
        else if (_stateOverride is not null && _url.Host is null)
        {
            _url.PathSegments.Add(string.Empty);
        }

        return Step.Continue;
    }

    private Step Path(int c)
    {
        var slash = c == '/' || (_url.IsSpecial && c == '\\');
        if (!slash && c != Eof && !(_stateOverride is null && c is '?' or '#'))
        {
            PercentEncoding.AppendEncoded(_buffer, c, PercentEncodeSet.Path);
            return Step.Continue;
        }

        var segment = _buffer.ToString();
        if (IsDoubleDotSegment(segment))
        {
            ShortenPath();
            if (!slash)
            {
                _url.PathSegments.Add(string.Empty);
            }
        }
        else if (IsSingleDotSegment(segment))
        {
            if (!slash)
            {
                _url.PathSegments.Add(string.Empty);
            }
        }
        else
        {
            if (_url.Scheme == "file" && _url.PathSegments.Count == 0 && IsWindowsDriveLetter(segment, normalized: false))
            {
                segment = string.Concat(segment.AsSpan(0, 1), ":");
            }

            _url.PathSegments.Add(segment);
        }

        ClearBuffer();
        if (c == '?')
        {
            _url.Query = string.Empty;
            _state = UrlParserState.Query;
        }
        else if (c == '#')
        {
            _url.Fragment = string.Empty;
            _state = UrlParserState.Fragment;
        }

        return Step.Continue;
    }

    private Step OpaquePath()
    {
        var path = new StringBuilder(_url.OpaquePath);
        for (; _pointer < _input.Length; _pointer++)
        {
            var c = _input[_pointer];
            if (c == '?')
            {
                _url.Query = string.Empty;
                _state = UrlParserState.Query;
                break;
            }

            if (c == '#')
            {
                _url.Fragment = string.Empty;
                _state = UrlParserState.Fragment;
                break;
            }

            if (c == ' ')
            {
                path.Append(Remaining(0) is '?' or '#' ? "%20" : " ");
            }
            else
            {
                PercentEncoding.AppendEncoded(path, c, PercentEncodeSet.C0Control);
            }
        }

        _url.OpaquePath = path.ToString();
        return Step.Continue;
    }

    private Step Query()
    {
        var start = _pointer;
        while (_pointer < _input.Length && !(_stateOverride is null && _input[_pointer] == '#'))
        {
            _pointer++;
        }

        var set = _url.IsSpecial ? PercentEncodeSet.SpecialQuery : PercentEncodeSet.Query;
        var query = new StringBuilder(_url.Query);
        for (var i = start; i < _pointer; i++)
        {
            PercentEncoding.AppendEncoded(query, _input[i], set);
        }

        _url.Query = query.ToString();
        if (_pointer < _input.Length)
        {
            _url.Fragment = string.Empty;
            _state = UrlParserState.Fragment;
        }

        return Step.Continue;
    }

    private Step Fragment()
    {
        var fragment = new StringBuilder(_url.Fragment);
        for (; _pointer < _input.Length; _pointer++)
        {
            PercentEncoding.AppendEncoded(fragment, _input[_pointer], PercentEncodeSet.Fragment);
        }

        _url.Fragment = fragment.ToString();
        return Step.Continue;
    }

    private void CopyAuthority(UrlRecord from)
    {
        _url.Username = from.Username;
        _url.Password = from.Password;
        _url.Host = from.Host;
        _url.Port = from.Port;
    }

    // https://url.spec.whatwg.org/#shorten-a-urls-path
    private void ShortenPath()
    {
        Debug.Assert(!_url.HasOpaquePath, "Only a list path can be shortened.");
        var path = _url.PathSegments;
        if (_url.Scheme == "file" && path.Count == 1 && IsWindowsDriveLetter(path[0], normalized: true))
        {
            return;
        }

        if (path.Count > 0)
        {
            path.RemoveAt(path.Count - 1);
        }
    }

    // The code point `offset` places after the current one, or EOF (the spec's "remaining").
    private int Remaining(int offset)
    {
        var index = _pointer + 1 + offset;
        return index < _input.Length ? _input[index] : Eof;
    }

    // https://url.spec.whatwg.org/#start-with-a-windows-drive-letter, on the input from `start`.
    private bool StartsWithWindowsDriveLetter(int start)
    {
        var length = _input.Length - start;
        return length >= 2
            && IsAsciiAlpha(_input[start])
            && _input[start + 1] is ':' or '|'
            && (length == 2 || _input[start + 2] is '/' or '\\' or '?' or '#');
    }

    private void AppendCodePoint(int c)
    {
        _buffer.Append(char.ConvertFromUtf32(c));
        _bufferCodePoints++;
    }

    private void ClearBuffer()
    {
        _buffer.Clear();
        _bufferCodePoints = 0;
    }

    // https://url.spec.whatwg.org/#windows-drive-letter and #normalized-windows-drive-letter
    private static bool IsWindowsDriveLetter(string text, bool normalized)
        => text.Length == 2 && IsAsciiAlpha(text[0]) && (text[1] == ':' || (!normalized && text[1] == '|'));

    // https://url.spec.whatwg.org/#single-dot-path-segment
    private static bool IsSingleDotSegment(string segment)
        => segment == "." || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase);

    // https://url.spec.whatwg.org/#double-dot-path-segment
    private static bool IsDoubleDotSegment(string segment) => segment.Length switch
    {
        2 => segment == "..",
        4 => segment.Equals(".%2e", StringComparison.OrdinalIgnoreCase) || segment.Equals("%2e.", StringComparison.OrdinalIgnoreCase),
        6 => segment.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static bool IsAsciiAlpha(int c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static bool IsAsciiDigit(int c) => c is >= '0' and <= '9';

    private static char ToAsciiLower(int c) => (char)(c is >= 'A' and <= 'Z' ? c + 0x20 : c);
}
