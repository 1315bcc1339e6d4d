// Shows, with raw-socket requests, where .NET's managed HttpListener falls short of HTTP/1.1 as
// RFC 9110/9112 give it (issue 9). Run: dotnet run Tools/HttpListenerProbe/HttpListenerProbe.cs
// It starts a bare HttpListener on a free 127.0.0.1 port whose handler echoes what it was given,
// sends each probe, and prints the exact bytes that came back. Only 127.0.0.1 is contacted.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

var port = FreePort();
using var listener = new HttpListener { IgnoreWriteExceptions = true };
listener.Prefixes.Add($"http://*:{port}/");
listener.Start();
var release = new TaskCompletionSource();
var handlerSawDisconnect = false;
var handled = 0;
var served = Task.Run(async () =>
{
    while (listener.IsListening)
    {
        HttpListenerContext context;
        try
        {
            context = await listener.GetContextAsync();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            Interlocked.Increment(ref handled);
            var request = context.Request;
            var response = context.Response;
            try
            {
                if (request.RawUrl == "/hold")
                {
                    // Held until the probe releases it, or the listener closes.
                    await release.Task;
                    return;
                }

                var text = new StringBuilder();
                text.Append(CultureInfo.InvariantCulture, $"url={request.Url} raw={request.RawUrl?.Length switch { > 64 => $"({request.RawUrl.Length} chars)", _ => request.RawUrl }}\n");
                foreach (var name in request.Headers.AllKeys)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}: [{string.Join("] [", request.Headers.GetValues(name!) ?? [])}]\n");
                }

                response.AppendHeader("x-latin1", "caf\u00e9");
                var bytes = Encoding.ASCII.GetBytes(text.ToString());
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes);
                response.Close();
            }
            catch (Exception e)
            {
                handlerSawDisconnect = true;
                Console.WriteLine($"  (handler: {e.GetType().Name})");
            }
        });
    }
});

Console.WriteLine($".NET {Environment.Version} on {RuntimeInformation.OSDescription}; HttpListener on 127.0.0.1:{port}");

await Probe("1. HEAD: the body the handler wrote is sent", "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
await Probe("2. absolute-form target: Url takes another host and scheme", "GET http://other.example/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
await Probe("3. repeated header lines and a comma in a value", "GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\nCookie: b=2\r\nX-Forwarded-For: 192.0.2.1\r\nX-Forwarded-For: 192.0.2.2\r\nX-Date: Tue, 01 Jan 2030\r\nConnection: close\r\n\r\n");
await Probe("3b. one line with commas: is it split?", "GET / HTTP/1.1\r\nHost: a\r\nAccept: text/html, text/plain\r\nX-Forwarded-For: 192.0.2.1, 192.0.2.2\r\nCookie: a=1, b=2\r\nConnection: close\r\n\r\n");
await Probe("4. malformed header line: HttpListener's own 400 page", "GET / HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n");
await Probe("5. obs-fold (RFC 9112 5.2: reject or replace with SP)", "GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\nConnection: close\r\n\r\n");
await Probe("6. two pipelined requests in one write", "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
await Probe("7. a 100 KiB request target", $"GET /{new string('a', 100 * 1024)} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", maxShown: 300);
await Probe("8. Host missing on HTTP/1.1 (RFC 9112 3.2: 400)", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
await Probe("9. two Host lines (RFC 9112 3.2: 400)", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n");
await Probe("10. Content-Length and Transfer-Encoding both (RFC 9112 6.3: 400 or close)", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");

if (args is ["fd"])
{
    // Run under a low descriptor limit (ulimit -n 256): clients whose requests are held until
    // the limit is reached. The listener has no connection cap; what happens to the process?
    var held = new List<TcpClient>();
    try
    {
        for (var i = 0; i < 400; i++)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n"));
            held.Add(client);
        }
    }
    catch (SocketException e)
    {
        Console.WriteLine($"fd. client {held.Count}: {e.SocketErrorCode}");
    }

    await Task.Delay(3000);
    Console.WriteLine($"fd. still running after {held.Count} held requests; handled {handled}");
    foreach (var client in held)
    {
        client.Dispose();
    }

    await Task.Delay(1000);
    await Probe("fd. a request after they closed", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    return;
}

// 11. Clients that send part of a head and go away: nothing notices, the sockets stay in CLOSE-WAIT.
var clients = new List<TcpClient>();
for (var i = 0; i < 50; i++)
{
    var client = new TcpClient();
    await client.ConnectAsync(IPAddress.Loopback, port);
    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\n"));
    client.Client.Shutdown(SocketShutdown.Send);
    clients.Add(client);
}

await Task.Delay(3000);
Console.WriteLine($"11. 50 clients sent half a head, then FIN; 3 s later, server sockets in CLOSE-WAIT: {CountCloseWait(port)}");
foreach (var client in clients)
{
    client.Dispose();
}

// 12. A client that disconnects while its request is being handled: the handler is not told.
using (var gone = new TcpClient())
{
    await gone.ConnectAsync(IPAddress.Loopback, port);
    await gone.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n"));
    await Task.Delay(500);
}

await Task.Delay(2000);
Console.WriteLine($"12. client closed during a held request; HttpListenerRequest has no disconnect token; handler saw it: {handlerSawDisconnect}; CLOSE-WAIT now: {CountCloseWait(port)}");

// 12b. Clients whose requests were held when they went away stay in CLOSE-WAIT.
for (var i = 0; i < 20; i++)
{
    using var client = new TcpClient();
    await client.ConnectAsync(IPAddress.Loopback, port);
    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n"));
}

await Task.Delay(3000);
Console.WriteLine($"12b. 20 more clients sent a held request and closed; CLOSE-WAIT 3 s later: {CountCloseWait(port)}");

// 13. Timeouts: IdleConnection set to 2 s, then half a head and silence.
try
{
    listener.TimeoutManager.IdleConnection = TimeSpan.FromSeconds(2);
    Console.WriteLine("13. TimeoutManager.IdleConnection set to 2 s (HeaderWait is Windows-only: CA1416)");
}
catch (PlatformNotSupportedException e)
{
    Console.WriteLine($"13. TimeoutManager: {e.GetType().Name}");
}

using (var slow = new TcpClient())
{
    await slow.ConnectAsync(IPAddress.Loopback, port);
    var stream = slow.GetStream();
    await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\n"));
    var started = DateTime.UtcNow;
    using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
    try
    {
        var read = await stream.ReadAsync(new byte[1024], wait.Token);
        Console.WriteLine($"13. half a head: the server answered or closed after {(DateTime.UtcNow - started).TotalSeconds:F1} s ({read} bytes)");
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("13. half a head: still open after 10 s, nothing sent");
    }
}

// 14. A request held when the listener closes (a shutdown cut it off): what does the client get?
using (var cut = new TcpClient())
{
    await cut.ConnectAsync(IPAddress.Loopback, port);
    var stream = cut.GetStream();
    await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n"));
    await Task.Delay(500);
    listener.Close();
    Console.WriteLine("14. a request held when the listener is closed:");
    Console.WriteLine($"  <- {Show(await ReadAllAsync(stream), 400)}");
}

release.TrySetResult();
await served;

async Task Probe(string title, string request, int maxShown = 1200)
{
    Console.WriteLine(title);
    using var client = new TcpClient();
    await client.ConnectAsync(IPAddress.Loopback, port);
    var stream = client.GetStream();
    await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
    Console.WriteLine($"  -> {Show(Encoding.Latin1.GetBytes(request), 200)}");
    Console.WriteLine($"  <- {Show(await ReadAllAsync(stream), maxShown)}");
}

static async Task<byte[]> ReadAllAsync(NetworkStream stream)
{
    // Until the server closes, or 2 s of silence (a kept-alive connection).
    var received = new MemoryStream();
    var buffer = new byte[65536];
    while (true)
    {
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            var read = await stream.ReadAsync(buffer, quiet.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            break;
        }
    }

    return received.ToArray();
}

static string Show(byte[] bytes, int max)
{
    var text = new StringBuilder();
    foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, max)))
    {
        text.Append(b switch
        {
            (byte)'\r' => "\\r",
            (byte)'\n' => "\\n",
            >= 0x20 and < 0x7f => ((char)b).ToString(),
            _ => $"\\x{b:x2}",
        });
    }

    return bytes.Length > max ? $"{text}... ({bytes.Length} bytes)" : $"{text} ({bytes.Length} bytes)";
}

static int CountCloseWait(int port)
{
    // /proc/net/tcp: local address "0100007F:PORT" (hex), state 08 = CLOSE_WAIT.
    var count = 0;
    foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields[1].EndsWith($":{port:X4}", StringComparison.Ordinal) && fields[3] == "08")
        {
            count++;
        }
    }

    return count;
}

static int FreePort()
{
    using var probe = new TcpListener(IPAddress.Any, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}
