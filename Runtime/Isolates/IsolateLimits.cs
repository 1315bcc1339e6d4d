namespace Workers.Runtime.Isolates;

/// <summary>
/// The limits every request of a worker runs under. Defaults follow Cloudflare Workers' paid plan
/// (https://developers.cloudflare.com/workers/platform/limits/). Validated on assignment; an
/// <see cref="IsolateLimits"/> is copied when a worker is loaded, so later changes do not affect it.
/// </summary>
public sealed class IsolateLimits
{
    private int _cpuTimeMs = 30_000;
    private int _startupCpuTimeMs = 1_000;
    private long? _cpuSteps;
    private long _memoryBytes = 128L * 1024 * 1024;
    private int? _maxRecursionDepth;
    private TimeSpan _regexTimeout = TimeSpan.FromSeconds(2);
    private TimeSpan _waitUntilTimeout = TimeSpan.FromSeconds(30);
    private TimeSpan? _responseTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The longest delay a timer takes (about 49.7 days): a longer limit could not be armed.</summary>
    private static readonly TimeSpan s_longestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1L);

    /// <summary>
    /// Milliseconds of JavaScript execution one request may use, summed over every turn the
    /// request's code runs in (the handler, its promise continuations and timers), but not the
    /// time it spends waiting. Defaults to 30,000, the Workers default.
    /// </summary>
    public int CpuTimeMs
    {
        get => _cpuTimeMs;
        set => _cpuTimeMs = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "CPU time must be positive.");
    }

    /// <summary>
    /// Milliseconds of JavaScript execution an isolate's start-up may use: evaluating the script's
    /// top level (module-level code, top-level <c>await</c>), not installing the runtime's globals.
    /// Defaults to 1,000, the Workers start-up limit
    /// (https://developers.cloudflare.com/workers/platform/limits/#worker-startup-time). The
    /// request limits on CPU time and CPU steps do not apply to start-up; the memory limit does.
    /// </summary>
    public int StartupCpuTimeMs
    {
        get => _startupCpuTimeMs;
        set => _startupCpuTimeMs = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Start-up CPU time must be positive.");
    }

    /// <summary>
    /// Statements one request may execute, or null for no limit. Unlike CPU time this count is the
    /// same on every machine and every run, which makes it the limit to use in CI. Defaults to null.
    /// </summary>
    public long? CpuSteps
    {
        get => _cpuSteps;
        set => _cpuSteps = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "CPU steps must be positive.");
    }

    /// <summary>
    /// Bytes one uninterrupted turn of JavaScript may keep (a turn runs from entering the script
    /// until control returns to the event loop, including the promise jobs it drains): the growth
    /// of the managed heap since the turn began, garbage excluded, checked each time the turn has
    /// allocated this much again. Defaults to 128 MiB, the Workers isolate memory limit. Memory
    /// that is allocated and dropped, in one turn or over many (a long loop, a long stream), is
    /// not limited by it.
    /// </summary>
    public long MemoryBytes
    {
        get => _memoryBytes;
        set => _memoryBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Memory limit must be positive.");
    }

    /// <summary>
    /// A hard cap on the nesting of JavaScript calls, or null (the default) for none. Without it,
    /// recursion is bounded by the loop thread's stack as in V8: past what the stack holds (a plain
    /// recursive function goes about 15,000 calls deep; V8 about 11,000), the script gets a catchable
    /// <c>RangeError: Maximum call stack size exceeded</c>. With it, going deeper than the cap ends
    /// the request with error 1102, which no script can catch: for embedders that want a smaller,
    /// fixed bound.
    /// </summary>
    public int? MaxRecursionDepth
    {
        get => _maxRecursionDepth;
        set => _maxRecursionDepth = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Recursion depth must be positive.");
    }

    /// <summary>
    /// Longest time one regular-expression match may run. A match runs inside .NET's regex engine,
    /// where the CPU-time limit cannot interrupt it, so catastrophic backtracking is bounded here.
    /// Defaults to 2 seconds.
    /// </summary>
    public TimeSpan RegexTimeout
    {
        get => _regexTimeout;
        set => _regexTimeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Regex timeout must be positive.");
    }

    /// <summary>
    /// How long <c>waitUntil</c> work may keep a request alive after its response was decided, or
    /// after the request was cancelled (its client disconnected, or it passed
    /// <see cref="ResponseTimeout"/>); then the work is cancelled. Defaults to 30 seconds, as in
    /// Workers (https://developers.cloudflare.com/workers/runtime-apis/context/#waituntil). At most
    /// about 49.7 days, the longest timer.
    /// </summary>
    public TimeSpan WaitUntilTimeout
    {
        get => _waitUntilTimeout;
        set => _waitUntilTimeout = value > TimeSpan.Zero && value <= s_longestTimer
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "waitUntil timeout must be positive and at most 49 days.");
    }

    /// <summary>
    /// How long a fetch event may take to decide its response, counted from when the event is
    /// handed to the isolate, or null for no limit. Defaults to 100 seconds: production Workers
    /// have no wall-clock limit while the client stays connected, but Cloudflare's edge answers
    /// <c>524</c> ("A timeout occurred") when an origin sends no response headers within 100
    /// seconds, and that is what a handler slower than that gets in production. A request past the
    /// limit gets that <c>524</c> page, its timers and host operations are cancelled (its
    /// <c>waitUntil</c> work may still run for <see cref="WaitUntilTimeout"/>), and the isolate
    /// serves on: waiting is not a fault. Time spent running JavaScript counts too, but a turn that
    /// is running is not interrupted (the CPU limits bound it). Measured on the isolate's
    /// <see cref="TimeProvider"/>. At most about 49.7 days, the longest timer.
    /// </summary>
    public TimeSpan? ResponseTimeout
    {
        get => _responseTimeout;
        set => _responseTimeout = value is null || (value > TimeSpan.Zero && value <= s_longestTimer)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Response timeout must be positive and at most 49 days.");
    }

    /// <summary>A copy, so that a loaded worker is not affected by later changes.</summary>
    public IsolateLimits Clone() => (IsolateLimits)MemberwiseClone();

    /// <summary>The limits an isolate's start-up runs under: <see cref="StartupCpuTimeMs"/> as its CPU time, no step limit.</summary>
    internal IsolateLimits ForStartup()
    {
        var startup = Clone();
        startup._cpuTimeMs = _startupCpuTimeMs;
        startup._cpuSteps = null;
        return startup;
    }

    /// <summary>Whether every limit has the same value as in <paramref name="other"/>.</summary>
    internal bool SameAs(IsolateLimits other)
        => _cpuTimeMs == other._cpuTimeMs
            && _startupCpuTimeMs == other._startupCpuTimeMs
            && _cpuSteps == other._cpuSteps
            && _memoryBytes == other._memoryBytes
            && _maxRecursionDepth == other._maxRecursionDepth
            && _regexTimeout == other._regexTimeout
            && _waitUntilTimeout == other._waitUntilTimeout
            && _responseTimeout == other._responseTimeout;
}
