namespace Workers.Cli.Commands;

/// <summary>
/// Watches a set of files (scripts, configuration, secrets) and calls back once a burst of
/// changes has settled. Editors save in several steps (write a temporary file, rename it over the
/// old one), so events are collected until nothing has changed for a short while.
/// </summary>
internal sealed class ReloadWatcher : IDisposable
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(150);

    private readonly Func<Task> _onChange;
    private readonly object _gate = new();
    private readonly Timer _debounce;
    private List<FileSystemWatcher> _watchers = [];
    private HashSet<string> _files = new(StringComparer.Ordinal);
    private bool _disposed;
    private int _running;
    private int _again;

    public ReloadWatcher(Func<Task> onChange)
    {
        _onChange = onChange;
        _debounce = new Timer(_ => _ = FireAsync(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Replaces the watched files (the set can change with each reload).</summary>
    public void Watch(IEnumerable<string> files)
    {
        var set = new HashSet<string>(files.Select(Path.GetFullPath), StringComparer.Ordinal);
        var watchers = new List<FileSystemWatcher>();
        foreach (var directory in set.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal))
        {
            if (directory is null || !Directory.Exists(directory))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }

        List<FileSystemWatcher> old;
        lock (_gate)
        {
            if (_disposed)
            {
                old = watchers;
                watchers = [];
            }
            else
            {
                old = _watchers;
            }

            _watchers = watchers;
            _files = set;
        }

        foreach (var watcher in old)
        {
            watcher.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            _watchers = [];
        }

        _debounce.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        lock (_gate)
        {
            var relevant = _files.Contains(e.FullPath) || (e is RenamedEventArgs renamed && _files.Contains(renamed.OldFullPath));
            if (!relevant || _disposed)
            {
                return;
            }

            _debounce.Change(s_settle, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FireAsync()
    {
        // One reload at a time; changes that land during one make it run once more.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            Volatile.Write(ref _again, 1);
            return;
        }

        try
        {
            do
            {
                Volatile.Write(ref _again, 0);
                lock (_gate)
                {
                    if (_disposed)
                    {
                        return;
                    }
                }

                await _onChange();
            }
            while (Volatile.Read(ref _again) == 1);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
