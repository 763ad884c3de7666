using System.Diagnostics;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// A candidate transaction set: transactions ordered by id, identified by SHA-256 over "HLTXS" and the ids in that
/// order. Proposals carry only the hash; a node fetches the set it lacks. Immutable.
/// </summary>
public sealed class TxSet
{
    private readonly Transaction[] _transactions;
    private readonly Hash256[] _ids;

    /// <summary>Builds a set; duplicates (by id) are removed.</summary>
    public TxSet(IEnumerable<Transaction> transactions)
    {
        var items = transactions.ToArray();
        var ids = Array.ConvertAll(items, t => t.Id);
        Array.Sort(ids, items); // struct keys: no delegate per comparison
        int count = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (count > 0 && ids[i] == ids[count - 1]) continue; // equal ids sort together: keep one
            ids[count] = ids[i];
            items[count] = items[i];
            count++;
        }
        if (count < ids.Length)
        {
            Array.Resize(ref ids, count);
            Array.Resize(ref items, count);
        }
        _transactions = items;
        _ids = ids;
        Hash = HashOf(_ids);
    }

    /// <summary>A set from its ids, strictly ascending, and their transactions in the same order, whose hash the caller
    /// has checked to be <paramref name="hash"/>.</summary>
    internal TxSet(Hash256[] ascendingIds, Transaction[] members, Hash256 hash)
    {
        Debug.Assert(ascendingIds.Length == members.Length && HashOf(ascendingIds) == hash, "The caller checked the ids.");
        _ids = ascendingIds;
        _transactions = members;
        Hash = hash;
    }

    /// <summary>The empty set.</summary>
    public static TxSet Empty { get; } = new([]);

    /// <summary>The set's identity.</summary>
    public Hash256 Hash { get; }

    /// <summary>The transactions, ordered by id.</summary>
    public IReadOnlyList<Transaction> Transactions => _transactions;

    /// <summary>The ids, ascending.</summary>
    public ReadOnlySpan<Hash256> Ids => _ids;

    /// <summary>Number of transactions.</summary>
    public int Count => _ids.Length;

    /// <summary>True when the set holds <paramref name="id"/>.</summary>
    public bool Contains(Hash256 id) => Array.BinarySearch(_ids, id) >= 0;

    /// <summary>The transaction with <paramref name="id"/>, or null.</summary>
    public Transaction? Find(Hash256 id)
    {
        int i = Array.BinarySearch(_ids, id);
        return i >= 0 ? _transactions[i] : null;
    }

    /// <summary>The hash a set with these ascending ids has.</summary>
    public static Hash256 HashOf(ReadOnlySpan<Hash256> ascendingIds)
    {
        int length = 5 + ascendingIds.Length * Hash256.Size;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length); // a full set's ids are 160 kB: no fresh large object each time
        try
        {
            "HLTXS"u8.CopyTo(buffer);
            for (int i = 0; i < ascendingIds.Length; i++) ascendingIds[i].CopyTo(buffer.AsSpan(5 + i * Hash256.Size));
            return Hash256.Compute(buffer.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
