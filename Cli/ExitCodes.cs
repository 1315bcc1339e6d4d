namespace Workers.Cli;

/// <summary>The exit codes of <c>workers</c>, documented in README.md.</summary>
internal static class ExitCodes
{
    /// <summary>A run that ended normally: <c>serve</c> stopped by a signal after draining, or help shown.</summary>
    public const int Ok = 0;

    /// <summary>The workers could not start (an invalid configuration, a script that does not parse, a port in use), or an unexpected error.</summary>
    public const int Failed = 1;

    /// <summary>A usage error: a malformed value, an unknown option or command, a missing file. Always one line on stderr.</summary>
    public const int Usage = 2;

    /// <summary>A second Ctrl+C (SIGINT) cut the drain short: 128 + 2, as a shell reports a process ended by SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>A second SIGTERM cut the drain short: 128 + 15.</summary>
    public const int Terminated = 143;
}
