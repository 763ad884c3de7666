using System.Collections.Concurrent;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// Remembers proposal and validation verifications by (key id, SHA-256 of the signed bytes, SHA-256 of the
/// signature), so that a host running many nodes in one process checks each distinct signature once. The answer is
/// the real verification's, so using the cache never changes what a node decides. Thread-safe; bounded: when it holds
/// <see cref="Capacity"/> entries it starts over.
/// </summary>
public sealed class CachingConsensusVerifier(IConsensusVerifier inner, int capacity = 1 << 20) : IConsensusVerifier
{
    private readonly ConcurrentDictionary<(Hash256 Key, Hash256 Message, Hash256 Signature), bool> _cache = new();

    /// <summary>Entries held before the cache is cleared.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be positive.");

    /// <summary>Verifications answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Verifications passed to the inner verifier.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    private long _hits;
    private long _misses;

    /// <inheritdoc />
    public bool Verify(PublicKey key, ReadOnlySpan<byte> signedBytes, ReadOnlySpan<byte> signature)
    {
        var k = (key.Id, Hash256.Compute(signedBytes), Hash256.Compute(signature));
        if (_cache.TryGetValue(k, out bool ok))
        {
            Interlocked.Increment(ref _hits);
            return ok;
        }
        Interlocked.Increment(ref _misses);
        ok = inner.Verify(key, signedBytes, signature);
        if (_cache.Count >= Capacity) _cache.Clear();
        _cache[k] = ok;
        return ok;
    }
}
