using System.Text;

namespace Workers.Runtime.Execution;

/// <summary>
/// The responses the runtime sends when the script does not answer itself, with the status
/// codes and error numbers Workers users know (https://developers.cloudflare.com/support/troubleshooting/cloudflare-errors/troubleshooting-cloudflare-1xxx-errors/,
/// and https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-524/ for 524).
/// </summary>
internal static class ErrorResponses
{
    public static WorkerResponse Create(WorkerError error)
    {
        var (status, statusText, title) = error.Kind switch
        {
            WorkerErrorKind.UncaughtException => (500, "Internal Server Error", "Error 1101: Worker threw exception"),
            WorkerErrorKind.LimitExceeded => (503, "Service Unavailable", "Error 1102: Worker exceeded resource limits"),
            WorkerErrorKind.NotAResponse => (500, "Internal Server Error", "Error 1101: Worker threw exception"),
            WorkerErrorKind.NeverResponds => (500, "Internal Server Error", "Error 1101: Worker threw exception"),
            WorkerErrorKind.NoHandler => (500, "Internal Server Error", "Error 1101: Worker threw exception"),
            // nginx's 499: recorded in the log and the metrics, never sent (the client is gone).
            WorkerErrorKind.ClientDisconnected => (499, "Client Closed Request", "The client disconnected"),
            WorkerErrorKind.ResponseTimeout => (524, "A Timeout Occurred", "Error 524: A timeout occurred"),
            _ => (500, "Internal Server Error", "Error: internal error in the workers runtime"),
        };
        var body = Encoding.UTF8.GetBytes($"{title}\n\n{error.Message}\n");
        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", "text/plain; charset=utf-8"),
        };
        return new WorkerResponse(status, statusText, headers, body) { Error = error };
    }
}
