using System.Runtime.InteropServices;

namespace HealthLedger.Engine.Net;

/// <summary>
/// Lowers the scheduling priority of the calling thread (Linux: its nice value, which the kernel keeps per thread).
/// A node runs its bulk signature checks on such threads so that, when the machine's cores are all busy, the kernel
/// runs the node loop (consensus) first: raising a thread above the default needs privileges, lowering one never does.
/// </summary>
internal static partial class ThreadPriority
{
    private const int PrioProcess = 0; // with a thread id, Linux applies it to that thread alone

    /// <summary>Sets the calling thread's nice value to <paramref name="nice"/> (0-19; higher runs later). Returns
    /// null when it was set, or why not (another system, or the call failed).</summary>
    public static string? TryLowerCurrentThread(int nice)
    {
        if (!OperatingSystem.IsLinux()) return "thread priorities are only lowered on Linux";
        try
        {
            return setpriority(PrioProcess, (uint)gettid(), Math.Clamp(nice, 0, 19)) == 0 ? null : $"setpriority failed (errno {Marshal.GetLastPInvokeError()})";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return e.Message;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, uint who, int prio);

    [LibraryImport("libc")]
    private static partial int gettid();
}
