using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;
using Workers.Runtime.WebApi.Handlers;

namespace Workers.Benchmarks;

/// <summary>
/// Creates isolates the way the host does (<c>WorkerHost.CreateIsolateAsync</c>): a new
/// <see cref="Isolate"/> on the shared loop scheduler, then its start-up turn, which installs
/// the globals and evaluates the already parsed script.
/// </summary>
internal static class BenchIsolates
{
    public static async Task<Isolate> StartAsync(WorkerScript script)
    {
        var isolate = new Isolate(new IsolateOptions { WorkerName = "bench" });
        await isolate.StartAsync(i => WorkerGlobalScope.Setup(i, script, WorkerBindings.None)).ConfigureAwait(false);
        return isolate;
    }

    /// <summary>Dispatches a GET and checks the answer; for set-up, never inside a measured region.</summary>
    public static async Task ExpectAsync(Isolate isolate, WorkerRequest request, Func<string, bool> bodyIsRight, string what)
    {
        var response = await isolate.DispatchFetchAsync(request).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (response.Status != 200 || response.Error is not null || !bodyIsRight(response.BodyText))
        {
            throw new InvalidOperationException($"{what}: unexpected response {response.Status} {response.BodyText}");
        }
    }
}
