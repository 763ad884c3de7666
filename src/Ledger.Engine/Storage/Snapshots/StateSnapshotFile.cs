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
/// Reads and writes <see cref="StateSnapshot"/> files. Layout: the magic <c>HLSNAP01</c>; the network id (32 bytes); the ledger header's canonical
/// encoding; the number of accounts, record versions and notarizations (u32 each, big-endian); chunks of whole entries
/// in their canonical encoding (the bytes the state root commits to), each chunk a u32 length then its bytes, ended by
/// an empty chunk; and SHA-256 over everything before it. A file is written under a temporary name, flushed to disk
/// and renamed over the previous one, so a crash leaves either snapshot whole. Reading streams chunk by chunk and
/// answers a typed reason for a file that is missing, truncated, damaged, oversized or not of this state: it never
/// throws for bad content, and the caller then replays the block log from its start.
/// </summary>
public static class StateSnapshotFile
{
    /// <summary>The file's first bytes (format version 1).</summary>
    public static ReadOnlySpan<byte> Magic => "HLSNAP01"u8;

    /// <summary>Chunks are cut after the entry that brings them to this size.</summary>
    public const int ChunkTargetBytes = 1 << 20;

    /// <summary>The largest chunk read back (a chunk holds at least one entry, and an entry is far smaller).</summary>
    public const int MaxChunkBytes = 16 << 20;

    /// <summary>Writes the state after <paramref name="header"/> of network <paramref name="network"/> to
    /// <paramref name="path"/> (atomically replacing any file there); returns the bytes written.</summary>
    public static long Write(string path, Hash256 network, LedgerHeader header, LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Root != header.StateRoot) ThrowHelper.Argument(nameof(state), $"The state's root is not ledger {header.Sequence}'s state root.");
        string temp = path + ".tmp";
        long length;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            void Put(ReadOnlySpan<byte> bytes)
            {
                file.Write(bytes);
                hash.AppendData(bytes);
            }
            var prefix = new byte[4];
            void PutU32(int value)
            {
                BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)value);
                Put(prefix);
            }
            Put(Magic);
            Span<byte> id = stackalloc byte[Hash256.Size];
            network.CopyTo(id);
            Put(id);
            Put(header.Encode());
            PutU32(state.Accounts.Count);
            PutU32(state.Records.Count);
            PutU32(state.Notarizations.Count);
            var chunk = new ArrayBufferWriter<byte>(ChunkTargetBytes + (64 << 10));
            foreach (var trie in new[] { state.Accounts, state.Records, state.Notarizations })
            {
                foreach (var entry in trie.Entries())
                {
                    entry.Write(new CanonicalWriter(chunk));
                    if (chunk.WrittenCount < ChunkTargetBytes) continue;
                    PutU32(chunk.WrittenCount);
                    Put(chunk.WrittenSpan);
                    chunk.ResetWrittenCount();
                }
            }
            if (chunk.WrittenCount > 0)
            {
                PutU32(chunk.WrittenCount);
                Put(chunk.WrittenSpan);
            }
            PutU32(0);
            file.Write(hash.GetHashAndReset());
            file.Flush(flushToDisk: true);
            length = file.Length;
        }
        File.Move(temp, path, overwrite: true);
        return length;
    }

    /// <summary>Reads the snapshot at <paramref name="path"/>; false with the reason when there is none or it does not
    /// check out (its checksum, its encoding, its counts, or its state against its header's state root).</summary>
    public static bool TryRead(string path, [NotNullWhen(true)] out StateSnapshot? snapshot, [NotNullWhen(false)] out string? reason)
    {
        snapshot = null;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            snapshot = Read(file, hash, out reason);
            return snapshot is not null;
        }
        catch (FileNotFoundException)
        {
            reason = "no snapshot file";
        }
        catch (DirectoryNotFoundException)
        {
            reason = "no snapshot file";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"cannot read the snapshot: {e.Message}";
        }
        return false;
    }

    private static StateSnapshot? Read(FileStream file, IncrementalHash hash, out string? reason)
    {
        bool Take(Span<byte> into, bool hashed = true)
        {
            int read = file.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
            if (read < into.Length) return false;
            if (hashed) hash.AppendData(into);
            return true;
        }
        var prefix = new byte[Magic.Length + Hash256.Size + LedgerHeader.EncodedBytes + 3 * 4];
        if (!Take(prefix)) return Fail("the file ends inside its header", out reason);
        if (!prefix.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return Fail("not a state snapshot (wrong magic or format version)", out reason);
        var network = new Hash256(prefix.AsSpan(Magic.Length, Hash256.Size));
        if (!LedgerHeader.TryDecode(prefix.AsSpan(Magic.Length + Hash256.Size, LedgerHeader.EncodedBytes), out var header, out var headerError))
            return Fail($"its ledger header does not decode: {headerError}", out reason);
        int at = Magic.Length + Hash256.Size + LedgerHeader.EncodedBytes;
        var expected = new long[3];
        for (int i = 0; i < 3; i++) expected[i] = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(at + 4 * i));

        var tries = new[] { StateTrie.Empty.ToBuilder(), StateTrie.Empty.ToBuilder(), StateTrie.Empty.ToBuilder() };
        var length = new byte[4];
        long entries = 0;
        while (true)
        {
            if (!Take(length)) return Fail("the file ends inside its entries", out reason);
            int chunkLength = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(length), int.MaxValue);
            if (chunkLength == 0) break;
            if (chunkLength > MaxChunkBytes) return Fail($"a chunk of {chunkLength} bytes exceeds the limit of {MaxChunkBytes}", out reason);
            var chunk = new byte[chunkLength]; // owned: the viewer grants read from it share its bytes
            if (!Take(chunk)) return Fail("the file ends inside its entries", out reason);
            var r = new CanonicalReader(chunk);
            while (r.Remaining > 0)
            {
                if (!StateEntries.TryRead(ref r, out var entry)) return Fail($"entry {entries} does not decode: {r.Error}", out reason);
                int trie = entry switch { AccountEntry => 0, RecordEntry => 1, _ => 2 };
                if (!tries[trie].TryAdd(entry!)) return Fail($"entry {entries} repeats the key {entry!.Key.ToShortString()}", out reason);
                entries++;
            }
        }
        var checksum = new byte[32];
        if (!Take(checksum, hashed: false)) return Fail("the file ends before its checksum", out reason);
        if (!checksum.AsSpan().SequenceEqual(hash.GetHashAndReset())) return Fail("its checksum does not match its content (the file is damaged)", out reason);
        if (file.Position != file.Length) return Fail($"{file.Length - file.Position} bytes follow the checksum", out reason);
        for (int i = 0; i < 3; i++)
            if (tries[i].Count != expected[i])
                return Fail($"it says {expected[0]}/{expected[1]}/{expected[2]} accounts/records/notarizations but holds {tries[0].Count}/{tries[1].Count}/{tries[2].Count}", out reason);
        var state = new LedgerState(tries[0].ToImmutable(), tries[1].ToImmutable(), tries[2].ToImmutable());
        if (state.Root != header!.StateRoot)
            return Fail($"its state does not hash to ledger {header.Sequence}'s state root", out reason);
        reason = null;
        return new StateSnapshot(network, header, state);
    }

    private static StateSnapshot? Fail(string why, out string? reason)
    {
        reason = why;
        return null;
    }
}
