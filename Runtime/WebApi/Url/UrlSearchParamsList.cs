using System.Text;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// The list of name-value pairs behind a <c>URLSearchParams</c> object
/// (https://url.spec.whatwg.org/#concept-urlsearchparams-list), with the
/// application/x-www-form-urlencoded parser and serializer that read and write it.
/// </summary>
internal sealed class UrlSearchParamsList
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    /// <summary>The number of pairs.</summary>
    public int Count => _pairs.Count;

    /// <summary>The pair at <paramref name="index"/>.</summary>
    public KeyValuePair<string, string> this[int index] => _pairs[index];

    /// <summary>https://url.spec.whatwg.org/#concept-urlencoded-string-parser: a list from a query string (without "?").</summary>
    public static UrlSearchParamsList Parse(string input)
    {
        var list = new UrlSearchParamsList();
        list.Reset(input);
        return list;
    }

    /// <summary>Replaces every pair with those parsed from <paramref name="input"/> (https://url.spec.whatwg.org/#concept-urlencoded-parser).</summary>
    public void Reset(string? input)
    {
        _pairs.Clear();
        if (string.IsNullOrEmpty(input))
        {
            return;
        }

        // Lone surrogates become U+FFFD here, as the USVString the parser takes would have them.
        var bytes = Encoding.UTF8.GetBytes(input);
        var start = 0;
        while (start <= bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'&', start);
            if (end < 0)
            {
                end = bytes.Length;
            }

            if (end > start)
            {
                var sequence = bytes.AsSpan(start, end - start);
                var equals = sequence.IndexOf((byte)'=');
                var name = equals < 0 ? sequence : sequence[..equals];
                var value = equals < 0 ? [] : sequence[(equals + 1)..];
                _pairs.Add(new(Decode(name), Decode(value)));
            }

            start = end + 1;
        }
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-append</summary>
    public void Append(string name, string value) => _pairs.Add(new(name, value));

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-delete: every pair with the name, and the value if one is given.</summary>
    public void Delete(string name, string? value)
        => _pairs.RemoveAll(pair => pair.Key == name && (value is null || pair.Value == value));

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-get: the first value for the name, or null.</summary>
    public string? Get(string name)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-getall</summary>
    public List<string> GetAll(string name)
    {
        var values = new List<string>();
        foreach (var pair in _pairs)
        {
            if (pair.Key == name)
            {
                values.Add(pair.Value);
            }
        }

        return values;
    }

    /// <summary>https://url.spec.whatwg.org/#dom-urlsearchparams-has</summary>
    public bool Has(string name, string? value)
        => _pairs.Exists(pair => pair.Key == name && (value is null || pair.Value == value));

    /// <summary>
    /// https://url.spec.whatwg.org/#dom-urlsearchparams-set: the first pair with the name takes the
    /// value, the others with that name are removed; or the pair is appended.
    /// </summary>
    public void Set(string name, string value)
    {
        var index = _pairs.FindIndex(pair => pair.Key == name);
        if (index < 0)
        {
            _pairs.Add(new(name, value));
            return;
        }

        _pairs[index] = new(name, value);
        for (var i = _pairs.Count - 1; i > index; i--)
        {
            if (_pairs[i].Key == name)
            {
                _pairs.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#dom-urlsearchparams-sort: a stable sort by name, comparing
    /// code units (an ordinal comparison of UTF-16 strings is exactly that).
    /// </summary>
    public void Sort()
    {
        // Enumerable.OrderBy is a stable sort (List.Sort is not).
        var sorted = _pairs.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        _pairs.Clear();
        _pairs.AddRange(sorted);
    }

    /// <summary>https://url.spec.whatwg.org/#concept-urlencoded-serializer</summary>
    public string Serialize()
    {
        var builder = new StringBuilder();
        foreach (var pair in _pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(PercentEncoding.Encode(pair.Key, PercentEncodeSet.FormUrlencoded, spaceAsPlus: true))
                .Append('=')
                .Append(PercentEncoding.Encode(pair.Value, PercentEncodeSet.FormUrlencoded, spaceAsPlus: true));
        }

        return builder.ToString();
    }

    /// <summary>"+" becomes a space, then percent-decoding, then UTF-8 decoding without BOM handling (invalid bytes become U+FFFD).</summary>
    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] == (byte)'+')
            {
                copy[i] = (byte)' ';
            }
        }

        return Encoding.UTF8.GetString(PercentEncoding.Decode(copy));
    }
}
