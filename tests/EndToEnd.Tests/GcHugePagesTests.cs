using HealthLedger.Bench;

namespace HealthLedger.EndToEnd.Tests;

/// <summary>The host process's huge-page advice for the collector's heap (<see cref="GcHugePages"/>).</summary>
public sealed class GcHugePagesTests
{
    private const ulong GiB = 1UL << 30, Range = 256 * GiB, Start = 0x7f834c000000, End = Start + Range;

    /// <summary>The shape of /proc/self/maps at the start of Main: a few committed region headers at the front of the
    /// collector's range, then one reservation to its end, with unrelated mappings on either side.</summary>
    private static readonly string[] Maps =
    [
        "5630a1000000-5630a1200000 r-xp 00000000 08:01 1234 /usr/share/dotnet/dotnet",
        "7f834b481000-7f834c000000 ---p 00000000 00:00 0 ",
        "7f834c000000-7f834c001000 rw-p 00000000 00:00 0 ",
        "7f834c001000-7f8350000000 ---p 00000000 00:00 0 ",
        "7f8350000000-7f8350011000 rw-p 00000000 00:00 0 ",
        "7f8350011000-7fc34c000000 ---p 00000000 00:00 0 ",
        "7fc34c000000-7fc34c021000 rw-p 00000000 00:00 0 ",
        "7fc364360000-7fc3e2000000 ---p 00000000 00:00 0 ",
        "7fc3e2d75000-7fc3e2d76000 rw-s 00000000 00:01 77 /memfd:doublemapper (deleted)",
    ];

    [Fact]
    public void The_advice_starts_at_the_huge_page_of_a_young_object_and_stays_inside_the_reservation()
    {
        Assert.Equal((Start + 0x4000000, 4 * GiB), GcHugePages.FindPrefix(Maps, Range, Start + 0x4000010, 4 * GiB));
        Assert.Equal((Start, 4 * GiB), GcHugePages.FindPrefix(Maps, Range, Start + 0x1fffff, 4 * GiB));
        // Never past the reservation's end, and whole huge pages.
        Assert.Equal((Start, Range), GcHugePages.FindPrefix(Maps, Range, Start + 16, 1024 * GiB));
        Assert.Equal((Start, 2UL << 20), GcHugePages.FindPrefix(Maps, Range, Start + 16, (2UL << 20) + 4095));
        Assert.Equal((End - (2UL << 20), 2UL << 20), GcHugePages.FindPrefix(Maps, Range, End - 4096, 4 * GiB));
    }

    [Fact]
    public void Anything_unexpected_leaves_the_heap_alone()
    {
        Assert.Null(GcHugePages.FindPrefix(Maps, Range, Start - 16, 4 * GiB)); // the object is not in the region range
        Assert.Null(GcHugePages.FindPrefix(Maps, Range, End + 16, 4 * GiB));
        Assert.Null(GcHugePages.FindPrefix(Maps, Range, Start + 16, 4095));
        string[] withGap = [.. Maps.Where(line => !line.StartsWith("7f8350000000", StringComparison.Ordinal))];
        Assert.Null(GcHugePages.FindPrefix(withGap, Range, Start + 16, 4 * GiB)); // a hole: not one reservation
        Assert.Null(GcHugePages.FindPrefix([], Range, Start + 16, 4 * GiB));
        // A file or a shared mapping inside the prefix: not the collector's alone.
        string[] withFile = [.. Maps, "7f8350020000-7f8350021000 r--p 00000000 08:01 99 /tmp/x"];
        Assert.Null(GcHugePages.FindPrefix(withFile, Range, Start + 16, 4 * GiB));
        string[] withShared = [.. Maps, "7f8350020000-7f8350021000 rw-s 00000000 00:01 98 "];
        Assert.Null(GcHugePages.FindPrefix(withShared, Range, Start + 16, 4 * GiB));
    }

    [Fact]
    public void Malformed_lines_are_skipped()
    {
        string[] maps = ["", "garbage", "zz-7f00 ---p 0 00:00 0", "7fc3e2000000-7fc3e1000000 ---p 00000000 00:00 0 ", "1-2 rwxpq 0 00:00 0", .. Maps];
        Assert.Equal((Start, 4 * GiB), GcHugePages.FindPrefix(maps, Range, Start + 16, 4 * GiB));
    }

    [Fact]
    public void Zero_turns_it_off_and_says_so()
    {
        Assert.Equal($"off: {GcHugePages.Variable}=0", GcHugePages.Apply(0));
    }

    /// <summary>The advice applied to this test process's own heap: the mapping is advised for huge pages, and the
    /// collector goes on allocating, collecting and reading back what it stored.</summary>
    [Fact]
    public void Applied_to_a_live_heap_it_advises_the_range_and_the_collector_keeps_working()
    {
        if (!OperatingSystem.IsLinux()) return;
        string status = GcHugePages.Apply(1);
        bool thpAvailable = File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
            && !File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[never]", StringComparison.Ordinal);
        if (thpAvailable && GC.GetConfigurationVariables().TryGetValue("GCRegionRange", out var range) && Convert.ToUInt64(range) > 0)
        {
            Assert.StartsWith("on: the first 1 GiB", status);
            Assert.Contains(File.ReadLines("/proc/self/smaps"), line => line.StartsWith("VmFlags:", StringComparison.Ordinal) && line.Contains(" hg", StringComparison.Ordinal));
        }
        else
        {
            Assert.StartsWith("off: ", status);
        }

        var kept = new List<byte[]>();
        for (int i = 0; i < 64; i++)
        {
            var block = new byte[(i % 2 == 0 ? 1 : 900) * 1024];
            Array.Fill(block, (byte)i);
            kept.Add(block);
            _ = new byte[256 * 1024]; // garbage between the kept blocks
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        for (int i = 0; i < kept.Count; i++) Assert.All(kept[i], b => Assert.Equal((byte)i, b));
    }
}
