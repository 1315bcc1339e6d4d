using Workers.Runtime.Execution;
using Workers.Runtime.Hosting.Metrics;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Hosting.Metrics;

[TestFixture]
public sealed class WorkerMetricsTests
{
    private static readonly string[] s_families =
    [
        "workers_requests_total", "workers_request_errors_total", "workers_limit_breaches_total",
        "workers_cpu_time_seconds", "workers_request_duration_seconds", "workers_scheduled_events_total",
        "workers_isolates_live", "workers_isolates_live_by_worker", "workers_isolates_created_total",
        "workers_isolates_evicted_total",
    ];

    private static WorkerResponse Response(int status, RequestUsage? usage = null, WorkerError? error = null)
        => new(status, "", [], ReadOnlyMemory<byte>.Empty) { Error = error, Usage = usage };

    private static RequestUsage Usage(double cpuMs = 1) => new(cpuMs, 100, 4096, 0);

    [Test]
    public async Task RecordRequest_SeveralStatuses_CountsByWorkerAndStatus()
    {
        var metrics = new WorkerMetrics();
        for (var i = 0; i < 3; i++)
        {
            metrics.RecordRequest("api", Response(200, Usage()), TimeSpan.FromMilliseconds(2));
        }

        metrics.RecordRequest("api", Response(404, Usage()), TimeSpan.FromMilliseconds(2));
        metrics.RecordRequest("web", Response(200, Usage()), TimeSpan.FromMilliseconds(2));

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Types["workers_requests_total"], Is.EqualTo("counter"));
        Assert.That(text.Value("workers_requests_total", ("worker", "api"), ("status", "200")), Is.EqualTo(3));
        Assert.That(text.Value("workers_requests_total", ("worker", "api"), ("status", "404")), Is.EqualTo(1));
        Assert.That(text.Value("workers_requests_total", ("worker", "web"), ("status", "200")), Is.EqualTo(1));
        Assert.That(text.Samples.Count(s => s.Name == "workers_requests_total"), Is.EqualTo(3));
        Assert.That(text.Samples.Where(s => s.Name is "workers_request_errors_total" or "workers_limit_breaches_total"), Is.Empty, "no errors recorded");
        Assert.That(metrics.Requests, Is.EqualTo(5));
    }

    [Test]
    public async Task RecordRequest_UsageAndWallTime_AreObservedInSeconds()
    {
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(200, Usage(cpuMs: 3)), TimeSpan.FromMilliseconds(40));
        metrics.RecordRequest("api", Response(200, Usage(cpuMs: 1)), TimeSpan.FromSeconds(3));

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Types["workers_cpu_time_seconds"], Is.EqualTo("histogram"));
        Assert.That(text.Value("workers_cpu_time_seconds_count", ("worker", "api")), Is.EqualTo(2));
        Assert.That(text.Value("workers_cpu_time_seconds_sum", ("worker", "api")), Is.EqualTo(0.004).Within(1e-12));
        Assert.That(text.Value("workers_cpu_time_seconds_bucket", ("worker", "api"), ("le", "0.0005")), Is.EqualTo(0));
        Assert.That(text.Value("workers_cpu_time_seconds_bucket", ("worker", "api"), ("le", "0.002")), Is.EqualTo(1), "1 ms falls in the 2 ms bucket");
        Assert.That(text.Value("workers_cpu_time_seconds_bucket", ("worker", "api"), ("le", "0.008")), Is.EqualTo(2), "buckets are cumulative");
        Assert.That(text.Value("workers_cpu_time_seconds_bucket", ("worker", "api"), ("le", "+Inf")), Is.EqualTo(2));

        Assert.That(text.Value("workers_request_duration_seconds_count", ("worker", "api")), Is.EqualTo(2));
        Assert.That(text.Value("workers_request_duration_seconds_sum", ("worker", "api")), Is.EqualTo(3.04).Within(1e-9));
        Assert.That(text.Value("workers_request_duration_seconds_bucket", ("worker", "api"), ("le", "0.032")), Is.EqualTo(0));
        Assert.That(text.Value("workers_request_duration_seconds_bucket", ("worker", "api"), ("le", "0.128")), Is.EqualTo(1));
        Assert.That(text.Value("workers_request_duration_seconds_bucket", ("worker", "api"), ("le", "2.048")), Is.EqualTo(1));
        Assert.That(text.Value("workers_request_duration_seconds_bucket", ("worker", "api"), ("le", "8.192")), Is.EqualTo(2));
    }

    [Test]
    public async Task Histograms_Buckets_AreExponentialFromHalfAMillisecondPastThirtySeconds()
    {
        Assert.That(WorkerMetrics.SecondsBuckets.ToArray(), Is.EqualTo(new[] { 0.0005, 0.002, 0.008, 0.032, 0.128, 0.512, 2.048, 8.192, 32.768 }).Within(1e-12));
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(200, Usage()), TimeSpan.Zero);

        var text = await Exposition.ScrapeAsync(metrics);
        var les = text.Samples.Where(s => s.Name == "workers_cpu_time_seconds_bucket").Select(s => s.Labels["le"]).ToArray();
        Assert.That(les, Is.EqualTo(new[] { "0.0005", "0.002", "0.008", "0.032", "0.128", "0.512", "2.048", "8.192", "32.768", "+Inf" }));
    }

    [Test]
    public async Task RecordRequest_NoUsage_CountsTheRequestButObservesNoCpuTime()
    {
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(404), TimeSpan.FromMilliseconds(1));

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Value("workers_requests_total", ("worker", "api"), ("status", "404")), Is.EqualTo(1));
        Assert.That(text.Value("workers_request_duration_seconds_count", ("worker", "api")), Is.EqualTo(1));
        Assert.That(text.Find("workers_cpu_time_seconds_count", ("worker", "api")), Is.Empty);
    }

    [Test]
    public async Task RecordRequest_UncaughtException_CountsTheErrorKindButNoBreach()
    {
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(500, Usage(), new WorkerError(WorkerErrorKind.UncaughtException, "boom")), TimeSpan.FromMilliseconds(1));
        metrics.RecordRequest("api", Response(500, Usage(), new WorkerError(WorkerErrorKind.UncaughtException, "boom")), TimeSpan.FromMilliseconds(1));

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Value("workers_request_errors_total", ("worker", "api"), ("kind", "uncaught_exception")), Is.EqualTo(2));
        Assert.That(text.Value("workers_requests_total", ("worker", "api"), ("status", "500")), Is.EqualTo(2));
        Assert.That(text.Samples.Where(s => s.Name == "workers_limit_breaches_total"), Is.Empty);
    }

    [Test]
    public async Task RecordRequest_LimitBreach_CountsErrorAndLimit()
    {
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(503, Usage(), new WorkerError(WorkerErrorKind.LimitExceeded, "too much", LimitKind.CpuSteps)), TimeSpan.FromMilliseconds(1));
        metrics.RecordRequest("api", Response(503, Usage(), new WorkerError(WorkerErrorKind.LimitExceeded, "too deep", LimitKind.RecursionDepth)), TimeSpan.FromMilliseconds(1));

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Value("workers_request_errors_total", ("worker", "api"), ("kind", "limit_exceeded")), Is.EqualTo(2));
        Assert.That(text.Value("workers_limit_breaches_total", ("worker", "api"), ("limit", "cpu_steps")), Is.EqualTo(1));
        Assert.That(text.Value("workers_limit_breaches_total", ("worker", "api"), ("limit", "recursion_depth")), Is.EqualTo(1));
        Assert.That(text.Value("workers_requests_total", ("worker", "api"), ("status", "503")), Is.EqualTo(2));
    }

    [Test]
    public async Task RecordRequest_CancelledAndTimedOut_CountedByStatusAndKindWithoutBreach()
    {
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(499, Usage(), new WorkerError(WorkerErrorKind.ClientDisconnected, "gone")), TimeSpan.FromSeconds(3));
        metrics.RecordRequest("api", Response(499, Usage(), new WorkerError(WorkerErrorKind.ClientDisconnected, "gone")), TimeSpan.FromSeconds(4));
        metrics.RecordRequest("api", Response(524, Usage(), new WorkerError(WorkerErrorKind.ResponseTimeout, "late")), TimeSpan.FromSeconds(100));

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Value("workers_requests_total", ("worker", "api"), ("status", "499")), Is.EqualTo(2));
        Assert.That(text.Value("workers_requests_total", ("worker", "api"), ("status", "524")), Is.EqualTo(1));
        Assert.That(text.Value("workers_request_errors_total", ("worker", "api"), ("kind", "client_disconnected")), Is.EqualTo(2));
        Assert.That(text.Value("workers_request_errors_total", ("worker", "api"), ("kind", "response_timeout")), Is.EqualTo(1));
        Assert.That(text.Samples.Where(s => s.Name == "workers_limit_breaches_total"), Is.Empty);
        Assert.That(text.Value("workers_request_duration_seconds_count", ("worker", "api")), Is.EqualTo(3), "their wall time is observed like any request's");
    }

    [TestCase(WorkerErrorKind.UncaughtException, "uncaught_exception")]
    [TestCase(WorkerErrorKind.LimitExceeded, "limit_exceeded")]
    [TestCase(WorkerErrorKind.NotAResponse, "not_a_response")]
    [TestCase(WorkerErrorKind.NeverResponds, "never_responds")]
    [TestCase(WorkerErrorKind.NoHandler, "no_handler")]
    [TestCase(WorkerErrorKind.Internal, "internal")]
    [TestCase(WorkerErrorKind.ClientDisconnected, "client_disconnected")]
    [TestCase(WorkerErrorKind.ResponseTimeout, "response_timeout")]
    public async Task RecordRequest_ErrorKind_IsLabelledInSnakeCase(WorkerErrorKind kind, string label)
    {
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(500, Usage(), new WorkerError(kind, "x")), TimeSpan.Zero);

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Value("workers_request_errors_total", ("worker", "api"), ("kind", label)), Is.EqualTo(1));
    }

    [TestCase(LimitKind.CpuTime, "cpu_time")]
    [TestCase(LimitKind.CpuSteps, "cpu_steps")]
    [TestCase(LimitKind.Memory, "memory")]
    [TestCase(LimitKind.RecursionDepth, "recursion_depth")]
    [TestCase(LimitKind.RegexTime, "regex_time")]
    public async Task RecordRequest_LimitKind_IsLabelledInSnakeCase(LimitKind limit, string label)
    {
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(503, Usage(), new WorkerError(WorkerErrorKind.LimitExceeded, "x", limit)), TimeSpan.Zero);

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Value("workers_limit_breaches_total", ("worker", "api"), ("limit", label)), Is.EqualTo(1));
    }

    [Test]
    public async Task RecordScheduled_CountsByWorkerAndOutcome()
    {
        var metrics = new WorkerMetrics();
        metrics.RecordScheduled("cron", "ok");
        metrics.RecordScheduled("cron", "ok");
        metrics.RecordScheduled("cron", "exception");

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Types["workers_scheduled_events_total"], Is.EqualTo("counter"));
        Assert.That(text.Value("workers_scheduled_events_total", ("worker", "cron"), ("outcome", "ok")), Is.EqualTo(2));
        Assert.That(text.Value("workers_scheduled_events_total", ("worker", "cron"), ("outcome", "exception")), Is.EqualTo(1));
        Assert.That(text.WithLabel("worker", "cron").Select(s => s.Name).Distinct(), Is.EqualTo(new[] { "workers_scheduled_events_total" }), "a cron-only worker exposes no request histograms");
    }

    [Test]
    public async Task IsolateEvents_CountCreatedEvictedAndLive()
    {
        var metrics = new WorkerMetrics();
        metrics.IsolateCreated("a");
        metrics.IsolateCreated("a");
        metrics.IsolateCreated("a");
        metrics.IsolateCreated("b");
        metrics.IsolateEvicted("a", EvictionReason.IdleTimeout);

        Assert.That(metrics.IsolatesLive, Is.EqualTo(3));
        Assert.That(metrics.IsolatesCreated, Is.EqualTo(4));
        Assert.That(metrics.IsolatesEvicted(EvictionReason.IdleTimeout), Is.EqualTo(1));
        Assert.That(metrics.IsolatesEvicted(EvictionReason.Memory), Is.Zero);
        Assert.That(metrics.IsolatesLiveFor("a"), Is.EqualTo(2));
        Assert.That(metrics.IsolatesLiveFor("b"), Is.EqualTo(1));
        Assert.That(metrics.IsolatesLiveFor("nobody"), Is.Zero);

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Types["workers_isolates_live"], Is.EqualTo("gauge"));
        Assert.That(text.Value("workers_isolates_live"), Is.EqualTo(3));
        Assert.That(text.Value("workers_isolates_live_by_worker", ("worker", "a")), Is.EqualTo(2));
        Assert.That(text.Value("workers_isolates_live_by_worker", ("worker", "b")), Is.EqualTo(1));
        Assert.That(text.Value("workers_isolates_created_total", ("worker", "a")), Is.EqualTo(3));
        Assert.That(text.Value("workers_isolates_created_total", ("worker", "b")), Is.EqualTo(1));
        Assert.That(text.Value("workers_isolates_evicted_total", ("worker", "a"), ("reason", "idle_timeout")), Is.EqualTo(1));
        Assert.That(text.Find("workers_isolates_evicted_total", ("worker", "b"), ("reason", "idle_timeout")), Is.Empty);
    }

    [Test]
    public async Task IsolateEvicted_EveryReason_IsItsOwnSeries()
    {
        var metrics = new WorkerMetrics();
        var reasons = Enum.GetValues<EvictionReason>();
        foreach (var reason in reasons)
        {
            metrics.IsolateCreated("a");
            metrics.IsolateEvicted("a", reason);
        }

        var text = await Exposition.ScrapeAsync(metrics);
        string[] labels = ["idle_timeout", "isolate_cap", "memory", "retired", "reload"];
        Assert.That(reasons, Has.Length.EqualTo(labels.Length));
        for (var i = 0; i < reasons.Length; i++)
        {
            Assert.That(text.Value("workers_isolates_evicted_total", ("worker", "a"), ("reason", labels[i])), Is.EqualTo(1), labels[i]);
            Assert.That(metrics.IsolatesEvicted(reasons[i]), Is.EqualTo(1), labels[i]);
        }

        Assert.That(text.Value("workers_isolates_live"), Is.Zero);
        Assert.That(text.Value("workers_isolates_live_by_worker", ("worker", "a")), Is.Zero);
    }

    [Test]
    public async Task IsolateEvicted_MoreThanCreated_LiveStaysAtZero()
    {
        var metrics = new WorkerMetrics();
        metrics.IsolateCreated("a");
        metrics.IsolateEvicted("a", EvictionReason.Retired);
        metrics.IsolateEvicted("a", EvictionReason.Retired);

        Assert.That(metrics.IsolatesLive, Is.Zero);
        Assert.That(metrics.IsolatesLiveFor("a"), Is.Zero);
        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Value("workers_isolates_live"), Is.Zero);
        Assert.That(text.Value("workers_isolates_evicted_total", ("worker", "a"), ("reason", "retired")), Is.EqualTo(2));
    }

    [Test]
    public async Task TwoInstances_DoNotShareValues()
    {
        var first = new WorkerMetrics();
        var second = new WorkerMetrics();
        first.RecordRequest("api", Response(200, Usage()), TimeSpan.Zero);
        first.RecordRequest("api", Response(200, Usage()), TimeSpan.Zero);
        first.IsolateCreated("api");
        second.RecordRequest("api", Response(200, Usage()), TimeSpan.Zero);

        var one = await Exposition.ScrapeAsync(first);
        var two = await Exposition.ScrapeAsync(second);
        Assert.That(one.Value("workers_requests_total", ("worker", "api"), ("status", "200")), Is.EqualTo(2));
        Assert.That(two.Value("workers_requests_total", ("worker", "api"), ("status", "200")), Is.EqualTo(1));
        Assert.That(one.Value("workers_isolates_live"), Is.EqualTo(1));
        Assert.That(two.Value("workers_isolates_live"), Is.Zero);
        Assert.That(second.IsolatesCreated, Is.Zero);
    }

    [Test]
    public async Task WriteAsync_FreshInstance_ExposesOnlyItsOwnFamiliesAndNoDefaultMetrics()
    {
        // Recording into the static default registry must not leak into an instance either.
        Prometheus.Metrics.CreateCounter("workers_test_default_registry_total", "A counter in the default registry.").Inc();
        var metrics = new WorkerMetrics();

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Types.Keys, Is.SubsetOf(s_families));
        Assert.That(text.Samples.Select(s => s.Name).Distinct(), Is.EqualTo(new[] { "workers_isolates_live" }), "only the unlabelled gauge exists before any event");
        Assert.That(text.Value("workers_isolates_live"), Is.Zero);
        Assert.That(text.Samples.Where(s => s.Name.StartsWith("process_", StringComparison.Ordinal) || s.Name.StartsWith("dotnet_", StringComparison.Ordinal) || s.Name.StartsWith("prometheus_net_", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task WriteAsync_AfterEveryKindOfEvent_DeclaresEachFamilyWithHelpAndType()
    {
        var metrics = new WorkerMetrics();
        metrics.RecordRequest("api", Response(503, Usage(), new WorkerError(WorkerErrorKind.LimitExceeded, "x", LimitKind.Memory)), TimeSpan.Zero);
        metrics.RecordScheduled("api", "ok");
        metrics.IsolateCreated("api");
        metrics.IsolateEvicted("api", EvictionReason.Memory);

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Types.Keys, Is.EquivalentTo(s_families));
        Assert.That(text.Help.Keys, Is.EquivalentTo(s_families));
        Assert.That(text.Help.Values, Has.None.Empty);
    }

    [Test]
    public async Task WorkerName_WithQuotesBackslashAndNewline_IsEscapedInTheExposition()
    {
        var metrics = new WorkerMetrics();
        const string Odd = "a\"b\\c\nd é";
        metrics.RecordRequest(Odd, Response(200, Usage()), TimeSpan.Zero);

        var text = await Exposition.ScrapeAsync(metrics);
        Assert.That(text.Value("workers_requests_total", ("worker", Odd), ("status", "200")), Is.EqualTo(1));
    }

    [Test]
    public async Task Prune_RemovesOnlyThatWorkersSeries()
    {
        var metrics = new WorkerMetrics();
        foreach (var worker in new[] { "gone", "kept" })
        {
            metrics.RecordRequest(worker, Response(503, Usage(), new WorkerError(WorkerErrorKind.LimitExceeded, "x", LimitKind.CpuTime)), TimeSpan.Zero);
            metrics.RecordScheduled(worker, "ok");
            metrics.IsolateCreated(worker);
            metrics.IsolateCreated(worker);
            metrics.IsolateEvicted(worker, EvictionReason.Reload);
        }

        var before = await Exposition.ScrapeAsync(metrics);
        Assert.That(before.WithLabel("worker", "gone"), Is.Not.Empty);

        metrics.Prune("gone");

        var after = await Exposition.ScrapeAsync(metrics);
        Assert.That(after.WithLabel("worker", "gone"), Is.Empty);
        Assert.That(after.WithLabel("worker", "kept").Count(), Is.EqualTo(before.WithLabel("worker", "kept").Count()));
        Assert.That(after.Value("workers_isolates_live"), Is.EqualTo(2), "the process total still counts the pruned worker's live isolate");
        Assert.That(metrics.IsolatesLiveFor("gone"), Is.Zero);

        // What finishes late for the removed worker (a request in flight, an isolate draining)
        // counts in the process totals only: its series stay gone.
        metrics.RecordRequest("gone", Response(200, Usage()), TimeSpan.Zero);
        metrics.RecordScheduled("gone", "ok");
        metrics.IsolateEvicted("gone", EvictionReason.Retired);
        var late = await Exposition.ScrapeAsync(metrics);
        Assert.That(late.WithLabel("worker", "gone"), Is.Empty);
        Assert.That(late.Value("workers_isolates_live"), Is.EqualTo(1));
        Assert.That(metrics.Requests, Is.EqualTo(3));

        // A worker by that name back in service counts from zero.
        metrics.Revive("gone");
        metrics.RecordRequest("gone", Response(200, Usage()), TimeSpan.Zero);
        var again = await Exposition.ScrapeAsync(metrics);
        Assert.That(again.Value("workers_requests_total", ("worker", "gone"), ("status", "200")), Is.EqualTo(1), "counting starts over after a revival");
        Assert.That(again.Find("workers_requests_total", ("worker", "gone"), ("status", "503")), Is.Empty);
    }

    [Test]
    public async Task RecordRequest_FromManyThreads_CountsEveryRequest()
    {
        var metrics = new WorkerMetrics();
        const int PerWorker = 500;
        var workers = Enumerable.Range(0, 20).Select(i => $"w{i}").ToArray();
        await Task.WhenAll(workers.SelectMany(w => Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerWorker; i++)
            {
                metrics.RecordRequest(w, Response(i % 2 == 0 ? 200 : 500, Usage()), TimeSpan.Zero);
            }
        }))));

        var text = await Exposition.ScrapeAsync(metrics);
        foreach (var worker in workers)
        {
            Assert.That(text.Value("workers_requests_total", ("worker", worker), ("status", "200")), Is.EqualTo(2 * PerWorker));
            Assert.That(text.Value("workers_requests_total", ("worker", worker), ("status", "500")), Is.EqualTo(2 * PerWorker));
        }

        Assert.That(metrics.Requests, Is.EqualTo(workers.Length * 4 * PerWorker));
    }

    [Test]
    public void ContentType_IsPrometheusText004()
    {
        Assert.That(WorkerMetrics.ContentType, Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
    }

    [Test]
    public void Record_EmptyWorkerOrLabel_Throws()
    {
        var metrics = new WorkerMetrics();
        Assert.Throws<ArgumentException>(() => metrics.RecordRequest("", Response(200), TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => metrics.IsolateCreated(""));
        Assert.Throws<ArgumentException>(() => metrics.RecordScheduled("a", ""));
        Assert.Throws<ArgumentNullException>(() => metrics.RecordRequest("a", null!, TimeSpan.Zero));
    }
}
