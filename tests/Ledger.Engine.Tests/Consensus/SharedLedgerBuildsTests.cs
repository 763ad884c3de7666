using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Tests.Ledger;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>Nodes of one process sharing each distinct ledger build get exactly what building it themselves gives.</summary>
public sealed class SharedLedgerBuildsTests
{
    private static (ClosedLedger Parent, TxSet Set) Round(int count, byte salt = 0)
    {
        var alice = new Party("alice", Role.Patient);
        var chain = new TestChain(alice);
        var txs = Enumerable.Range(0, count).Select(i => alice.Sign(new Notarize(Hash256.Compute([salt, (byte)i]), []))).ToList();
        return (chain.Head, new TxSet(txs));
    }

    [Fact]
    public void A_shared_build_is_built_once_and_equals_a_direct_build()
    {
        var (parent, set) = Round(5);
        var shared = new SharedLedgerBuilds();
        var first = shared.Build(parent, set, parent.CloseTimeMs + 1000, SignatureVerifier.Instance);
        var second = shared.Build(parent, set, parent.CloseTimeMs + 1000, SignatureVerifier.Instance);
        var direct = DirectLedgerBuilds.Instance.Build(parent, set, parent.CloseTimeMs + 1000, SignatureVerifier.Instance);
        Assert.Same(first, second);
        Assert.Equal(direct.Ledger.Hash, first.Ledger.Hash);
        Assert.Equal(5, first.Ledger.Transactions.Count);
        Assert.Equal((1, 1), (shared.Builds, shared.Shared));
    }

    private sealed class Asking : ISignatureVerifier
    {
        public List<Hash256> Asked { get; } = [];

        public bool Verify(Transaction transaction)
        {
            Asked.Add(transaction.Id);
            return SignatureVerifier.Instance.Verify(transaction);
        }
    }

    [Fact]
    public void A_node_handed_a_shared_build_is_asked_every_signature_question_building_it_would_have_asked()
    {
        var (parent, set) = Round(6);
        var shared = new SharedLedgerBuilds();
        var alone = new Asking();
        var builder = new Asking();
        var sharer = new Asking();
        DirectLedgerBuilds.Instance.Build(parent, set, parent.CloseTimeMs + 1000, alone);
        shared.Build(parent, set, parent.CloseTimeMs + 1000, builder);
        shared.Build(parent, set, parent.CloseTimeMs + 1000, sharer);
        Assert.Equal(6, alone.Asked.Count);
        Assert.Equal(alone.Asked, builder.Asked);
        Assert.Equal(alone.Asked, sharer.Asked);
    }

    [Fact]
    public void A_different_close_time_or_set_is_a_different_build()
    {
        var (parent, set) = Round(3);
        var (_, other) = Round(3, salt: 1);
        var shared = new SharedLedgerBuilds();
        var a = shared.Build(parent, set, parent.CloseTimeMs + 1000, SignatureVerifier.Instance);
        var b = shared.Build(parent, set, parent.CloseTimeMs + 2000, SignatureVerifier.Instance);
        var c = shared.Build(parent, other, parent.CloseTimeMs + 1000, SignatureVerifier.Instance);
        Assert.NotEqual(a.Ledger.Hash, b.Ledger.Hash);
        Assert.NotEqual(a.Ledger.Hash, c.Ledger.Hash);
        Assert.Equal(3, shared.Builds);
    }

    [Fact]
    public void Nodes_racing_to_the_same_ledger_wait_for_one_build()
    {
        var (parent, set) = Round(50);
        var shared = new SharedLedgerBuilds();
        var results = new BuildResult[16];
        Parallel.For(0, results.Length, i => results[i] = shared.Build(parent, set, parent.CloseTimeMs + 1000, SignatureVerifier.Instance));
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal(1, shared.Builds);
    }

    [Fact]
    public void The_oldest_results_are_forgotten_beyond_the_capacity()
    {
        var (parent, set) = Round(2);
        var shared = new SharedLedgerBuilds(capacity: 2);
        for (int i = 1; i <= 3; i++) shared.Build(parent, set, parent.CloseTimeMs + i * 1000, SignatureVerifier.Instance);
        shared.Build(parent, set, parent.CloseTimeMs + 3000, SignatureVerifier.Instance); // still held
        Assert.Equal(3, shared.Builds);
        shared.Build(parent, set, parent.CloseTimeMs + 1000, SignatureVerifier.Instance); // forgotten: built again
        Assert.Equal(4, shared.Builds);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SharedLedgerBuilds(0));
    }
}
