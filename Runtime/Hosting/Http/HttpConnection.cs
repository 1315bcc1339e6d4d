using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;

namespace Workers.Runtime.Hosting.Http;

/// <summary>
/// One client connection of the HTTP front end: reads request heads, runs the handler for each
/// request in turn (so pipelined requests are answered in order, each once), and writes the
/// responses. Bytes of the next request that arrive early stay in the connection's buffer.
/// </summary>
/// <remarks>
/// <para>
/// The connection has at most one receive in flight, into the free end of its buffer; whoever
/// needs bytes (the head parser, the request body, the disconnect watch) awaits that same
/// receive. While the handler runs and the body has been read (or there is none), the watch
/// keeps a receive pending: end of stream or a reset means the client is gone, and the token
/// given to the handler is cancelled; bytes mean a pipelined request and are kept for it.
/// </para>
/// <para>
/// Timeouts are enforced from outside by <see cref="OnHeartbeat"/>, which the server calls
/// about once a second: an idle connection is closed, a head that is late gets 408, a body that
/// arrives slower than the minimum rate or a response the client does not read closes the
/// connection. A timeout that interrupts a read shuts the socket's receive side down, which
/// completes the pending receive with end of stream, so that only the connection's own loop
/// ever writes to the socket; a write that is too slow is aborted.
/// </para>
/// </remarks>
internal sealed partial class HttpConnection
{
    private const int Idle = 0;
    private const int Head = 1;
    private const int Handling = 2;
    private const int Writing = 3;
    private const int Closed = 4;

    /// <summary>A timeout fired (<see cref="_timedOut"/> says which): only the 408 may still be written.</summary>
    private const int Expired = 5;

    private const int NoTimeout = 0;
    private const int IdleTimedOut = 1;
    private const int HeadTimedOut = 2;
    private const int BodyTooSlow = 3;

    private const int InitialBufferBytes = 4096;

    /// <summary>A body the script left unread is read and dropped up to this size, to keep the connection; beyond it, the connection closes.</summary>
    private const long MaxDrainBytes = 64 * 1024;

    /// <summary>How long a closing connection reads and drops what the client still sends.</summary>
    private static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(1);

    /// <summary>The most a closing connection reads and drops.</summary>
    private const int MaxLingerBytes = 1024 * 1024;

    /// <summary>A body and head up to this size go out in one write.</summary>
    private const int MaxCoalescedBytes = 16 * 1024;

    private readonly Socket _socket;
    private readonly HttpServer _server;
    private readonly HttpServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxBuffer;
    private readonly Lock _gate = new();
    private byte[] _buffer;
    private int _start;
    private int _end;
    private Task<int>? _receive;
    private bool _endOfStream;
    private bool _broken;
    private int _phase;
    private long _deadline;
    private int _timedOut;
    private long _bodyWaitStarted;
    private long _bodyWaitTicks;
    private long _bodyBytes;
    private bool _handlerDone = true;
    private CancellationTokenSource? _aborted;
    private bool _bodyFailed;
    private bool _firstRequest = true;

    public HttpConnection(Socket socket, HttpServer server, HttpServerOptions options, ILogger logger)
    {
        _socket = socket;
        _server = server;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
        _maxBuffer = Math.Max(options.MaxHeadBytes + 1024, InitialBufferBytes);
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    }

    /// <summary>Serves requests until the connection closes. Never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            while (await ServeOneAsync())
            {
            }
        }
#pragma warning disable CA1031 // A connection's fault is logged; it must never reach the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ConnectionFailed(_logger, e);
        }
        finally
        {
            try
            {
                await CloseAsync();
            }
#pragma warning disable CA1031 // Logged: nothing may escape a connection's task.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ConnectionFailed(_logger, e);
            }
        }
    }

    /// <summary>Applies the timeouts; called about once a second by the server.</summary>
    public void OnHeartbeat(long now)
    {
        var phase = Volatile.Read(ref _phase);
        switch (phase)
        {
            case Idle or Head when now - Volatile.Read(ref _deadline) > 0:
                Expire(phase, phase == Idle ? IdleTimedOut : HeadTimedOut);
                break;

            case Handling when _options.MinRequestBodyBytesPerSecond > 0 && Volatile.Read(ref _bodyWaitStarted) is var started and not 0:
                var waited = _time.GetElapsedTime(0, Volatile.Read(ref _bodyWaitTicks) + (now - started));
                var grace = _options.MinDataRateGracePeriod;
                if (waited > grace && Volatile.Read(ref _bodyBytes) < _options.MinRequestBodyBytesPerSecond * waited.TotalSeconds)
                {
                    Expire(Handling, BodyTooSlow);
                }

                break;

            case Writing when now - Volatile.Read(ref _deadline) > 0:
                Abort();
                break;

            default:
                break;
        }
    }

    /// <summary>
    /// Moves from <paramref name="phase"/> to <see cref="Expired"/> (so the loop cannot start
    /// anything new) and interrupts the read; nothing if the loop moved on meanwhile.
    /// </summary>
    private void Expire(int phase, int reason)
    {
        Volatile.Write(ref _timedOut, reason);
        if (Interlocked.CompareExchange(ref _phase, Expired, phase) == phase)
        {
            InterruptRead();
        }
    }

    /// <summary>Shutdown has begun: an idle connection closes now; others finish their exchange.</summary>
    public void BeginDrain()
    {
        if (Interlocked.CompareExchange(ref _phase, Closed, Idle) == Idle)
        {
            InterruptRead();
        }
    }

    /// <summary>Closes the connection without a response and cancels the request in flight.</summary>
    public void Abort()
    {
        Volatile.Write(ref _phase, Closed);
        TryCancel(Volatile.Read(ref _aborted));
        try
        {
            _socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Sends <c>100 Continue</c> (https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1).</summary>
    internal async ValueTask SendContinueAsync()
    {
        try
        {
            await SendAllAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new IOException("The client closed the connection.");
        }
    }

    /// <summary>
    /// Reads body bytes into <paramref name="destination"/>: those already buffered, else straight
    /// from the socket. Returns 0 at end of stream, -1 when the connection failed.
    /// </summary>
    internal async ValueTask<int> ReadBodyAsync(Memory<byte> destination)
    {
        while (true)
        {
            Task<int>? pending;
            lock (_gate)
            {
                if (_start < _end)
                {
                    var count = Math.Min(destination.Length, _end - _start);
                    _buffer.AsSpan(_start, count).CopyTo(destination.Span);
                    _start += count;
                    return count;
                }

                pending = _receive;
                if (pending is null && (_endOfStream || _broken))
                {
                    return TimedOutBody();
                }
            }

            if (pending is not null)
            {
                if (await WaitForBodyAsync(pending) <= 0)
                {
                    return TimedOutBody();
                }

                continue;
            }

            // Nothing buffered and no receive in flight: read straight into the caller's memory.
            int read;
            BeginBodyWait();
            try
            {
                read = await _socket.ReceiveAsync(destination, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                read = -1;
            }
            finally
            {
                EndBodyWait();
            }

            if (read <= 0)
            {
                lock (_gate)
                {
                    _endOfStream |= read == 0;
                    _broken |= read < 0;
                }

                return TimedOutBody();
            }

            Interlocked.Add(ref _bodyBytes, read);
            return read;
        }
    }

    /// <summary>A CRLF-terminated line of at most <paramref name="maxBytes"/>, without the CRLF; null if malformed or cut off.</summary>
    internal async ValueTask<string?> ReadLineAsync(int maxBytes)
    {
        while (true)
        {
            Task<int> receive;
            lock (_gate)
            {
                var data = _buffer.AsSpan(_start, _end - _start);
                var lf = data.IndexOf((byte)'\n');
                if (lf >= 0)
                {
                    if (lf == 0 || data[lf - 1] != '\r' || lf > maxBytes)
                    {
                        return null;
                    }

                    var line = Encoding.Latin1.GetString(data[..(lf - 1)]);
                    _start += lf + 1;
                    return line;
                }

                if (data.Length > maxBytes)
                {
                    return null;
                }

                receive = StartReceiveLocked();
            }

            if (await WaitForBodyAsync(receive) <= 0)
            {
                if (Volatile.Read(ref _timedOut) == BodyTooSlow)
                {
                    throw new IOException("The request body arrived too slowly.");
                }

                return null;
            }
        }
    }

    /// <summary>The body has been read to its end: watch the socket for the client going away.</summary>
    internal void OnBodyComplete()
    {
        CancellationTokenSource? aborted;
        lock (_gate)
        {
            aborted = _handlerDone ? null : _aborted;
        }

        if (aborted is not null)
        {
            _ = WatchAsync(aborted);
        }
    }

    /// <summary>A body read failed: the framing is lost, so the connection closes after the response.</summary>
    internal void OnBodyFailed() => _bodyFailed = true;

    private int TimedOutBody()
        => Volatile.Read(ref _timedOut) == BodyTooSlow ? throw new IOException("The request body arrived too slowly.") : 0;

    private async Task<int> WaitForBodyAsync(Task<int> receive)
    {
        BeginBodyWait();
        try
        {
            var read = await receive;
            if (read > 0)
            {
                Interlocked.Add(ref _bodyBytes, read);
            }

            return read;
        }
        finally
        {
            EndBodyWait();
        }
    }

    private void BeginBodyWait() => Volatile.Write(ref _bodyWaitStarted, _time.GetTimestamp());

    private void EndBodyWait()
    {
        var started = Interlocked.Exchange(ref _bodyWaitStarted, 0);
        if (started != 0)
        {
            Interlocked.Add(ref _bodyWaitTicks, _time.GetTimestamp() - started);
        }
    }

    /// <summary>Serves one request; false when the connection is to close.</summary>
    private async Task<bool> ServeOneAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var (head, status) = await ReadHeadAsync();
        if (head is null)
        {
            if (status != 0)
            {
                await WriteErrorAsync(status, null, started);
            }

            return false;
        }

        if (!Enter(Handling))
        {
            if (Volatile.Read(ref _phase) == Expired && Volatile.Read(ref _timedOut) == HeadTimedOut)
            {
                await WriteErrorAsync(408, head, started);
            }

            return false;
        }

        if (_server.IsStopping)
        {
            await WriteErrorAsync(503, head, started);
            return false;
        }

        if (head.ContentLength > HttpServer.MaxRequestBodyBytes)
        {
            await WriteErrorAsync(413, head, started);
            return false;
        }

        var request = ToWorkerRequest(head, out var body);
        if (request is null)
        {
            await WriteErrorAsync(400, head, started);
            return false;
        }

        _bodyWaitTicks = 0;
        _bodyBytes = 0;
        _bodyFailed = false;
        var aborted = new CancellationTokenSource();
        lock (_gate)
        {
            _handlerDone = false;
            _aborted = aborted;
        }

        if (body is null)
        {
            _ = WatchAsync(aborted);
        }

        WorkerResponse? response = null;
        try
        {
            response = await _server.Handler(request, aborted.Token);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away, or the server aborted the exchange.
        }
#pragma warning disable CA1031 // A handler's fault is a 500 without details; it must not end the connection's task unlogged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, e);
            response = ErrorResponse(500);
            LogAnswered(head, 500, started);
        }

        bool clientGone;
        lock (_gate)
        {
            _handlerDone = true;
            _aborted = null;
            clientGone = _broken;
        }

        aborted.Dispose();
        if (Volatile.Read(ref _phase) == Expired)
        {
            // Like Kestrel: a body that arrives too slowly gets 408, whatever the script made of it.
            body?.TryDetach();
            await WriteErrorAsync(408, head, started);
            return false;
        }

        if (response is null || clientGone || Volatile.Read(ref _phase) == Closed)
        {
            body?.TryDetach();
            return false;
        }

        var keepAlive = head.KeepAlive && !_server.IsStopping && !_endOfStream;
        var drain = false;
        if (body is not null)
        {
            if (!body.TryDetach() || _bodyFailed)
            {
                keepAlive = false;
            }
            else if (!body.IsComplete)
            {
                // RFC 9110 section 10.1.1: without 100 Continue the client may never send the body.
                drain = keepAlive && !(head.ExpectContinue && !body.ContinueSent) && body.Remaining is >= 0 and <= MaxDrainBytes;
                keepAlive = drain;
            }
        }

        if (!await WriteResponseAsync(head, response, keepAlive))
        {
            return false;
        }

        if (drain && (!Enter(Handling) || !await body!.DrainAsync(MaxDrainBytes)))
        {
            return false;
        }

        return keepAlive;
    }

    /// <summary>Reads and parses the next head: the head, or null and the error status to answer (0: close quietly).</summary>
    private async Task<(RequestHead? Head, int Status)> ReadHeadAsync()
    {
        var scanned = 0;
        var now = _time.GetTimestamp();
        bool idle;
        lock (_gate)
        {
            idle = _start == _end;
        }

        var wait = idle && !_firstRequest ? _options.KeepAliveTimeout : _options.RequestHeadersTimeout;
        Volatile.Write(ref _deadline, now + (long)(wait.TotalSeconds * _time.TimestampFrequency));
        if (!Enter(idle ? Idle : Head))
        {
            return (null, 0);
        }

        _firstRequest = false;
        if (idle && _server.IsStopping)
        {
            return (null, 0);
        }

        while (true)
        {
            Task<int> receive;
            lock (_gate)
            {
                var result = RequestHeadParser.TryParse(_buffer.AsSpan(_start, _end - _start), ref scanned, _options, out var head, out var consumed, out var status);
                if (result == HeadParseResult.Complete)
                {
                    _start += consumed;
                    return (head, 0);
                }

                if (result == HeadParseResult.Invalid)
                {
                    return (null, status);
                }

                receive = StartReceiveLocked();
            }

            var read = await receive;
            if (Volatile.Read(ref _phase) == Expired)
            {
                return (null, Volatile.Read(ref _timedOut) == HeadTimedOut ? 408 : 0);
            }

            if (read <= 0)
            {
                return (null, 0);
            }

            if (Volatile.Read(ref _phase) == Idle)
            {
                Volatile.Write(ref _deadline, _time.GetTimestamp() + (long)(_options.RequestHeadersTimeout.TotalSeconds * _time.TimestampFrequency));
                if (!Enter(Head))
                {
                    return (null, 0);
                }
            }
        }
    }

    /// <summary>
    /// Keeps a receive pending while the handler runs: end of stream or an error cancels
    /// <paramref name="aborted"/>; bytes are kept for the next request.
    /// </summary>
    private async Task WatchAsync(CancellationTokenSource aborted)
    {
        try
        {
            while (true)
            {
                Task<int> receive;
                lock (_gate)
                {
                    if (_handlerDone || _start == 0 && _end == _buffer.Length && _buffer.Length >= _maxBuffer)
                    {
                        // Done, or the buffer is full of pipelined bytes: stop watching.
                        return;
                    }

                    receive = StartReceiveLocked();
                }

                if (await receive > 0)
                {
                    continue;
                }

                lock (_gate)
                {
                    if (_handlerDone)
                    {
                        return;
                    }
                }

                Log.ClientGone(_logger);
                TryCancel(aborted);
                return;
            }
        }
#pragma warning disable CA1031 // Logged: the watch must never fault unobserved.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ConnectionFailed(_logger, e);
        }
    }

    /// <summary>The receive in flight, or a new one into the free end of the buffer (made room for first). Called under the lock.</summary>
    private Task<int> StartReceiveLocked()
    {
        if (_receive is { } pending)
        {
            return pending;
        }

        if (_endOfStream)
        {
            return Task.FromResult(0);
        }

        if (_broken)
        {
            return Task.FromResult(-1);
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            else if (_buffer.Length < _maxBuffer)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxBuffer));
                _buffer.AsSpan(0, _end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            else
            {
                // Full: the head parser reports the limit; nothing more is read.
                return Task.FromResult(-1);
            }
        }

        var receive = ReceiveCoreAsync(_buffer.AsMemory(_end));
        if (!receive.IsCompleted)
        {
            _receive = receive;
        }

        return receive;
    }

    private async Task<int> ReceiveCoreAsync(Memory<byte> target)
    {
        int read;
        try
        {
            read = await _socket.ReceiveAsync(target, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            read = -1;
        }

        lock (_gate)
        {
            _receive = null;
            if (read > 0)
            {
                _end += read;
            }
            else
            {
                _endOfStream |= read == 0;
                _broken |= read < 0;
            }
        }

        return read;
    }

    private WorkerRequest? ToWorkerRequest(RequestHead head, out RequestBody? body)
    {
        body = null;
        Uri? url;
        if (head.Form == RequestTargetForm.Absolute)
        {
            if (!Uri.TryCreate(head.Target, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
            {
                return null;
            }
        }
        else
        {
            var host = head.Host.Length > 0 ? head.Host : _server.LocalAuthority;
            var path = head.Form == RequestTargetForm.Origin ? head.Target : "/";
            if (!Uri.TryCreate(string.Concat("http://", host, path), UriKind.Absolute, out url))
            {
                return null;
            }
        }

        if (head.HasBody)
        {
            body = new RequestBody(this, head.ContentLength, head.Chunked, head.ExpectContinue);
        }

        var request = new WorkerRequest(head.Method, url) { Body = body, Target = head.Target };
        foreach (var header in head.Headers)
        {
            request.Headers.Add(header);
        }

        return request;
    }

    /// <summary>Writes a response; false when the connection failed or was closed meanwhile.</summary>
    private async Task<bool> WriteResponseAsync(RequestHead head, WorkerResponse response, bool keepAlive)
    {
        var status = response.Status;
        var noBody = status is < 200 or 204 or 304;
        long? contentLength = status is < 200 or 204 ? null : status == 304 ? null : response.Body.Length;
        var sendBody = !noBody && head.Method != "HEAD";
        if (head.Method == "HEAD" && !noBody && response.Body.IsEmpty && DeclaredLength(response) is { } declared)
        {
            // A HEAD answer relayed from an origin has no body but says how long the GET's is.
            contentLength = declared;
        }

        var writer = new ResponseHeadWriter(ArrayPool<byte>.Shared.Rent(1024));
        writer.WriteHead(status, response.StatusText, response.Headers, contentLength, !keepAlive, keepAlive && head.MinorVersion == 0, _server.DateLine);
        var body = sendBody ? response.Body : ReadOnlyMemory<byte>.Empty;
        var coalesce = body.Length <= MaxCoalescedBytes;
        if (coalesce)
        {
            writer.Append(body.Span);
        }

        var output = writer.Buffer;
        try
        {
            if (!EnterWriting(writer.Length + body.Length))
            {
                return false;
            }

            await SendAllAsync(output.AsMemory(0, writer.Length));
            if (!coalesce)
            {
                await SendAllAsync(body);
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static long? DeclaredLength(WorkerResponse response)
        => response.Header("content-length") is { } text && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) ? length : null;

    /// <summary>Answers with one of the server's own plain-text pages and closes (no .NET text, no banner).</summary>
    private async Task WriteErrorAsync(int status, RequestHead? head, long started)
    {
        LogAnswered(head, status, started);
        var response = ErrorResponse(status);
        var writer = new ResponseHeadWriter(ArrayPool<byte>.Shared.Rent(512));
        writer.WriteHead(status, string.Empty, response.Headers, response.Body.Length, close: true, keepAlive10: false, _server.DateLine);
        if (head?.Method != "HEAD")
        {
            writer.Append(response.Body.Span);
        }

        var output = writer.Buffer;
        try
        {
            if (EnterWriting(writer.Length, afterTimeout: status == 408))
            {
                await SendAllAsync(output.AsMemory(0, writer.Length));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client is gone; nothing more to do.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static WorkerResponse ErrorResponse(int status)
        => new(status, string.Empty, [new("Content-Type", "text/plain; charset=utf-8")], Encoding.ASCII.GetBytes($"{status} {StatusReasons.For(status)}\n"));

    private void LogAnswered(RequestHead? head, int status, long started)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.Request(_logger, head?.Method ?? "-", head?.Target ?? "-", status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[sent..];
        }
    }

    private bool EnterWriting(long bytes, bool afterTimeout = false)
    {
        var allowed = _options.MinDataRateGracePeriod.TotalSeconds
            + (_options.MinRequestBodyBytesPerSecond > 0 ? bytes / _options.MinRequestBodyBytesPerSecond : 3600);
        Volatile.Write(ref _deadline, _time.GetTimestamp() + (long)(allowed * _time.TimestampFrequency));
        return afterTimeout && Interlocked.CompareExchange(ref _phase, Writing, Expired) == Expired || Enter(Writing);
    }

    /// <summary>Moves to <paramref name="phase"/> unless the connection was closed meanwhile.</summary>
    private bool Enter(int phase)
    {
        while (true)
        {
            var current = Volatile.Read(ref _phase);
            if (current is Closed or Expired)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _phase, phase, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Makes a pending receive end (with end of stream) so that the connection's loop acts on a timeout or shutdown.</summary>
    private void InterruptRead()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                // Windows does not complete a pending receive on shutdown; close instead (no 408 there).
                _socket.Dispose();
            }
            else
            {
                _socket.Shutdown(SocketShutdown.Receive);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private static void TryCancel(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
#pragma warning disable CA1031 // A cancellation callback's fault must not end the connection's task.
        catch (AggregateException)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Closes gracefully: FIN first, then what the client still sends is read and dropped for a
    /// moment, so that unread request bytes do not turn the close into a reset that could
    /// destroy the response before the client reads it.
    /// </summary>
    private async Task CloseAsync()
    {
        var graceful = Volatile.Read(ref _phase) is not (Closed or Expired);
        Volatile.Write(ref _phase, Closed);
        try
        {
            if (graceful && !_broken)
            {
                _socket.Shutdown(SocketShutdown.Send);
                var until = _time.GetTimestamp() + (long)(LingerTime.TotalSeconds * _time.TimestampFrequency);
                for (var dropped = 0; dropped < MaxLingerBytes;)
                {
                    Task<int> receive;
                    lock (_gate)
                    {
                        _start = _end = 0;
                        receive = StartReceiveLocked();
                    }

                    var left = _time.GetElapsedTime(_time.GetTimestamp(), until);
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    var read = await receive.WaitAsync(left, _time);
                    if (read <= 0)
                    {
                        break;
                    }

                    dropped += read;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or TimeoutException)
        {
            // Gone, or still sending after the linger time: close anyway.
        }
#pragma warning disable CA1031 // Closing must finish whatever happened: the slot and the buffer are released below.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ConnectionFailed(_logger, e);
        }

        _socket.Dispose();
        lock (_gate)
        {
            // A receive or body read still in flight writes into the buffer: leave that one to the GC.
            if (_receive is null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
        }

        _server.OnConnectionClosed(this);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {Milliseconds:F1}ms (answered by the HTTP front end)")]
        public static partial void Request(ILogger logger, string method, string path, int status, double milliseconds);

        [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Request failed in the HTTP front end")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 503, Level = LogLevel.Error, Message = "A connection of the HTTP front end failed")]
        public static partial void ConnectionFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 504, Level = LogLevel.Debug, Message = "The client closed the connection while its request was being handled; the request is cancelled")]
        public static partial void ClientGone(ILogger logger);
    }
}
