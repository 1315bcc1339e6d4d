using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;

namespace Workers.Runtime.Hosting;

/// <summary>
/// The HTTP front end: accepts requests on an <see cref="HttpListener"/>, converts each into a
/// <see cref="WorkerRequest"/> (the body stays a stream, read only if the script reads it), and
/// writes the <see cref="WorkerResponse"/> back. Stopping drains: requests in flight finish,
/// new ones get 503 until they have.
/// </summary>
public sealed partial class HttpServer : IAsyncDisposable
{
    private const int StartAttempts = 5;

    /// <summary>
    /// Largest request body accepted: 100 MiB, the limit of Cloudflare's Free and Pro plans. A
    /// larger declared length gets 413 at once; a chunked body that grows past it fails the
    /// script's read with a TypeError instead of filling memory.
    /// </summary>
    public const long MaxRequestBodyBytes = 100L * 1024 * 1024;

    private readonly HttpListener _listener;
    private readonly Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _acceptLoop;
    private Func<IPAddress, bool>? _accepts;
    private int _inFlight;
    private int _stopped;

    private HttpServer(HttpListener listener, Uri url, Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> handler, ILogger logger)
    {
        _listener = listener;
        Url = url;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>The address the server answers on, with the actual port.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts listening on <paramref name="host"/>:<paramref name="port"/>; port 0 picks a free port.
    /// </summary>
    /// <exception cref="HttpServerStartException">The address cannot be listened on (port busy, bad host).</exception>
    public static Task<HttpServer> StartAsync(string host, int port, Func<WorkerRequest, CancellationToken, Task<WorkerResponse>> handler, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);

        Exception? last = null;
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            var (prefixHost, accepts) = Binding(host);
            var chosenPort = port == 0 ? FreePort(prefixHost) : port;
            var prefix = $"http://{prefixHost}:{chosenPort}/";
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
            }
            catch (HttpListenerException e) when (port == 0)
            {
                // Another process took the free port between the probe and Start: try another.
                last = e;
                listener.Close();
                continue;
            }
            catch (HttpListenerException e)
            {
                listener.Close();
                throw new HttpServerStartException($"Cannot listen on http://{DisplayHost(host)}:{chosenPort}/: {(e.ErrorCode == (int)SocketError.AddressAlreadyInUse || e.Message.Contains("in use", StringComparison.OrdinalIgnoreCase) ? "the port is already in use" : e.Message)}.", e);
            }
            catch (Exception e) when (e is ArgumentNullException or ObjectDisposedException or InvalidOperationException)
            {
                // .NET's HttpListener can fail inside Start when a connection arrives while it
                // starts (dotnet/corefx#35191); a fresh listener on the same port works.
                last = e;
                listener.Close();
                continue;
            }

            var url = new Uri($"http://{DisplayHost(host)}:{chosenPort}/");
            var server = new HttpServer(listener, url, handler, logger) { _accepts = accepts };
            server._acceptLoop = Task.Run(server.AcceptLoopAsync);
            return Task.FromResult(server);
        }

        throw new HttpServerStartException($"Cannot listen on {host}:{port}: {last?.Message}", last!);
    }

    /// <summary>
    /// Stops accepting work and waits for requests in flight to finish (at most
    /// <paramref name="drainTimeout"/>), then closes the listener.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (Volatile.Read(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }

        try
        {
            await _drained.Task.WaitAsync(drainTimeout);
        }
        catch (TimeoutException)
        {
            Log.DrainTimedOut(_logger, Volatile.Read(ref _inFlight));
        }

        _listener.Close();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _stopping.Dispose();
    }

    /// <summary>
    /// The listener prefix for <paramref name="host"/>, and which local addresses may be served.
    /// </summary>
    /// <remarks>
    /// HttpListener answers 404 by itself to a request whose Host header does not match the
    /// prefix, which would make routing by host (<c>example.com/*</c>, <c>api.localhost</c>)
    /// impossible. So for an IPv4 address or <c>localhost</c> the listener takes any host (<c>*</c>,
    /// which binds the port on every IPv4 interface) and this server serves only requests that
    /// arrived on the requested address: anything else gets 421 and the connection is closed,
    /// before any worker runs. IPv6 addresses are refused: the managed HttpListener cannot take them.
    /// </remarks>
    private static (string PrefixHost, Func<IPAddress, bool>? Accepts) Binding(string host)
    {
        if (host is "0.0.0.0" or "*" or "+" or "::")
        {
            return ("*", null);
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return ("*", IPAddress.IsLoopback);
        }

        if (IPAddress.TryParse(host, out var address))
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // .NET's managed HttpListener cannot parse an IPv6 literal in a prefix, and its
                // "*" binds IPv4 only.
                throw new HttpServerStartException($"Cannot listen on {host}: IPv6 addresses are not supported yet; use an IPv4 address such as 127.0.0.1 or 0.0.0.0.");
            }

            return IPAddress.IsLoopback(address)
                ? ("*", local => local.AddressFamily == AddressFamily.InterNetwork && IPAddress.IsLoopback(local))
                : ("*", local => local.Equals(address) || (local.IsIPv4MappedToIPv6 && local.MapToIPv4().Equals(address)));
        }

        return (host, null);
    }

    private static string DisplayHost(string host)
        => host is "0.0.0.0" or "*" or "+" or "::" ? "127.0.0.1"
            : host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]"
            : host;

    private static int FreePort(string prefixHost)
    {
        // The listener binds every interface for a "*" prefix, so the port must be free on all.
        var address = prefixHost == "*" ? IPAddress.Any : IPAddress.TryParse(prefixHost, out var parsed) ? parsed : IPAddress.Loopback;
        using var probe = new TcpListener(address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                if (!_listener.IsListening)
                {
                    return;
                }

                continue;
            }

            _ = HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _inFlight);
        var started = Stopwatch.GetTimestamp();
        var status = 0;
        try
        {
            if (_accepts is not null && (context.Request.LocalEndPoint is not { } local || !_accepts(local.Address)))
            {
                // Arrived on an interface this server was not asked to listen on: refuse it
                // (421 Misdirected Request) without running anything, and close the connection.
                status = 421;
                context.Response.StatusCode = 421;
                context.Response.KeepAlive = false;
                context.Response.Close();
                return;
            }

            if (_stopping.IsCancellationRequested)
            {
                status = 503;
                context.Response.StatusCode = 503;
                context.Response.KeepAlive = false;
                context.Response.Close();
                return;
            }

            if (context.Request.ContentLength64 > MaxRequestBodyBytes)
            {
                status = 413;
                context.Response.StatusCode = 413;
                context.Response.KeepAlive = false;
                context.Response.Close();
                return;
            }

            var request = ToWorkerRequest(context.Request);
            if (request is null)
            {
                status = 400;
                context.Response.StatusCode = 400;
                context.Response.Close();
                return;
            }

            var response = await _handler(request, CancellationToken.None);
            // The handler logs what it answered; this server logs only what it answered itself.
            status = 0;
            await WriteAsync(context.Response, response);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing left to answer.
        }
#pragma warning disable CA1031 // One request's failure must never stop the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.RequestFailed(_logger, e);
            TryAbort(context.Response, 500);
            status = 500;
        }
        finally
        {
            if (status != 0 && _logger.IsEnabled(LogLevel.Information))
            {
                Log.Request(_logger, context.Request.HttpMethod, context.Request.RawUrl ?? "/", status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (Interlocked.Decrement(ref _inFlight) == 0 && _stopping.IsCancellationRequested)
            {
                _drained.TrySetResult();
            }
        }
    }

    private static WorkerRequest? ToWorkerRequest(HttpListenerRequest incoming)
    {
        if (incoming.Url is not { IsAbsoluteUri: true } url)
        {
            return null;
        }

        var request = new WorkerRequest(incoming.HttpMethod, url)
        {
            Body = incoming.HasEntityBody ? new LengthLimitedStream(incoming.InputStream, MaxRequestBodyBytes) : null,
            Target = incoming.RawUrl,
        };
        var headers = incoming.Headers;
        foreach (var name in headers.AllKeys)
        {
            if (name is null)
            {
                continue;
            }

            foreach (var value in headers.GetValues(name) ?? [])
            {
                request.Headers.Add(new(name, value));
            }
        }

        return request;
    }

    private static async Task WriteAsync(HttpListenerResponse outgoing, WorkerResponse response)
    {
        outgoing.StatusCode = response.Status;
        if (response.StatusText.Length > 0)
        {
            outgoing.StatusDescription = response.StatusText;
        }

        foreach (var (name, value) in response.Headers)
        {
            if (string.Equals(name, "content-length", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "transfer-encoding", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "connection", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "keep-alive", StringComparison.OrdinalIgnoreCase))
            {
                // Framing is the server's job: it is derived from the body below.
                continue;
            }

            outgoing.AppendHeader(name, value);
        }

        if (response.Header("server") is null)
        {
            // HttpListener would otherwise announce itself as Microsoft-NetCore/2.0.
            outgoing.AppendHeader("Server", "workers");
        }

        var body = response.Body;
        var bodyAllowed = response.Status is not (204 or 304) && response.Status >= 200;
        outgoing.ContentLength64 = bodyAllowed ? body.Length : 0;
        if (bodyAllowed && body.Length > 0)
        {
            await outgoing.OutputStream.WriteAsync(body);
        }

        outgoing.Close();
    }

    private static void TryAbort(HttpListenerResponse response, int status)
    {
        try
        {
            response.StatusCode = status;
            response.Close();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpListenerException or ObjectDisposedException)
        {
            response.Abort();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {Milliseconds:F1}ms (answered by the HTTP front end)")]
        public static partial void Request(ILogger logger, string method, string path, int status, double milliseconds);

        [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Request failed in the HTTP front end")]
        public static partial void RequestFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Shutdown: {Count} requests still running after the drain timeout; closing anyway")]
        public static partial void DrainTimedOut(ILogger logger, int count);
    }
}
