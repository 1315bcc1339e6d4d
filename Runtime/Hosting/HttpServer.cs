using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;
using Workers.Runtime.Hosting.Http;

namespace Workers.Runtime.Hosting;

/// <summary>
/// The HTTP front end: an HTTP/1.1 server over sockets (RFC 9110 and 9112) that converts each
/// request into a <see cref="WorkerRequest"/> (the body stays on the connection, read only if the
/// script reads it) and writes the <see cref="WorkerResponse"/> back. Limits and timeouts are in
/// <see cref="HttpServerOptions"/>. Stopping drains: idle connections close, requests in flight
/// finish, requests that arrive meanwhile get 503.
/// </summary>
/// <remarks>
/// It replaces .NET's managed <see cref="HttpListener"/>, which cannot be made to meet HTTP/1.1
/// from outside; <c>Runtime/Hosting/Http/README.md</c> has the evidence and the design.
/// </remarks>
public sealed partial class HttpServer : IAsyncDisposable
{
    /// <summary>
    /// Largest request body accepted: 100 MiB, the limit of Cloudflare's Free and Pro plans. A
    /// larger declared length gets 413 at once; a chunked body that grows past it fails the
    /// script's read with a TypeError instead of filling memory.
    /// </summary>
    public const long MaxRequestBodyBytes = 100L * 1024 * 1024;

    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Descriptors kept free beyond those open at start, for what the runtime opens later
    /// (assemblies it loads lazily, ~120 at start for `workers serve`): when .NET cannot open one
    /// it ends the process ("Out of memory."), which a cap without this reserve let happen.
    /// </summary>
    private const int FileDescriptorReserve = 256;

    private readonly Socket _listener;
    private readonly HttpServerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<HttpConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _heartbeat;
    private Task? _acceptLoop;
    private byte[] _dateLine;
    private volatile bool _stopping;
    private int _stopped;

    private HttpServer(Socket listener, Uri url, Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> handler, ILogger logger, HttpServerOptions options)
    {
        _listener = listener;
        Url = url;
        LocalAuthority = url.Authority;
        Handler = handler;
        _logger = logger;
        _options = options;
        MaxConnections = options.MaxConnections ?? DefaultMaxConnections();
        _slots = new SemaphoreSlim(MaxConnections, MaxConnections);
        _dateLine = FormatDateLine(options.TimeProvider);
        _heartbeat = options.TimeProvider.CreateTimer(_ => OnHeartbeat(), null, HeartbeatPeriod, HeartbeatPeriod);
    }

    /// <summary>The address the server answers on, with the actual port.</summary>
    public Uri Url { get; }

    /// <summary>The most connections open at once (<see cref="HttpServerOptions.MaxConnections"/>, or the default derived from the descriptor limit).</summary>
    public int MaxConnections { get; }

    /// <summary>Connections open now.</summary>
    public int OpenConnections => _connections.Count;

    internal Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> Handler { get; }

    internal bool IsStopping => _stopping;

    /// <summary>The <c>Date</c> field line for responses, refreshed every second (https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1).</summary>
    internal ReadOnlySpan<byte> DateLine => Volatile.Read(ref _dateLine);

    /// <summary>Host and port of the listening address, for a request without a Host header (HTTP/1.0).</summary>
    internal string LocalAuthority { get; }

    /// <summary>
    /// Starts listening on <paramref name="host"/>:<paramref name="port"/> with the default
    /// <see cref="HttpServerOptions"/>; port 0 picks a free port.
    /// </summary>
    /// <exception cref="HttpServerStartException">The address cannot be listened on (port busy, bad host).</exception>
    public static Task<HttpServer> StartAsync(string host, int port, Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> handler, ILogger logger)
        => StartAsync(host, port, handler, logger, new HttpServerOptions());

    /// <summary>
    /// Starts listening on <paramref name="host"/>:<paramref name="port"/>; port 0 picks a free port.
    /// <paramref name="host"/> is an IPv4 or IPv6 address (<c>0.0.0.0</c> for every IPv4 interface,
    /// <c>::</c> for every interface, IPv4 included), <c>localhost</c> (127.0.0.1) or a name that
    /// resolves to an address of this machine.
    /// </summary>
    /// <exception cref="HttpServerStartException">The address cannot be listened on (port busy, bad host).</exception>
    public static Task<HttpServer> StartAsync(string host, int port, Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> handler, ILogger logger, HttpServerOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);

        var address = Resolve(host);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            if (!OperatingSystem.IsWindows())
            {
                // Lets a restarted server bind while connections of the last one are in TIME_WAIT;
                // on Linux and macOS it does not let two servers listen on one port.
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(options.ListenBacklog);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            var reason = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is already in use" : e.Message;
            throw new HttpServerStartException($"Cannot listen on http://{DisplayHost(host)}:{port}/: {reason}.", e);
        }

        var actualPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var url = new Uri($"http://{DisplayHost(host)}:{actualPort}/");
        var server = new HttpServer(listener, url, handler, logger, options.Clone());
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        return Task.FromResult(server);
    }

    /// <summary>
    /// Stops accepting, closes idle connections, and waits for requests in flight to finish (at
    /// most <paramref name="drainTimeout"/>); requests that arrive on open connections meanwhile
    /// get 503. Connections still open after the timeout are aborted: closed without a response.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _stopping = true;
        await _stopAccepting.CancelAsync();
        _listener.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.BeginDrain();
        }

        if (_connections.IsEmpty)
        {
            _allClosed.TrySetResult();
        }

        try
        {
            await _allClosed.Task.WaitAsync(drainTimeout, _options.TimeProvider);
        }
        catch (TimeoutException)
        {
            Log.DrainTimedOut(_logger, _connections.Count);
            foreach (var connection in _connections.Keys)
            {
                connection.Abort();
            }
        }

        await _heartbeat.DisposeAsync();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _stopAccepting.Dispose();
        _slots.Dispose();
    }

    internal void OnConnectionClosed(HttpConnection connection)
    {
        if (_connections.TryRemove(connection, out _))
        {
            try
            {
                _slots.Release();
            }
            catch (ObjectDisposedException)
            {
                // A connection aborted by the drain whose handler ended after the server was disposed.
            }
        }

        if (_stopping && _connections.IsEmpty)
        {
            _allClosed.TrySetResult();
        }
    }

    private static int DefaultMaxConnections()
    {
        var limit = FileDescriptorLimit.Raised ?? 2048;
        var open = FileDescriptorLimit.OpenNow ?? 256;
        return (int)Math.Clamp((limit - open - FileDescriptorReserve) / 2, 8, 100_000);
    }

    private static IPAddress Resolve(string host)
    {
        if (host is "0.0.0.0" or "*" or "+")
        {
            return IPAddress.Any;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        var literal = host is ['[', .., ']'] ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return address;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? (addresses.Length > 0 ? addresses[0] : throw new HttpServerStartException($"Cannot listen on {host}: the name has no address."));
        }
        catch (SocketException e)
        {
            throw new HttpServerStartException($"Cannot listen on {host}: {e.Message}.", e);
        }
    }

    private static string DisplayHost(string host)
        => host is "0.0.0.0" or "*" or "+" ? "127.0.0.1"
            : host is "::" or "[::]" ? "[::1]"
            : host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]"
            : host;

    private static byte[] FormatDateLine(TimeProvider time)
        => Encoding.ASCII.GetBytes($"Date: {time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture)}\r\n");

    private void OnHeartbeat()
    {
        try
        {
            Volatile.Write(ref _dateLine, FormatDateLine(_options.TimeProvider));
            var now = _options.TimeProvider.GetTimestamp();
            foreach (var connection in _connections.Keys)
            {
                connection.OnHeartbeat(now);
            }
        }
#pragma warning disable CA1031 // A timer callback's fault would end the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.HeartbeatFailed(_logger, e);
        }
    }

    private async Task AcceptLoopAsync()
    {
        var failures = 0;
        while (!_stopping)
        {
            try
            {
                await _slots.WaitAsync(_stopAccepting.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopAccepting.Token);
            }
            catch (Exception e) when (_stopping && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                _slots.Release();
                return;
            }
#pragma warning disable CA1031 // EMFILE, ENFILE, ENOBUFS, a reset before accept: back off and go on; never end the process.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _slots.Release();
                if (failures++ == 0)
                {
                    Log.AcceptFailed(_logger, e is SocketException s ? s.SocketErrorCode.ToString() : e.GetType().Name, e);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(failures, 5))), _options.TimeProvider, _stopAccepting.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (failures > 0)
            {
                Log.AcceptRecovered(_logger, failures);
                failures = 0;
            }

            try
            {
                socket.NoDelay = true;
            }
            catch (SocketException)
            {
                // Reset already: the connection's first read finds out.
            }

            var connection = new HttpConnection(socket, this, _options, _logger);
            _connections[connection] = 0;
            ThreadPool.UnsafeQueueUserWorkItem(static c => _ = c.RunAsync(), connection, preferLocal: false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Shutdown: {Count} connections still busy after the drain timeout; closing them without a response")]
        public static partial void DrainTimedOut(ILogger logger, int count);

        [LoggerMessage(EventId = 505, Level = LogLevel.Error, Message = "Accepting connections failed ({Error}); backing off and retrying (logged once until it recovers)")]
        public static partial void AcceptFailed(ILogger logger, string error, Exception exception);

        [LoggerMessage(EventId = 506, Level = LogLevel.Information, Message = "Accepting connections works again after {Failures} failures")]
        public static partial void AcceptRecovered(ILogger logger, int failures);

        [LoggerMessage(EventId = 507, Level = LogLevel.Error, Message = "The HTTP front end's heartbeat failed")]
        public static partial void HeartbeatFailed(ILogger logger, Exception exception);
    }
}
