using System.Collections.Concurrent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// Remembers transaction signature checks by transaction id across transaction objects: nodes in one process each
/// decode their own copy of a relayed transaction, and the id (SHA-256 of the whole encoding, signature included)
/// names exactly one signed message. A hit also marks the object it was asked about, so the object's own memory
/// (<see cref="Transaction.IsSignatureKnownValid"/>) answers later checks without a lookup. Thread-safe; bounded:
/// when it holds <see cref="Capacity"/> entries it starts over. <paramref name="expected"/> sizes its table up front for
/// that many entries (a simulation knows its planned transactions), instead of growing it by doubling.
/// </summary>
public sealed class CachingTransactionVerifier(ISignatureVerifier inner, int capacity = 1 << 20, int expected = 0) : ISignatureVerifier
{
    private readonly ConcurrentDictionary<Hash256, bool> _cache = new(Environment.ProcessorCount, Math.Clamp(expected, 0, Math.Max(capacity, 0)));
    private int _added;

    /// <summary>Entries held before the cache is cleared.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be positive.");

    /// <inheritdoc />
    public bool Verify(Transaction transaction)
    {
        if (_cache.TryGetValue(transaction.Id, out bool ok))
        {
            // Another copy of the same bytes was checked: this object need not be checked again either (a node
            // verifies a relayed transaction on receipt and again when it builds a ledger holding it).
            transaction.RememberSignatureCheck(ok);
            return ok;
        }
        ok = inner.Verify(transaction);
        // ConcurrentDictionary.Count takes every lock of the table; an approximate counter of our own does not (a
        // profile of a saturated TCP node showed Count at 2% of its CPU). Racing adds may overshoot the bound by the
        // number of threads, and a racing clear may leave the counter a little off: it only decides when to start over.
        if (Interlocked.Increment(ref _added) > Capacity)
        {
            _cache.Clear();
            Interlocked.Exchange(ref _added, 1);
        }
        _cache[transaction.Id] = ok;
        return ok;
    }
}
