using System.Diagnostics.CodeAnalysis;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Storage.BlockLog;

/// <summary>An <see cref="IBlockStore"/> in memory, for the simulator: a crashed simulated node keeps its instance
/// and restarts from it, as a real node would from its directory.</summary>
public sealed class MemoryBlockStore(SharedBlobs? shared = null) : IBlockStore
{
    private readonly List<BlockEntry> _entries = [];

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public BlockEntry? Last => _entries.Count == 0 ? null : _entries[^1];

    /// <inheritdoc />
    public void Append(ulong sequence, Hash256 hash, ReadOnlySpan<byte> blob)
    {
        BlockOrder.CheckNext(Last, sequence);
        _entries.Add(new BlockEntry(sequence, hash, shared is null ? blob.ToArray() : shared.Intern(hash, blob)));
    }

    /// <inheritdoc />
    public bool TryAppendShared(ulong sequence, Hash256 hash)
    {
        if (shared is null || !shared.TryGet(hash, out var kept)) return false;
        BlockOrder.CheckNext(Last, sequence);
        _entries.Add(new BlockEntry(sequence, hash, kept));
        return true;
    }

    /// <inheritdoc />
    public bool TryGet(ulong sequence, [NotNullWhen(true)] out BlockEntry? entry)
    {
        entry = null;
        if (_entries.Count == 0 || sequence < _entries[0].Sequence) return false;
        ulong index = sequence - _entries[0].Sequence;
        if (index >= (ulong)_entries.Count) return false;
        entry = _entries[(int)index];
        return true;
    }

    /// <inheritdoc />
    public IEnumerable<BlockEntry> ReadAll() => _entries.ToArray();

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }
}

/// <summary>
/// Keeps one copy of identical blobs appended to several <see cref="MemoryBlockStore"/>s of one process: a simulator's
/// nodes each store every ledger, and their encodings of the same ledger are the same bytes. The first blob appended
/// under a hash is kept for it; a later append shares it only when its bytes are equal, and other bytes under that hash
/// (a damaged or forged ledger) are copied for that store alone, so a store still returns exactly what was appended to
/// it. <see cref="MemoryBlockStore.TryAppendShared"/> hands out the kept blob, so a node whose ledger another node
/// already stored need not encode it. Blobs are immutable once stored. Not thread-safe: for stores appended to from one
/// thread.
/// </summary>
public sealed class SharedBlobs
{
    private readonly Dictionary<Hash256, byte[]> _byHash = [];

    internal bool TryGet(Hash256 hash, [NotNullWhen(true)] out byte[]? kept) => _byHash.TryGetValue(hash, out kept);

    internal byte[] Intern(Hash256 hash, ReadOnlySpan<byte> blob)
    {
        if (_byHash.TryGetValue(hash, out var kept))
            return blob.SequenceEqual(kept) ? kept : blob.ToArray(); // other bytes under a kept hash: that store's own copy
        var copy = blob.ToArray();
        _byHash[hash] = copy;
        return copy;
    }
}

/// <summary>The ordering rule shared by the stores.</summary>
internal static class BlockOrder
{
    public static void CheckNext(BlockEntry? last, ulong sequence)
    {
        if (last is not null && sequence != last.Sequence + 1)
            ThrowHelper.InvalidOperation($"Block store append out of order: sequence {sequence} after {last.Sequence}; validated ledgers are stored consecutively.");
    }
}
