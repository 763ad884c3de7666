using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Storage.BlockLog;

namespace HealthLedger.Engine.Tests.Storage;

public sealed class BlockLogTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hl-blocklog-" + Environment.ProcessId + "-" + Interlocked.Increment(ref s_counter));
    private static int s_counter;

    public BlockLogTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LogPath => Path.Combine(_dir, "blocks.log");

    private static byte[] Blob(ulong seq) => Enumerable.Range(0, 40 + (int)seq * 7).Select(i => (byte)(i * 31 + (int)seq)).ToArray();

    private static Hash256 HashOf(ulong seq) => Hash256.Compute(Blob(seq));

    private static void Fill(IBlockStore store, ulong from, ulong to)
    {
        for (ulong s = from; s <= to; s++) store.Append(s, HashOf(s), Blob(s));
    }

    private static void AssertHolds(IBlockStore store, ulong from, ulong to)
    {
        Assert.Equal((int)(to - from + 1), store.Count);
        var all = store.ReadAll().ToList();
        for (ulong s = from; s <= to; s++)
        {
            Assert.True(store.TryGet(s, out var e), $"sequence {s} must be readable after recovery");
            Assert.Equal(HashOf(s), e.Hash);
            Assert.Equal(Blob(s), e.Blob.ToArray());
            Assert.Equal(s, all[(int)(s - from)].Sequence);
        }
        Assert.Equal(to, store.Last!.Sequence);
    }

    public static TheoryData<string> Kinds => new() { "memory", "shared", "file" };

    private IBlockStore Make(string kind) => kind switch
    {
        "memory" => new MemoryBlockStore(),
        "shared" => new MemoryBlockStore(new SharedBlobs()),
        _ => FileBlockStore.Open(LogPath, fsyncOnAppend: false),
    };

    [Fact]
    public void Shared_blobs_keep_one_copy_of_equal_bytes_and_never_hand_out_other_bytes()
    {
        var shared = new SharedBlobs();
        using var a = new MemoryBlockStore(shared);
        using var b = new MemoryBlockStore(shared);
        using var c = new MemoryBlockStore(shared);
        var blob = Blob(1);
        a.Append(1, HashOf(1), blob);
        b.Append(1, HashOf(1), (byte[])blob.Clone());
        blob[0] ^= 0xFF; // the caller's buffer changes after the append: no store may see it
        Assert.True(a.TryGet(1, out var ea));
        Assert.True(b.TryGet(1, out var eb));
        Assert.Equal(Blob(1), ea.Blob.ToArray());
        Assert.True(ea.Blob.Span == eb.Blob.Span, "equal bytes under one hash are kept once");

        // Other bytes claimed under the same hash (a damaged or forged ledger) are stored as given, never swapped for the kept copy.
        var other = Blob(2);
        c.Append(1, HashOf(1), other);
        Assert.True(c.TryGet(1, out var ec));
        Assert.Equal(other, ec.Blob.ToArray());
        Assert.True(a.TryGet(1, out ea));
        Assert.Equal(Blob(1), ea.Blob.ToArray());
    }

    [Fact]
    public void A_ledger_another_store_kept_is_appended_without_its_bytes_and_other_bytes_are_never_shared()
    {
        var shared = new SharedBlobs();
        using var first = new MemoryBlockStore(shared);
        using var second = new MemoryBlockStore(shared);
        using var third = new MemoryBlockStore(shared);
        Assert.False(second.TryAppendShared(1, HashOf(1)), "nothing kept under the hash yet: the caller must encode");
        Assert.Equal(0, second.Count);

        first.Append(1, HashOf(1), Blob(1));
        Assert.True(second.TryAppendShared(1, HashOf(1)));
        Assert.True(second.TryGet(1, out var entry));
        Assert.Equal(Blob(1), entry.Blob.ToArray());
        Assert.Equal(HashOf(1), entry.Hash);
        Assert.Throws<InvalidOperationException>(() => second.TryAppendShared(3, HashOf(1))); // order as for Append

        // A store that appended other bytes under a kept hash keeps them alone; the kept copy stays the first one.
        third.Append(1, HashOf(1), Blob(2));
        using var fourth = new MemoryBlockStore(shared);
        Assert.True(fourth.TryAppendShared(1, HashOf(1)));
        Assert.True(fourth.TryGet(1, out var fourthEntry));
        Assert.Equal(Blob(1), fourthEntry.Blob.ToArray());
        Assert.True(third.TryGet(1, out var thirdEntry));
        Assert.Equal(Blob(2), thirdEntry.Blob.ToArray());
    }

    [Fact]
    public void Stores_without_shared_blobs_never_append_without_bytes()
    {
        using var memory = new MemoryBlockStore();
        using var file = FileBlockStore.Open(LogPath, fsyncOnAppend: false);
        Assert.False(memory.TryAppendShared(1, HashOf(1)));
        Assert.False(((IBlockStore)file).TryAppendShared(1, HashOf(1)));
        Assert.Equal(0, memory.Count);
        Assert.Equal(0, file.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Appends_read_back_by_sequence_and_in_order(string kind)
    {
        using var store = Make(kind);
        Assert.Null(store.Last);
        Assert.False(store.TryGet(1, out _));
        Fill(store, 5, 12);
        AssertHolds(store, 5, 12);
        Assert.False(store.TryGet(4, out _));
        Assert.False(store.TryGet(13, out _));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Out_of_order_append_is_a_caller_bug(string kind)
    {
        using var store = Make(kind);
        Fill(store, 1, 3);
        Assert.Throws<InvalidOperationException>(() => store.Append(5, HashOf(5), Blob(5)));
        Assert.Throws<InvalidOperationException>(() => store.Append(3, HashOf(3), Blob(3)));
    }

    [Fact]
    public void Restart_recovers_every_entry_and_appends_continue()
    {
        using (var store = FileBlockStore.Open(LogPath))
            Fill(store, 1, 20);
        using (var store = FileBlockStore.Open(LogPath))
        {
            Assert.Equal(new BlockLogRecovery(20, 0), store.Recovery);
            AssertHolds(store, 1, 20);
            Fill(store, 21, 25);
        }
        using (var store = FileBlockStore.Open(LogPath))
            AssertHolds(store, 1, 25);
    }

    [Fact]
    public void Torn_last_append_is_truncated_at_every_cut_offset()
    {
        using (var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false))
            Fill(store, 1, 3);
        long goodLength = new FileInfo(LogPath).Length;
        using (var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false))
            Fill(store, 4, 4);
        byte[] full = File.ReadAllBytes(LogPath);
        for (long cut = goodLength; cut < full.Length; cut++)
        {
            File.WriteAllBytes(LogPath, full.AsSpan(0, (int)cut).ToArray());
            using (var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false))
            {
                Assert.True(store.Recovery.EntriesRecovered == 3, $"cut at byte {cut}: the three complete entries must survive");
                Assert.Equal(cut - goodLength, store.Recovery.TruncatedBytes);
                AssertHolds(store, 1, 3);
                store.Append(4, HashOf(4), Blob(4)); // the log is usable again after the cut
            }
            Assert.Equal(full, File.ReadAllBytes(LogPath));
        }
    }

    [Fact]
    public void Zero_filled_tail_is_truncated()
    {
        using (var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false))
            Fill(store, 1, 2);
        long length = new FileInfo(LogPath).Length;
        using (var f = new FileStream(LogPath, FileMode.Append)) f.Write(new byte[4096]);
        using var reopened = FileBlockStore.Open(LogPath, fsyncOnAppend: false);
        Assert.Equal(new BlockLogRecovery(2, 4096), reopened.Recovery);
        Assert.Equal(length, new FileInfo(LogPath).Length);
    }

    [Fact]
    public void A_flipped_byte_before_the_last_entry_is_refused_at_every_offset()
    {
        using (var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false))
            Fill(store, 1, 3);
        long lastStart;
        using (var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false))
        {
            lastStart = new FileInfo(LogPath).Length;
            Fill(store, 4, 4);
        }
        byte[] full = File.ReadAllBytes(LogPath);
        for (int i = 0; i < lastStart; i++)
        {
            var damaged = (byte[])full.Clone();
            damaged[i] ^= 0x10;
            File.WriteAllBytes(LogPath, damaged);
            var e = Assert.Throws<BlockLogCorruptedException>(() => FileBlockStore.Open(LogPath, fsyncOnAppend: false));
            Assert.Contains("corrupted", e.Message);
            Assert.Equal(damaged, File.ReadAllBytes(LogPath)); // refused files are left untouched for the operator
        }
    }

    [Fact]
    public void A_flipped_byte_in_the_last_complete_entry_is_refused_too()
    {
        using (var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false))
            Fill(store, 1, 3);
        byte[] full = File.ReadAllBytes(LogPath);
        full[^5] ^= 0x01;
        File.WriteAllBytes(LogPath, full);
        var e = Assert.Throws<BlockLogCorruptedException>(() => FileBlockStore.Open(LogPath, fsyncOnAppend: false));
        Assert.Equal(2, e.EntryIndex);
    }

    [Fact]
    public void Only_the_most_recent_blobs_stay_in_memory_and_older_entries_read_back_exactly()
    {
        using (var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false, blobsKept: 3))
        {
            Fill(store, 1, 30);
            Assert.Equal(3, store.BlobsInMemory);
            AssertHolds(store, 1, 30); // 27 of them from the file
            Assert.Equal(3, store.BlobsInMemory); // reading back does not grow what is held
            Assert.Empty(store.ReadFailures);
        }
        using (var reopened = FileBlockStore.Open(LogPath, fsyncOnAppend: false, blobsKept: 3))
        {
            Assert.Equal(3, reopened.BlobsInMemory); // recovery checks every entry and keeps the last few
            AssertHolds(reopened, 1, 30);
        }
    }

    [Fact]
    public void An_older_entry_damaged_after_opening_is_refused_on_read_back_and_the_node_store_keeps_working()
    {
        using var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false, blobsKept: 2);
        Fill(store, 1, 6);
        // Flip a byte inside entry 2's blob, behind the open store's back (a failing disk, another process).
        FlipBlobByte(2);

        Assert.False(store.TryGet(2, out _));
        var failure = Assert.Single(store.ReadFailures);
        Assert.Contains("sequence 2", failure);
        Assert.Contains("SHA-256", failure);
        Assert.True(store.TryGet(1, out var older)); // the others still read back
        Assert.Equal(Blob(1), older.Blob.ToArray());
        Assert.True(store.TryGet(6, out var recent));
        Assert.Equal(Blob(6), recent.Blob.ToArray());
        store.Append(7, HashOf(7), Blob(7));
        Assert.Equal(7ul, store.Last!.Sequence);
        var e = Assert.Throws<BlockLogCorruptedException>(() => store.ReadAll().ToList());
        Assert.Equal(1, e.EntryIndex);
    }

    [Fact]
    public void ReadAll_reads_older_entries_back_one_at_a_time_as_the_enumeration_reaches_them()
    {
        using var store = FileBlockStore.Open(LogPath, fsyncOnAppend: false, blobsKept: 2);
        Fill(store, 1, 8);
        // Damage entry 5 (outside the kept window) behind the store's back: a caller going through the log gets every
        // entry before it, then the failure at it (a restart's replay holds one entry at a time, never the log).
        FlipBlobByte(5);

        var seen = new List<ulong>();
        var e = Assert.Throws<BlockLogCorruptedException>(() =>
        {
            foreach (var entry in store.ReadAll())
            {
                Assert.Equal(Blob(entry.Sequence), entry.Blob.ToArray());
                seen.Add(entry.Sequence);
            }
        });
        Assert.Equal([1ul, 2, 3, 4], seen);
        Assert.Equal(4, e.EntryIndex);
        Assert.Equal(3ul, store.ReadAll().Skip(2).First().Sequence);
    }

    /// <summary>Flips one bit inside the blob of entry <paramref name="sequence"/> in the log file, behind any open store's
    /// back.</summary>
    private void FlipBlobByte(ulong sequence)
    {
        byte[] file = File.ReadAllBytes(LogPath);
        int at = file.AsSpan().IndexOf(Blob(sequence));
        Assert.True(at > 0);
        using var handle = File.OpenHandle(LogPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        RandomAccess.Write(handle, new[] { (byte)(file[at + 5] ^ 0x40) }, at + 5);
    }
}
