using System.Text;

namespace Workers.Runtime.Execution;

/// <summary>
/// The responses the runtime sends when the script does not answer itself, with the status
/// codes and error numbers Workers users know (https://developers.cloudflare.com/support/troubleshooting/cloudflare-errors/troubleshooting-cloudflare-1xxx-errors/).
/// </summary>
internal static class ErrorResponses
{
    public static WorkerResponse Create(WorkerError error)
    {
        var (status, title) = error.Kind switch
        {
            WorkerErrorKind.UncaughtException => (500, "Error 1101: Worker threw exception"),
            WorkerErrorKind.LimitExceeded => (503, "Error 1102: Worker exceeded resource limits"),
            WorkerErrorKind.NotAResponse => (500, "Error 1101: Worker threw exception"),
            WorkerErrorKind.NeverResponds => (500, "Error 1101: Worker threw exception"),
            WorkerErrorKind.NoHandler => (500, "Error 1101: Worker threw exception"),
            _ => (500, "Error: internal error in the workers runtime"),
        };
        var body = Encoding.UTF8.GetBytes($"{title}\n\n{error.Message}\n");
        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", "text/plain; charset=utf-8"),
        };
        return new WorkerResponse(status, status == 503 ? "Service Unavailable" : "Internal Server Error", headers, body) { Error = error };
    }
}
