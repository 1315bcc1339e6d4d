using System.Runtime.InteropServices;

namespace Workers.Runtime.Hosting.Http;

/// <summary>
/// The process's limit on open file descriptors (<c>RLIMIT_NOFILE</c>, which sockets count
/// against), through libc's <c>getrlimit</c>/<c>setrlimit</c> on Linux and macOS.
/// </summary>
/// <remarks>
/// Many systems start processes with a soft limit of 1,024 and a much higher hard limit; raising
/// the soft limit to the hard one needs no privilege (https://man7.org/linux/man-pages/man2/getrlimit.2.html).
/// </remarks>
internal static partial class FileDescriptorLimit
{
    private const int LinuxNoFile = 7;
    private const int MacNoFile = 8;

    private static readonly Lazy<long?> s_raised = new(RaiseSoftLimit);

    /// <summary>
    /// The soft limit after raising it to the hard limit (done once per process), or null where
    /// it cannot be read (Windows, 32-bit, or libc without the calls).
    /// </summary>
    public static long? Raised => s_raised.Value;

    /// <summary>Descriptors the process has open now (Linux: entries of /proc/self/fd), or null where unknown.</summary>
    public static int? OpenNow
    {
        get
        {
            try
            {
                return OperatingSystem.IsLinux() ? Directory.GetFileSystemEntries("/proc/self/fd").Length : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    private static long? RaiseSoftLimit()
    {
        // RLimit below is the 64-bit layout (rlim_t is 8 bytes).
        if ((!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) || !Environment.Is64BitProcess)
        {
            return null;
        }

        var resource = OperatingSystem.IsLinux() ? LinuxNoFile : MacNoFile;
        try
        {
            if (GetRLimit(resource, out var limit) != 0)
            {
                return null;
            }

            if (limit.Current < limit.Maximum)
            {
                // macOS refuses a soft limit above OPEN_MAX even when the hard limit is "unlimited".
                var wanted = limit with { Current = OperatingSystem.IsMacOS() ? Math.Min(limit.Maximum, 10240UL) : limit.Maximum };
                if (SetRLimit(resource, in wanted) == 0)
                {
                    limit = wanted;
                }
            }

            return limit.Current > long.MaxValue ? long.MaxValue : (long)limit.Current;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct RLimit(ulong Current, ulong Maximum);

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, in RLimit limit);
}
