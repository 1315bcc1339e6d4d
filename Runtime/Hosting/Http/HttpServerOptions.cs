namespace Workers.Runtime.Hosting.Http;

/// <summary>
/// Limits and timeouts of the HTTP front end (<see cref="HttpServer"/>). The defaults are
/// Kestrel's (<c>KestrelServerLimits</c> in ASP.NET Core), so a client that Kestrel serves is
/// served here too; each limit names the status code a request over it gets.
/// </summary>
public sealed class HttpServerOptions
{
    private int _maxRequestLineBytes = 8 * 1024;
    private int _maxRequestHeadersTotalBytes = 32 * 1024;
    private int _maxRequestHeaderCount = 100;
    private TimeSpan _requestHeadersTimeout = TimeSpan.FromSeconds(30);
    private TimeSpan _keepAliveTimeout = TimeSpan.FromSeconds(130);
    private double _minRequestBodyBytesPerSecond = 240;
    private TimeSpan _minDataRateGracePeriod = TimeSpan.FromSeconds(5);
    private int? _maxConnections;
    private int _listenBacklog = 512;
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>
    /// Largest request line (method, target, version and its CRLF), in bytes. A longer one gets
    /// 414 URI Too Long and the connection is closed. Defaults to 8 KiB (Kestrel's
    /// <c>MaxRequestLineSize</c>).
    /// </summary>
    public int MaxRequestLineBytes
    {
        get => _maxRequestLineBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
            _maxRequestLineBytes = value;
        }
    }

    /// <summary>
    /// Largest total size of the header field lines (each with its CRLF, plus the empty line that
    /// ends them), in bytes. More gets 431 Request Header Fields Too Large and the connection is
    /// closed. Defaults to 32 KiB (Kestrel's <c>MaxRequestHeadersTotalSize</c>).
    /// </summary>
    public int MaxRequestHeadersTotalBytes
    {
        get => _maxRequestHeadersTotalBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 64);
            _maxRequestHeadersTotalBytes = value;
        }
    }

    /// <summary>
    /// Most header field lines in a request. More gets 431 Request Header Fields Too Large.
    /// Defaults to 100 (Kestrel's <c>MaxRequestHeaderCount</c>).
    /// </summary>
    public int MaxRequestHeaderCount
    {
        get => _maxRequestHeaderCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxRequestHeaderCount = value;
        }
    }

    /// <summary>
    /// How long a request head may take to arrive, from its first byte. A head still incomplete
    /// then gets 408 Request Timeout and the connection is closed. Defaults to 30 seconds
    /// (Kestrel's <c>RequestHeadersTimeout</c>).
    /// </summary>
    public TimeSpan RequestHeadersTimeout
    {
        get => _requestHeadersTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _requestHeadersTimeout = value;
        }
    }

    /// <summary>
    /// How long a connection may wait for the first byte of its next request (a new connection
    /// for its first request too) before it is closed without a response. Defaults to
    /// 130 seconds (Kestrel's <c>KeepAliveTimeout</c>).
    /// </summary>
    public TimeSpan KeepAliveTimeout
    {
        get => _keepAliveTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _keepAliveTimeout = value;
        }
    }

    /// <summary>
    /// Slowest a request body may arrive while it is being read, averaged over the time spent
    /// waiting for it, once <see cref="MinDataRateGracePeriod"/> has passed; a slower client's
    /// connection is closed (the script's read fails). The same rate bounds how long writing a
    /// response may take. Defaults to 240 bytes per second (Kestrel's <c>MinRequestBodyDataRate</c>
    /// and <c>MinResponseDataRate</c>); 0 turns the check off.
    /// </summary>
    public double MinRequestBodyBytesPerSecond
    {
        get => _minRequestBodyBytesPerSecond;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _minRequestBodyBytesPerSecond = value;
        }
    }

    /// <summary>
    /// The time a body read or a response write gets before <see cref="MinRequestBodyBytesPerSecond"/>
    /// applies. Defaults to 5 seconds (Kestrel's grace period).
    /// </summary>
    public TimeSpan MinDataRateGracePeriod
    {
        get => _minDataRateGracePeriod;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _minDataRateGracePeriod = value;
        }
    }

    /// <summary>
    /// Most connections open at once. At the cap the server stops accepting until one closes;
    /// the kernel's backlog (<see cref="ListenBacklog"/>) holds the clients that wait. Null (the
    /// default) derives it from the process's file descriptor limit: the server first raises the
    /// soft <c>RLIMIT_NOFILE</c> to the hard limit where it can (Linux and macOS), then allows half
    /// of what is left after the descriptors open at start and a reserve of 256 (between 8 and
    /// 100,000), leaving the rest to outbound fetches, files and the runtime, which ends the
    /// process when it cannot open an assembly. Kestrel has no cap by default; without one,
    /// clients that hold connections open exhaust descriptors and the process fails.
    /// </summary>
    public int? MaxConnections
    {
        get => _maxConnections;
        set
        {
            if (value is { } cap)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
            }

            _maxConnections = value;
        }
    }

    /// <summary>
    /// Connections the kernel queues while the server is not accepting. Defaults to 512 (Kestrel's
    /// socket transport <c>Backlog</c>); Linux caps it at <c>net.core.somaxconn</c>.
    /// </summary>
    public int ListenBacklog
    {
        get => _listenBacklog;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _listenBacklog = value;
        }
    }

    /// <summary>The clock for timeouts and the <c>Date</c> header. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _timeProvider = value;
        }
    }

    /// <summary>The largest request head the limits allow: request line plus header lines.</summary>
    internal int MaxHeadBytes => MaxRequestLineBytes + MaxRequestHeadersTotalBytes;

    /// <summary>A copy, so that the running server is not affected by later changes.</summary>
    internal HttpServerOptions Clone() => (HttpServerOptions)MemberwiseClone();
}
