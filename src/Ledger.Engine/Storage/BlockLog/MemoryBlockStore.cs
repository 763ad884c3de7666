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
    public IReadOnlyList<BlockEntry> ReadAll() => _entries.ToArray();

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }
}

/// <summary>
/// Keeps one copy of identical blobs appended to several <see cref="MemoryBlockStore"/>s of one process: a simulator's
/// nodes each store every ledger, and their encodings of the same ledger are the same bytes. A blob is shared only when
/// its bytes equal the one kept for its hash; anything else is copied as usual, so a store still returns exactly what
/// was appended to it. Blobs are immutable once stored. Not thread-safe: for stores appended to from one thread.
/// </summary>
public sealed class SharedBlobs
{
    private readonly Dictionary<Hash256, byte[]> _byHash = [];

    internal byte[] Intern(Hash256 hash, ReadOnlySpan<byte> blob)
    {
        if (_byHash.TryGetValue(hash, out var kept) && blob.SequenceEqual(kept)) return kept;
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
