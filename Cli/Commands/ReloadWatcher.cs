namespace Workers.Cli.Commands;

/// <summary>
/// Watches a set of files (scripts, configuration, secrets) and calls back once a burst of
/// changes has settled. Editors save in several steps (write a temporary file, rename it over the
/// old one), so events are collected until nothing has changed for a short while.
/// </summary>
/// <remarks>
/// Change events come from one <see cref="FileSystemWatcher"/> per folder. On Linux each is an
/// inotify instance, and a user may have only 128 of them (<c>fs.inotify.max_user_instances</c>)
/// for all their processes, so a project spread over more than <see cref="MaxFolderWatchers"/>
/// folders, or one where the system refuses a watcher, is polled instead: every file's size and
/// last write time, once a second.
/// </remarks>
internal sealed class ReloadWatcher : IDisposable
{
    /// <summary>The most folders watched with change events; above that the files are polled.</summary>
    public const int MaxFolderWatchers = 32;

    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);

    private readonly Func<Task> _onChange;
    private readonly object _gate = new();
    private readonly Timer _debounce;
    private readonly Timer _poll;
    private Dictionary<string, (long Length, DateTime Written)> _polled = new(StringComparer.Ordinal);
    private List<FileSystemWatcher> _watchers = [];
    private HashSet<string> _files = new(StringComparer.Ordinal);
    private bool _disposed;
    private int _running;
    private int _again;

    public ReloadWatcher(Func<Task> onChange)
    {
        _onChange = onChange;
        _debounce = new Timer(_ => _ = FireAsync(), null, Timeout.Infinite, Timeout.Infinite);
        _poll = new Timer(_ => Poll(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Whether the files are polled rather than watched with change events.</summary>
    public bool IsPolling { get; private set; }

    /// <summary>Replaces the watched files (the set can change with each reload).</summary>
    public void Watch(IEnumerable<string> files)
    {
        var set = new HashSet<string>(files.Select(Path.GetFullPath), StringComparer.Ordinal);
        var directories = set.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal).Where(Directory.Exists).ToList();
        var watchers = directories.Count <= MaxFolderWatchers ? TryWatchFolders(directories) : null;
        var polled = watchers is null ? set.ToDictionary(f => f, Stamp, StringComparer.Ordinal) : [];

        List<FileSystemWatcher> old;
        lock (_gate)
        {
            if (_disposed)
            {
                old = watchers ?? [];
                watchers = [];
            }
            else
            {
                old = _watchers;
            }

            _watchers = watchers ?? [];
            _files = set;
            _polled = polled;
            IsPolling = watchers is null;
            _poll.Change(IsPolling && !_disposed ? s_pollInterval : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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

        _poll.Dispose();
        _debounce.Dispose();
    }

    /// <summary>One watcher per folder, or null if the system refuses one (inotify limits).</summary>
    private List<FileSystemWatcher>? TryWatchFolders(List<string> directories)
    {
        var watchers = new List<FileSystemWatcher>();
        try
        {
            foreach (var directory in directories)
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                    IncludeSubdirectories = false,
                };
                watchers.Add(watcher);
                watcher.Changed += OnEvent;
                watcher.Created += OnEvent;
                watcher.Deleted += OnEvent;
                watcher.Renamed += OnEvent;
                watcher.EnableRaisingEvents = true;
            }

            return watchers;
        }
        catch (IOException)
        {
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }

            return null;
        }
    }

    private static (long Length, DateTime Written) Stamp(string file)
    {
        try
        {
            var info = new FileInfo(file);
            return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, default);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable for now: counts as missing, and as a change when it comes back.
            return (-1, default);
        }
    }

    private void Poll()
    {
        Dictionary<string, (long Length, DateTime Written)> polled;
        lock (_gate)
        {
            if (_disposed || !IsPolling)
            {
                return;
            }

            polled = _polled;
        }

        var changed = false;
        foreach (var (file, stamp) in polled.ToList())
        {
            var now = Stamp(file);
            if (now != stamp)
            {
                polled[file] = now;
                changed = true;
            }
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (changed && ReferenceEquals(polled, _polled))
            {
                _debounce.Change(s_settle, Timeout.InfiniteTimeSpan);
            }

            if (IsPolling)
            {
                _poll.Change(s_pollInterval, Timeout.InfiniteTimeSpan);
            }
        }
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
