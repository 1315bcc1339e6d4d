using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workers.Runtime.Tests.Hosting;

/// <summary>
/// A TCP client that sends hand-written bytes and reads responses as bytes, for tests of the
/// HTTP front end that HttpClient would not let us write (or would hide the answer of).
/// </summary>
internal sealed class RawHttpClient : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _pending = new();

    private RawHttpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public Socket Socket => _tcp.Client;

    public static async Task<RawHttpClient> ConnectAsync(Uri server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        return new RawHttpClient(tcp);
    }

    public async Task SendAsync(string latin1) => await SendAsync(Encoding.Latin1.GetBytes(latin1));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Reads one response; <paramref name="noBody"/> for an answer to HEAD.</summary>
    public async Task<RawResponse> ReadResponseAsync(bool noBody = false)
    {
        var head = await ReadUntilAsync("\r\n\r\n"u8.ToArray());
        var text = Encoding.Latin1.GetString(head);
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            // Bytes before a status line: a body the server should not have sent, for instance.
            throw new InvalidDataException($"Not a status line: {text}");
        }

        var lines = text[..^4].Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1].Trim())).ToList();
        var status = int.Parse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture);
        var length = headers.Where(h => h.Key.Equals("content-length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h.Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = noBody || status is < 200 or 204 or 304 ? [] : await ReadExactlyAsync(length);
        return new RawResponse(status, statusLine.Length > 2 ? statusLine[2] : "", headers, body, head);
    }

    /// <summary>Everything until the server closes the connection (or resets it).</summary>
    public async Task<byte[]> ReadToEndAsync()
    {
        var all = new MemoryStream();
        _pending.WriteTo(all);
        _pending.SetLength(0);
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer).AsTask().WaitAsync(ReadTimeout);
                if (read == 0)
                {
                    break;
                }

                all.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset ends it too.
        }

        return all.ToArray();
    }

    /// <summary>Whether the server closes the connection (end of stream or reset) with nothing more sent, within the read timeout.</summary>
    public async Task<bool> ClosesWithoutDataAsync() => (await ReadToEndAsync()).Length == 0;

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
        _pending.Dispose();
    }

    private async Task<byte[]> ReadUntilAsync(byte[] marker)
    {
        var buffer = new byte[16384];
        while (true)
        {
            var data = _pending.ToArray();
            var at = data.AsSpan().IndexOf(marker);
            if (at >= 0)
            {
                var end = at + marker.Length;
                _pending.SetLength(0);
                _pending.Write(data, end, data.Length - end);
                return data[..end];
            }

            var read = await _stream.ReadAsync(buffer).AsTask().WaitAsync(ReadTimeout);
            if (read == 0)
            {
                throw new EndOfStreamException($"The server closed the connection; received: {Encoding.Latin1.GetString(data)}");
            }

            _pending.Write(buffer, 0, read);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[16384];
        while (_pending.Length < count)
        {
            var read = await _stream.ReadAsync(buffer).AsTask().WaitAsync(ReadTimeout);
            if (read == 0)
            {
                throw new EndOfStreamException("The server closed the connection in a body.");
            }

            _pending.Write(buffer, 0, read);
        }

        var data = _pending.ToArray();
        _pending.SetLength(0);
        _pending.Write(data, count, data.Length - count);
        return data[..count];
    }
}
