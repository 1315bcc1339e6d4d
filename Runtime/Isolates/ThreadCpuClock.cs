using System.Runtime.InteropServices;

namespace Workers.Runtime.Isolates;

/// <summary>
/// The CPU time the calling thread has used, from the operating system's per-thread clock
/// (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c> on Linux and macOS). Unlike elapsed time, it
/// does not advance while the thread waits for a core, so a busy machine does not inflate it.
/// </summary>
/// <remarks>
/// A read is a system call (~0.6 µs on the project's VM against ~30 ns for
/// <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), so the budget reads it only in turns
/// that have already run for a while. Where the clock is missing (Windows, or a libc without it)
/// <see cref="IsSupported"/> is false and callers keep to elapsed time.
/// </remarks>
internal static partial class ThreadCpuClock
{
    private const int LinuxThreadCpuClock = 3;
    private const int MacThreadCpuClock = 16;

    private static readonly int s_clockId = OperatingSystem.IsLinux() ? LinuxThreadCpuClock : MacThreadCpuClock;

    /// <summary>Whether the per-thread clock works here (checked once, with a first read).</summary>
    public static bool IsSupported { get; } = Probe();

    /// <summary>The calling thread's CPU time, in nanoseconds from an arbitrary origin.</summary>
    public static long NowNanoseconds()
    {
        _ = ClockGetTime(s_clockId, out var time);
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    private static bool Probe()
    {
        // TimeSpec below is the 64-bit layout (time_t and long both 8 bytes).
        if ((!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) || !Environment.Is64BitProcess)
        {
            return false;
        }

        try
        {
            return ClockGetTime(s_clockId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);
}
