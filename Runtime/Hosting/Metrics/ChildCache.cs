namespace Workers.Runtime.Hosting.Metrics;

/// <summary>
/// A small copy-on-write map from a label value to the prometheus-net child that carries it, kept
/// per worker so that recording finds its series by scanning a handful of entries instead of
/// hashing every label value in the collector's shared dictionary.
/// </summary>
/// <remarks>
/// Built for the few distinct keys a worker sees (status codes, eviction reasons, scheduled
/// outcomes): lookups are lock-free reads of an array; adding a key copies it.
/// </remarks>
internal sealed class ChildCache<TKey, TChild>
    where TKey : notnull
    where TChild : class
{
    private readonly object _gate = new();
    private KeyValuePair<TKey, TChild>[] _entries = [];

    /// <summary>The cached child for <paramref name="key"/>, created by <paramref name="create"/> on first use.</summary>
    public TChild GetOrAdd<TState>(TKey key, TState state, Func<TKey, TState, TChild> create)
    {
        var entries = Volatile.Read(ref _entries);
        foreach (var entry in entries)
        {
            if (EqualityComparer<TKey>.Default.Equals(entry.Key, key))
            {
                return entry.Value;
            }
        }

        lock (_gate)
        {
            foreach (var entry in _entries)
            {
                if (EqualityComparer<TKey>.Default.Equals(entry.Key, key))
                {
                    return entry.Value;
                }
            }

            var child = create(key, state);
            Volatile.Write(ref _entries, [.. _entries, new(key, child)]);
            return child;
        }
    }
}
