using System.Runtime.InteropServices;

namespace Workers.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for <c>workers serve</c>: the first asks for a graceful stop
/// (<see cref="Stopping"/>: stop accepting, let requests in flight finish); a second one, of either
/// kind, while that is under way calls the <c>forceExit</c> callback, which ends the process at once.
/// </summary>
/// <remarks>
/// Registered with <see cref="PosixSignalRegistration"/>, which also maps Ctrl+C and console close on
/// Windows. The runtime runs each SIGINT/SIGTERM handler on a thread of its own, so a second signal is
/// seen even while the drain that the first started is busy. A signal the process inherited as
/// ignored (<c>nohup</c>, a background job of a non-interactive shell) is never delivered.
/// <para>
/// A repeat within <see cref="RepeatWindow"/> of the first signal counts as the same one: a single stop
/// often arrives twice, once to the process and once to its process group (GNU <c>timeout</c> does
/// this, and so does a Ctrl+C that reaches both a wrapper such as <c>dotnet run</c> and this process),
/// and would otherwise cut short the drain nobody asked to skip.
/// </para>
/// </remarks>
internal sealed class ShutdownSignals : IDisposable
{
    /// <summary>How soon after the first signal a second one is taken for a duplicate of it.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long? _firstAt;
    private readonly Action<PosixSignal> _forceExit;
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <param name="forceExit">Called with the second signal, on the runtime's signal thread; expected not to return.</param>
    /// <param name="time">The clock that tells a repeat from a second signal; null for the system's.</param>
    public ShutdownSignals(Action<PosixSignal> forceExit, TimeProvider? time = null)
        : this(forceExit, time ?? TimeProvider.System, register: true)
    {
    }

    /// <summary>For tests: <paramref name="register"/> false listens to no signal, and only <see cref="Receive"/> delivers them.</summary>
    internal ShutdownSignals(Action<PosixSignal> forceExit, TimeProvider time, bool register)
    {
        _forceExit = forceExit;
        _time = time;
        if (!register)
        {
            return;
        }

        foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM])
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // Not on this platform (browser, mobile): the process ends the default way.
            }
        }
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The first signal received, once one has been.</summary>
    public PosixSignal? First { get; private set; }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: without this the runtime would end the process the default way.
        context.Cancel = true;
        Receive(context.Signal);
    }

    /// <summary>What a signal does: the first stops gracefully, a later one (past the repeat window) forces the exit.</summary>
    internal void Receive(PosixSignal signal)
    {
        bool force;
        lock (_gate)
        {
            if (_firstAt is not { } firstAt)
            {
                _firstAt = _time.GetTimestamp();
                First = signal;
                force = false;
            }
            else if (_time.GetElapsedTime(firstAt) < RepeatWindow)
            {
                return;
            }
            else
            {
                force = true;
            }
        }

        if (force)
        {
            _forceExit(signal);
        }
        else
        {
            _stopping.Cancel();
        }
    }
}
