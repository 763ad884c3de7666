using System.Runtime.InteropServices;

namespace HealthLedger.Engine.Net;

/// <summary>The processor time the calling thread has used (Linux: <c>CLOCK_THREAD_CPUTIME_ID</c>); null elsewhere or when
/// the call fails. A host measures its own threads with it; the node core never reads a clock.</summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan? OfCurrentThread()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return clock_gettime(ClockThreadCpuTimeId, out var ts) == 0 ? TimeSpan.FromTicks(ts.Seconds * TimeSpan.TicksPerSecond + ts.Nanoseconds / 100) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clockId, out Timespec ts);
}
