using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>A real verifier that counts the checks it makes (thread-safe: a runtime checks on all cores).</summary>
internal sealed class CountingVerifier : ISignatureVerifier
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public bool Verify(Transaction transaction)
    {
        Interlocked.Increment(ref _calls);
        return transaction.VerifySignature();
    }
}

public class CachingTransactionVerifierTests
{
    private static Transaction Copy(Transaction tx)
    {
        Assert.True(Transaction.TryDecode(tx.Encoded.Span, out var copy, out var error), error.ToString());
        return copy!;
    }

    [Fact]
    public void A_copy_of_checked_bytes_is_answered_from_the_cache_and_remembers_the_answer()
    {
        var client = new Client("cache-copy");
        var original = Copy(client.Notarize(1)); // decoded, so not yet known valid
        var inner = new CountingVerifier();
        var cache = new CachingTransactionVerifier(inner);

        Assert.True(cache.Verify(original));
        Assert.Equal(1, inner.Calls);

        var copy = Copy(original);
        Assert.False(copy.IsSignatureKnownValid);
        Assert.True(cache.Verify(copy));
        Assert.Equal(1, inner.Calls);
        // The copy itself now knows: a ledger build that checks it again does no verification at all.
        Assert.True(copy.IsSignatureKnownValid);
    }

    [Fact]
    public void A_forged_signature_stays_rejected_on_every_copy()
    {
        var client = new Client("cache-forged");
        var bytes = client.Notarize(1).Encoded.ToArray();
        bytes[^1] ^= 1; // the signature's last byte: still well formed, no longer valid
        Assert.True(Transaction.TryDecode(bytes, out var forged, out var error), error.ToString());
        var inner = new CountingVerifier();
        var cache = new CachingTransactionVerifier(inner);

        Assert.False(cache.Verify(forged!));
        var copy = Copy(forged!);
        Assert.False(cache.Verify(copy));
        Assert.False(copy.IsSignatureKnownValid);
        Assert.False(copy.VerifySignature());
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public void A_full_cache_starts_over()
    {
        var client = new Client("cache-bound");
        var txs = Enumerable.Range(0, 3).Select(i => Copy(client.Notarize(i))).ToArray();
        var inner = new CountingVerifier();
        var cache = new CachingTransactionVerifier(inner, capacity: 2);
        foreach (var tx in txs) Assert.True(cache.Verify(tx));
        Assert.Equal(3, inner.Calls);
        // The first two were forgotten when the third arrived: a fresh copy of the first is checked again.
        Assert.True(cache.Verify(Copy(txs[0])));
        Assert.Equal(4, inner.Calls);
    }
}
