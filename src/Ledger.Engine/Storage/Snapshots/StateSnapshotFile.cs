using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;

namespace HealthLedger.Engine.Storage.Snapshots;

/// <summary>
/// Reads and writes <see cref="StateSnapshot"/>s: a full snapshot file, and a delta file of the entries changed since.
/// <para>A full snapshot: the magic <c>HLSNAP02</c>; the network id (32 bytes); the ledger header's canonical encoding;
/// the number of accounts, record versions and notarizations (u32 each, big-endian); SHA-256 of those; the entries. It is written under
/// a temporary name, flushed to disk and renamed over the previous one, so a crash leaves either snapshot whole.</para>
/// <para>A delta file is a sequence of records appended after the full snapshot, each one flushed to disk: the magic
/// <c>HLDELT02</c>; the network id; the hash of the ledger the state it applies to is after (the full snapshot's, or
/// the previous record's); its own ledger header; the number of entries; SHA-256 of those; the entries added or replaced since. Reading applies records in order while they chain and check out (the state after each must hash to
/// its header's state root) and stops, with the reason, at the first that does not: a record torn by a crash, or
/// records left from before the full snapshot was rewritten.</para>
/// <para>Entries are written in their canonical encoding (the bytes the state root commits to) in chunks of whole
/// entries, each a u32 length then its bytes, ended by an empty chunk. The entries need no checksum of their own (hashing
/// them again would be a third of the cost of writing): the state read back must hash to its header's state root,
/// which any change to an entry breaks, and a change to a length or a tag fails to decode. Reading streams chunk by chunk and answers a typed reason for a file that is missing,
/// truncated, damaged, oversized or not of its header: it never throws for bad content, and the caller then replays
/// more of the block log.</para>
/// </summary>
public static class StateSnapshotFile
{
    /// <summary>A full snapshot file's first bytes (format version 2).</summary>
    public static ReadOnlySpan<byte> Magic => "HLSNAP02"u8;

    /// <summary>A delta record's first bytes (format version 2).</summary>
    public static ReadOnlySpan<byte> DeltaMagic => "HLDELT02"u8;

    /// <summary>Chunks are cut after the entry that brings them to this size.</summary>
    public const int ChunkTargetBytes = 1 << 20;

    /// <summary>The largest chunk read back (a chunk holds at least one entry, and an entry is far smaller).</summary>
    public const int MaxChunkBytes = 16 << 20;

    /// <summary>Writes the full state after <paramref name="header"/> of network <paramref name="network"/> to
    /// <paramref name="path"/> (atomically replacing any file there); returns the bytes written.</summary>
    public static long Write(string path, Hash256 network, LedgerHeader header, LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Root != header.StateRoot) ThrowHelper.Argument(nameof(state), $"The state's root is not ledger {header.Sequence}'s state root.");
        string temp = path + ".tmp";
        long length;
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var w = new Writer(file);
            w.Put(Magic);
            w.Put(network);
            w.Put(header.Encode());
            w.PutU32(state.Accounts.Count);
            w.PutU32(state.Records.Count);
            w.PutU32(state.Notarizations.Count);
            w.SealPrefix();
            w.PutEntries(state.Accounts.Entries().Concat(state.Records.Entries()).Concat(state.Notarizations.Entries()));
            file.Flush(flushToDisk: true);
            length = file.Length;
        }
        File.Move(temp, path, overwrite: true);
        return length;
    }

    /// <summary>Appends to the delta file <paramref name="path"/> (created if missing) one record: the
    /// <paramref name="entries"/> added or replaced between the state after ledger <paramref name="previous"/> and the
    /// state after <paramref name="header"/>. Returns the bytes appended.</summary>
    public static long AppendDelta(string path, Hash256 network, Hash256 previous, LedgerHeader header, IReadOnlyCollection<IStateEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(entries);
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16);
        long start = file.Position;
        var w = new Writer(file);
        w.Put(DeltaMagic);
        w.Put(network);
        w.Put(previous);
        w.Put(header.Encode());
        w.PutU32(entries.Count);
        w.SealPrefix();
        w.PutEntries(entries);
        file.Flush(flushToDisk: true);
        return file.Position - start;
    }

    /// <summary>Reads the full snapshot at <paramref name="path"/>; false with the reason when there is none or it does
    /// not check out (its checksum, its encoding, its counts, or its state against its header's state root).</summary>
    public static bool TryRead(string path, [NotNullWhen(true)] out StateSnapshot? snapshot, [NotNullWhen(false)] out string? reason) =>
        TryRead(path, null, out snapshot, out _, out reason);

    /// <summary>Reads the full snapshot at <paramref name="path"/>, then applies the records of the delta file
    /// <paramref name="deltaPath"/> (if there is one) that chain from it and check out. False with the reason only when
    /// the full snapshot is missing or does not check out; a delta record that does not is reported in
    /// <see cref="SnapshotLoad.DeltasStopped"/>, and the state is the one after the last record that did.</summary>
    public static bool TryRead(string path, string? deltaPath, [NotNullWhen(true)] out StateSnapshot? snapshot, [NotNullWhen(true)] out SnapshotLoad? load,
        [NotNullWhen(false)] out string? reason)
    {
        snapshot = null;
        load = null;
        try
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
                snapshot = ReadFull(new Reader(file), out reason);
            if (snapshot is null)
            {
                reason ??= "the snapshot does not check out";
                return false;
            }
            load = new SnapshotLoad(snapshot.Sequence, snapshot.Entries, 0, 0, null);
            if (deltaPath is not null && File.Exists(deltaPath))
            {
                using var deltas = new FileStream(deltaPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                (snapshot, load) = ApplyDeltas(new Reader(deltas), snapshot, load);
            }
            reason = null;
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            reason = "no snapshot file";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"cannot read the snapshot: {e.Message}";
        }
        snapshot = null;
        load = null;
        return false;
    }

    private static StateSnapshot? ReadFull(Reader r, out string? reason)
    {
        var prefix = new byte[Magic.Length + Hash256.Size + LedgerHeader.EncodedBytes + 3 * 4];
        if (!r.Take(prefix)) return Fail("the file ends inside its header", out reason);
        if (!prefix.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return Fail("not a state snapshot (wrong magic or format version)", out reason);
        if (!r.CheckPrefix(prefix)) return Fail("its header does not match its checksum (the file is damaged)", out reason);
        var network = new Hash256(prefix.AsSpan(Magic.Length, Hash256.Size));
        if (!LedgerHeader.TryDecode(prefix.AsSpan(Magic.Length + Hash256.Size, LedgerHeader.EncodedBytes), out var header, out var headerError))
            return Fail($"its ledger header does not decode: {headerError}", out reason);
        int at = Magic.Length + Hash256.Size + LedgerHeader.EncodedBytes;
        var expected = new long[3];
        for (int i = 0; i < 3; i++) expected[i] = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(at + 4 * i));

        var tries = new[] { StateTrie.Empty.ToBuilder(), StateTrie.Empty.ToBuilder(), StateTrie.Empty.ToBuilder() };
        if ((reason = r.TakeEntries(entry => tries[LedgerState.TrieIndex(entry)].TryAdd(entry) ? null : $"repeats the key {entry.Key.ToShortString()}")) is not null) return null;
        if (!r.AtEnd) return Fail("bytes follow its entries", out reason);
        for (int i = 0; i < 3; i++)
            if (tries[i].Count != expected[i])
                return Fail($"it says {expected[0]}/{expected[1]}/{expected[2]} accounts/records/notarizations but holds {tries[0].Count}/{tries[1].Count}/{tries[2].Count}", out reason);
        var state = new LedgerState(tries[0].ToImmutable(), tries[1].ToImmutable(), tries[2].ToImmutable());
        if (state.Root != header!.StateRoot)
            return Fail($"its state does not hash to ledger {header.Sequence}'s state root (the file is damaged)", out reason);
        return new StateSnapshot(network, header, state);
    }

    private static (StateSnapshot, SnapshotLoad) ApplyDeltas(Reader r, StateSnapshot snapshot, SnapshotLoad load)
    {
        int record = 0;
        while (!r.AtEnd)
        {
            record++;
            string? stopped = null;
            var prefix = new byte[DeltaMagic.Length + 2 * Hash256.Size + LedgerHeader.EncodedBytes + 4];
            LedgerHeader? header = null;
            var entries = new List<IStateEntry>();
            if (!r.Take(prefix)) stopped = "the file ends inside its header";
            else if (!prefix.AsSpan(0, DeltaMagic.Length).SequenceEqual(DeltaMagic)) stopped = "not a delta record (wrong magic or format version)";
            else if (!r.CheckPrefix(prefix)) stopped = "its header does not match its checksum (the record is damaged)";
            else if (new Hash256(prefix.AsSpan(DeltaMagic.Length, Hash256.Size)) != snapshot.Network) stopped = "it is of another network";
            else if (new Hash256(prefix.AsSpan(DeltaMagic.Length + Hash256.Size, Hash256.Size)) != snapshot.Header.Hash)
                stopped = $"it does not follow ledger {snapshot.Sequence} (left from before the full snapshot was written again)";
            else if (!LedgerHeader.TryDecode(prefix.AsSpan(DeltaMagic.Length + 2 * Hash256.Size, LedgerHeader.EncodedBytes), out header, out var headerError))
                stopped = $"its ledger header does not decode: {headerError}";
            else
                stopped = r.TakeEntries(entry => { entries.Add(entry); return null; });
            if (stopped is null && entries.Count != BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(prefix.Length - 4)))
                stopped = "its entry count does not match its entries";
            if (stopped is null)
            {
                var next = snapshot.State.With(entries);
                if (next.Root != header!.StateRoot) stopped = $"the state after it does not hash to ledger {header.Sequence}'s state root";
                else
                {
                    snapshot = snapshot with { Header = header, State = next };
                    load = load with { Deltas = load.Deltas + 1, DeltaEntries = load.DeltaEntries + entries.Count };
                    continue;
                }
            }
            return (snapshot, load with { DeltasStopped = $"delta record {record}: {stopped}" });
        }
        return (snapshot, load);
    }

    private static StateSnapshot? Fail(string why, out string? reason)
    {
        reason = why;
        return null;
    }

    /// <summary>Writes the parts of a file or record.</summary>
    private sealed class Writer(Stream file)
    {
        private readonly byte[] _u32 = new byte[4];

        private IncrementalHash? _prefix = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public void Put(ReadOnlySpan<byte> bytes)
        {
            file.Write(bytes);
            _prefix?.AppendData(bytes);
        }

        /// <summary>Writes SHA-256 of everything written so far (the header part), and hashes nothing after it.</summary>
        public void SealPrefix()
        {
            file.Write(_prefix!.GetHashAndReset());
            _prefix.Dispose();
            _prefix = null;
        }

        public void Put(Hash256 hash)
        {
            Span<byte> bytes = stackalloc byte[Hash256.Size];
            hash.CopyTo(bytes);
            Put(bytes);
        }

        public void PutU32(int value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_u32, (uint)value);
            Put(_u32);
        }

        public void PutEntries(IEnumerable<IStateEntry> entries)
        {
            var chunk = new ArrayBufferWriter<byte>(ChunkTargetBytes + (64 << 10));
            foreach (var entry in entries)
            {
                entry.Write(new CanonicalWriter(chunk));
                if (chunk.WrittenCount < ChunkTargetBytes) continue;
                PutU32(chunk.WrittenCount);
                Put(chunk.WrittenSpan);
                chunk.ResetWrittenCount();
            }
            if (chunk.WrittenCount > 0)
            {
                PutU32(chunk.WrittenCount);
                Put(chunk.WrittenSpan);
            }
            PutU32(0);
        }
    }

    /// <summary>Reads the parts of a file or record.</summary>
    private sealed class Reader(Stream file)
    {
        public bool AtEnd => file.Position >= file.Length;

        public bool Take(Span<byte> into) => file.ReadAtLeast(into, into.Length, throwOnEndOfStream: false) == into.Length;

        /// <summary>Reads the checksum that follows a header part and compares it with <paramref name="prefix"/>'s.</summary>
        public bool CheckPrefix(ReadOnlySpan<byte> prefix)
        {
            Span<byte> stored = stackalloc byte[32];
            return Take(stored) && stored.SequenceEqual(SHA256.HashData(prefix));
        }

        /// <summary>Reads chunks of entries up to the empty one, handing each entry to <paramref name="add"/> (which
        /// answers null or why it refuses it); the reason reading stopped, or null.</summary>
        public string? TakeEntries(Func<IStateEntry, string?> add)
        {
            var length = new byte[4];
            long n = 0;
            while (true)
            {
                if (!Take(length)) return "the file ends inside its entries";
                uint chunkLength = BinaryPrimitives.ReadUInt32BigEndian(length);
                if (chunkLength == 0) return null;
                if (chunkLength > MaxChunkBytes) return $"a chunk of {chunkLength} bytes exceeds the limit of {MaxChunkBytes}";
                var chunk = GC.AllocateUninitializedArray<byte>((int)chunkLength); // read over at once; owned: the viewer grants read from it share its bytes
                if (!Take(chunk)) return "the file ends inside its entries";
                var r = new CanonicalReader(chunk);
                while (r.Remaining > 0)
                {
                    if (!StateEntries.TryRead(ref r, out var entry)) return $"entry {n} does not decode: {r.Error}";
                    if (add(entry!) is { } refused) return $"entry {n} {refused}";
                    n++;
                }
            }
        }
    }
}

/// <summary>What reading a snapshot with its deltas found.</summary>
/// <param name="BaseSequence">The full snapshot's ledger.</param>
/// <param name="BaseEntries">Its entries.</param>
/// <param name="Deltas">Delta records applied after it.</param>
/// <param name="DeltaEntries">Entries those records held.</param>
/// <param name="DeltasStopped">Why reading the delta file stopped before its end; null when it did not.</param>
public sealed record SnapshotLoad(uint BaseSequence, int BaseEntries, int Deltas, long DeltaEntries, string? DeltasStopped);
