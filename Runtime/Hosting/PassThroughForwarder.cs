using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Workers.Runtime.Execution;

namespace Workers.Runtime.Hosting;

/// <summary>
/// Sends a request on to the origin when the script called <c>passThroughOnException()</c> and
/// then threw, as Workers does for a route in front of an origin. The request goes out with
/// its method, path, query and headers, and with its body only if the script never started
/// reading it (a consumed stream cannot be replayed).
/// </summary>
internal sealed partial class PassThroughForwarder
{
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host", "content-length",
    };

    private readonly Uri _origin;
    private readonly HttpClient _client;
    private readonly ILogger _logger;

    public PassThroughForwarder(Uri origin, HttpClient client, ILogger logger)
    {
        _origin = origin;
        _client = client;
        _logger = logger;
    }

    public async Task<WorkerResponse> ForwardAsync(WorkerRequest request, BodyUseTracker? body, WorkerResponse failure, CancellationToken cancellationToken)
    {
        var target = new Uri(_origin, request.Url.PathAndQuery);
        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (body is { Touched: false })
        {
            outgoing.Content = new StreamContent(body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (s_hopByHop.Contains(name))
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(name, value))
            {
                outgoing.Content ??= new ByteArrayContent([]);
                outgoing.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await _client.SendAsync(outgoing, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = new List<KeyValuePair<string, string>>();
            Copy(response.Headers, headers);
            Copy(response.Content.Headers, headers);
            return new WorkerResponse((int)response.StatusCode, response.ReasonPhrase ?? "", headers, bytes);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Log.ForwardFailed(_logger, target, e.Message);
            return failure;
        }
    }

    private static void Copy(HttpHeaders from, List<KeyValuePair<string, string>> to)
    {
        foreach (var (name, values) in from)
        {
            if (s_hopByHop.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                to.Add(new(name.ToLowerInvariant(), value));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "passThroughOnException: the origin {Origin} could not be reached ({Reason}); answering with the worker's error")]
        public static partial void ForwardFailed(ILogger logger, Uri origin, string reason);
    }
}
