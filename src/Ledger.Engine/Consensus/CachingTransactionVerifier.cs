using System.Collections.Concurrent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// Remembers transaction signature checks by transaction id across transaction objects: nodes in one process each
/// decode their own copy of a relayed transaction, and the id (SHA-256 of the whole encoding, signature included)
/// names exactly one signed message. Thread-safe; bounded: when it holds <see cref="Capacity"/> entries it starts over.
/// </summary>
public sealed class CachingTransactionVerifier(ISignatureVerifier inner, int capacity = 1 << 20) : ISignatureVerifier
{
    private readonly ConcurrentDictionary<Hash256, bool> _cache = new();

    /// <summary>Entries held before the cache is cleared.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be positive.");

    /// <inheritdoc />
    public bool Verify(Transaction transaction)
    {
        if (_cache.TryGetValue(transaction.Id, out bool ok)) return ok;
        ok = inner.Verify(transaction);
        if (_cache.Count >= Capacity) _cache.Clear();
        _cache[transaction.Id] = ok;
        return ok;
    }
}
