namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// A header list (https://fetch.spec.whatwg.org/#concept-header-list): an ordered list of
/// name/value pairs in which a name may repeat, compared byte-case-insensitively. It has no
/// JS dependency; <see cref="JsHeaders"/> wraps it.
/// </summary>
/// <remarks>
/// Forbidden header names (https://fetch.spec.whatwg.org/#forbidden-request-header) are not
/// filtered: a worker is a server-side agent and Cloudflare Workers does not apply that list either.
/// Names keep the case they were first given; lookups ignore case.
/// </remarks>
internal sealed class HeaderList
{
    private const string SetCookie = "set-cookie";
    private readonly List<KeyValuePair<string, string>> _entries = [];

    /// <summary>The pairs in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>The number of pairs.</summary>
    public int Count => _entries.Count;

    /// <summary>A copy of this list.</summary>
    public HeaderList Clone()
    {
        var copy = new HeaderList();
        copy._entries.AddRange(_entries);
        return copy;
    }

    /// <summary>https://fetch.spec.whatwg.org/#header-list-contains</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>
    /// https://fetch.spec.whatwg.org/#concept-header-list-get: the values of every pair named
    /// <paramref name="name"/> joined with ", ", or null if there is none.
    /// </summary>
    public string? Get(string name)
    {
        string? result = null;
        foreach (var (key, value) in _entries)
        {
            if (NameEquals(key, name))
            {
                result = result is null ? value : result + ", " + value;
            }
        }

        return result;
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-getsetcookie: each <c>set-cookie</c> value, in order.</summary>
    public IReadOnlyList<string> GetSetCookie()
    {
        var values = new List<string>();
        foreach (var (key, value) in _entries)
        {
            if (NameEquals(key, SetCookie))
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>
    /// https://fetch.spec.whatwg.org/#concept-header-list-append: adds a pair; if the name is
    /// already present, the new pair takes the case of the first one.
    /// </summary>
    public void Append(string name, string value)
    {
        var index = IndexOf(name);
        if (index >= 0)
        {
            name = _entries[index].Key;
        }

        _entries.Add(new(name, value));
    }

    /// <summary>https://fetch.spec.whatwg.org/#concept-header-list-delete</summary>
    public void Delete(string name) => _entries.RemoveAll(e => NameEquals(e.Key, name));

    /// <summary>
    /// https://fetch.spec.whatwg.org/#concept-header-list-set: replaces the first pair with the
    /// name and removes the others, or appends when there is none.
    /// </summary>
    public void Set(string name, string value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            _entries.Add(new(name, value));
            return;
        }

        _entries[index] = new(_entries[index].Key, value);
        for (var i = _entries.Count - 1; i > index; i--)
        {
            if (NameEquals(_entries[i].Key, name))
            {
                _entries.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine: lower-cased names in
    /// byte order, values of one name joined with ", ", except <c>set-cookie</c>, which is listed
    /// once per value.
    /// </summary>
    public List<KeyValuePair<string, string>> SortAndCombine()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in _entries)
        {
            names.Add(key.ToLowerInvariant());
        }

        var result = new List<KeyValuePair<string, string>>(names.Count);
        foreach (var name in names)
        {
            if (name == SetCookie)
            {
                foreach (var value in GetSetCookie())
                {
                    result.Add(new(name, value));
                }
            }
            else
            {
                result.Add(new(name, Get(name)!));
            }
        }

        return result;
    }

    /// <summary>
    /// The list as it goes on the wire: in order of first appearance, the values of a repeated
    /// name joined with ", ", except <c>set-cookie</c>, which keeps one field per value.
    /// </summary>
    public List<KeyValuePair<string, string>> ToWireFields()
    {
        var result = new List<KeyValuePair<string, string>>(_entries.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in _entries)
        {
            if (NameEquals(key, SetCookie))
            {
                result.Add(new(key, value));
            }
            else if (seen.Add(key))
            {
                result.Add(new(key, Get(key)!));
            }
        }

        return result;
    }

    /// <summary>
    /// https://fetch.spec.whatwg.org/#header-name: a header name is an RFC 9110 token
    /// (https://www.rfc-editor.org/rfc/rfc9110#name-tokens), which is never empty.
    /// </summary>
    public static bool IsValidName(string name) => IsToken(name);

    /// <summary>Whether <paramref name="text"/> is a non-empty RFC 9110 <c>token</c>.</summary>
    public static bool IsToken(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// https://fetch.spec.whatwg.org/#header-value: after normalization a value has no NUL, CR
    /// or LF (leading and trailing whitespace is already gone).
    /// </summary>
    public static bool IsValidValue(string value) => value.AsSpan().IndexOfAny('\0', '\r', '\n') < 0;

    /// <summary>https://fetch.spec.whatwg.org/#concept-header-value-normalize: strips leading and trailing HTTP whitespace.</summary>
    public static string NormalizeValue(string value) => value.Trim(s_httpWhitespace);

    private static readonly char[] s_httpWhitespace = ['\t', '\n', '\r', ' '];

    private static bool IsTokenChar(char c)
        => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static bool NameEquals(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private int IndexOf(string name) => _entries.FindIndex(e => NameEquals(e.Key, name));
}
