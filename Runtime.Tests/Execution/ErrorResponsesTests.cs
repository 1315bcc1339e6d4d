using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Execution;

[TestFixture]
public sealed class ErrorResponsesTests
{
    [TestCase(WorkerErrorKind.UncaughtException, 500, "Error 1101")]
    [TestCase(WorkerErrorKind.LimitExceeded, 503, "Error 1102")]
    [TestCase(WorkerErrorKind.NotAResponse, 500, "Error 1101")]
    [TestCase(WorkerErrorKind.NeverResponds, 500, "Error 1101")]
    [TestCase(WorkerErrorKind.NoHandler, 500, "Error 1101")]
    [TestCase(WorkerErrorKind.Internal, 500, "Error: internal error")]
    [TestCase(WorkerErrorKind.ClientDisconnected, 499, "The client disconnected")]
    [TestCase(WorkerErrorKind.ResponseTimeout, 524, "Error 524: A timeout occurred")]
    public void Create_Kind_StatusAndTitle(WorkerErrorKind kind, int status, string title)
    {
        var error = new WorkerError(kind, "the message", kind == WorkerErrorKind.LimitExceeded ? LimitKind.CpuTime : null);

        var response = ErrorResponses.Create(error);

        Assert.That(response.Status, Is.EqualTo(status));
        Assert.That(response.BodyText, Does.StartWith(title).And.EndWith("\n\nthe message\n"));
        Assert.That(response.Header("content-type"), Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(response.Error, Is.SameAs(error));
    }

    [TestCase(WorkerErrorKind.UncaughtException, "Internal Server Error")]
    [TestCase(WorkerErrorKind.LimitExceeded, "Service Unavailable")]
    [TestCase(WorkerErrorKind.ClientDisconnected, "Client Closed Request")]
    [TestCase(WorkerErrorKind.ResponseTimeout, "A Timeout Occurred")]
    public void Create_Kind_StatusText(WorkerErrorKind kind, string statusText)
    {
        var response = ErrorResponses.Create(new WorkerError(kind, "the message"));

        Assert.That(response.StatusText, Is.EqualTo(statusText));
    }
}
