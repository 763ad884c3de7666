using System.Globalization;
using System.Runtime.InteropServices;

namespace HealthLedger.Bench;

/// <summary>
/// Backs the front of the garbage collector's heap with transparent huge pages on Linux.
/// </summary>
/// <remarks>
/// <para>The collector reserves one range of address space for its regions (256 GiB by default) and commits it in
/// small steps as the heap grows. Each step is a separate mapping, so on a machine whose transparent huge pages are
/// in the common <c>madvise</c> mode the kernel backs the heap with 4-KiB pages, and every new page costs a fault. On
/// this VM a fault costs 10-13 µs, and a saturated real-crypto simulation took 160,000-185,000 of them.</para>
/// <para>This makes the first gigabytes of that range one readable, writable mapping advised for huge pages, so the
/// collector's later commits change nothing and a first touch maps 2 MiB at once. The collector still decides what
/// it uses; memory it has not touched stays unbacked. Memory it decommits is mapped afresh by the runtime and falls
/// back to small pages. Best effort: when anything does not look as expected it changes nothing and says why in
/// <see cref="Status"/>, which host.json records. The process's behaviour and every report but host.json are the
/// same either way.</para>
/// </remarks>
internal static partial class GcHugePages
{
    /// <summary>Environment variable: how many GiB at the front of the collector's range to advise; 0 turns it off.</summary>
    public const string Variable = "HEALTHLEDGER_GC_HUGE_PAGES";

    /// <summary>Default GiB advised: well above the largest heap any shipped scenario or cluster node reaches
    /// (under 1.2 GiB); the rest of the range is left as the collector made it.</summary>
    public const ulong DefaultGiB = 4;

    private const ulong HugePage = 2UL << 20;
    private const int MadvHugePage = 14, MadvDoDump = 17, ProtReadWrite = 3;

    /// <summary>What <see cref="Apply()"/> did, for host.json: "on: ..." or "off: reason".</summary>
    public static string Status { get; private set; } = "off: not applied";

    /// <summary>Applies the advice with the size from <see cref="Variable"/>; call first thing in <c>Main</c>.</summary>
    public static void Apply()
    {
        string? setting = Environment.GetEnvironmentVariable(Variable);
        if (setting is null) Status = Apply(DefaultGiB);
        else if (ulong.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out ulong gib)) Status = Apply(gib);
        else Status = $"off: {Variable}={setting} is not a whole number of GiB";
    }

    /// <summary>Advises the first <paramref name="gib"/> GiB of the collector's region range; returns the status.</summary>
    internal static string Apply(ulong gib)
    {
        if (gib == 0) return $"off: {Variable}=0";
        if (!OperatingSystem.IsLinux()) return "off: not Linux";
        try
        {
            string mode = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled");
            if (mode.Contains("[never]", StringComparison.Ordinal)) return "off: transparent huge pages are disabled on this machine";
            ulong range = GC.GetConfigurationVariables().TryGetValue("GCRegionRange", out object? rangeSetting)
                ? Convert.ToUInt64(rangeSetting, CultureInfo.InvariantCulture) : 0;
            if (range == 0) return "off: the collector does not use regions";

            // The lowest of a small, a large and a pinned-heap object: each of their first regions is near the front.
            ulong heapAddress = Math.Min(AddressOf(new byte[64]), Math.Min(AddressOf(new byte[1 << 20]), AddressOf(GC.AllocateArray<byte>(64, pinned: true))));
            if (FindPrefix(File.ReadLines("/proc/self/maps"), range, heapAddress, gib << 30) is not { } prefix)
                return "off: the collector's region range was not found in /proc/self/maps";
            if (madvise((nint)prefix.Start, (nuint)prefix.Length, MadvHugePage) != 0)
                return $"off: madvise(MADV_HUGEPAGE) failed, errno {Marshal.GetLastPInvokeError()}";
            // Writable before first use, so the collector's commits split nothing; refused under a strict commit limit.
            if (mprotect((nint)prefix.Start, (nuint)prefix.Length, ProtReadWrite) != 0)
                return $"off: mprotect failed, errno {Marshal.GetLastPInvokeError()} (commit limit?)";
            // The runtime marks reserved memory excluded from core dumps and clears the mark per commit; clearing it
            // for the whole prefix keeps those commits from splitting the mapping too.
            _ = madvise((nint)prefix.Start, (nuint)prefix.Length, MadvDoDump);
            return $"on: the first {prefix.Length >> 30} GiB of the {range >> 30}-GiB region range of the collector";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidCastException or OverflowException)
        {
            return $"off: {e.GetType().Name}: {e.Message}";
        }
    }

    private static ulong AddressOf(byte[] array)
    {
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try { return (ulong)handle.AddrOfPinnedObject(); }
        finally { handle.Free(); }
    }

    /// <summary>
    /// Finds where to advise in the lines of <c>/proc/self/maps</c>: from the huge page that holds
    /// <paramref name="heapAddress"/> (a managed object allocated at start-up, so in one of the collector's first regions:
    /// it allocates them upward) for <paramref name="prefixBytes"/>, but not past the end of the collector's reservation. The
    /// reservation is the largest private anonymous <c>---p</c> mapping; the object must lie within
    /// <paramref name="regionRange"/> bytes below its end, and everything advised must be private anonymous mappings
    /// without gaps. Null when any of that fails.
    /// </summary>
    internal static (ulong Start, ulong Length)? FindPrefix(IEnumerable<string> mapsLines, ulong regionRange, ulong heapAddress, ulong prefixBytes)
    {
        var mappings = new List<Mapping>();
        foreach (string line in mapsLines)
            if (Mapping.TryParse(line, out var mapping)) mappings.Add(mapping);

        Mapping? reservation = null;
        foreach (var m in mappings)
            if (m.Anonymous && m.Permissions == "---p" && (reservation is null || m.Length > reservation.Value.Length)) reservation = m;
        if (reservation is not { } r || heapAddress >= r.End || r.End - heapAddress > regionRange) return null;

        ulong start = heapAddress / HugePage * HugePage;
        ulong length = Math.Min(prefixBytes, r.End - start) / HugePage * HugePage;
        if (length == 0) return null;
        ulong covered = 0;
        foreach (var m in mappings)
        {
            if (m.End <= start || m.Start >= start + length) continue;
            if (!(m.Anonymous && m.Permissions[3] == 'p')) return null;
            covered += Math.Min(m.End, start + length) - Math.Max(m.Start, start);
        }
        return covered == length ? (start, length) : null;
    }

    /// <summary>One line of <c>/proc/self/maps</c>: address range, permissions, and whether it maps no file.</summary>
    private readonly record struct Mapping(ulong Start, ulong End, string Permissions, bool Anonymous)
    {
        public ulong Length => End - Start;

        public static bool TryParse(string line, out Mapping mapping)
        {
            mapping = default;
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[1].Length != 4) return false;
            int dash = fields[0].IndexOf('-');
            if (dash < 0
                || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
                || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end)
                || end <= start) return false;
            mapping = new Mapping(start, end, fields[1], fields.Length == 5 || string.IsNullOrWhiteSpace(fields[5]));
            return true;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(nint address, nuint length, int protection);
}
