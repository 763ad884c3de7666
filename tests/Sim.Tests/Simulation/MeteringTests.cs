using System.Text;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Sim.Tests.Simulation;

/// <summary>The CPU model's charge for transaction checks: once per node per transaction, whoever else asked.</summary>
public class MeteringTests
{
    private static readonly SigningKey Key = SigningKey.FromLabel(SignatureSchemes.Ed25519, "metering-test");

    private static Transaction Tx(int i) =>
        Transaction.Create(Key, (ulong)i + 1, new Notarize(Hash256.Compute(BitConverter.GetBytes(i)), Encoding.UTF8.GetBytes("m")));

    private sealed class CountingVerifier : ISignatureVerifier
    {
        public int Calls;

        public bool Verify(Transaction transaction)
        {
            Calls++;
            return transaction.VerifySignature();
        }
    }

    [Fact]
    public void Each_node_is_charged_once_per_transaction_and_every_question_is_still_answered()
    {
        var inner = new CountingVerifier();
        var index = new TransactionIndex();
        var meters = new[] { new WorkMeter(), new WorkMeter(), new WorkMeter() };
        var nodes = meters.Select(m => new MeteredTransactionVerifier(inner, m, index)).ToArray();
        var txs = Enumerable.Range(0, 200).Select(Tx).ToArray();

        // Node 0 asks about everything twice, node 1 about the even ones, node 2 about a copy decoded from the bytes.
        foreach (var tx in txs.Concat(txs)) Assert.True(nodes[0].Verify(tx));
        foreach (var tx in txs.Where((_, i) => i % 2 == 0)) Assert.True(nodes[1].Verify(tx));
        foreach (var tx in txs)
        {
            Assert.True(Transaction.TryDecode(tx.Encoded.Span, out var copy, out _));
            Assert.True(nodes[2].Verify(copy!));
        }

        Assert.Equal(200, meters[0].Verifications);
        Assert.Equal(100, meters[1].Verifications);
        Assert.Equal(200, meters[2].Verifications); // the same ids: the memory is by id, not by object
        Assert.Equal(200 * 2 + 100 + 200, inner.Calls); // every question reaches the shared verifier
    }

    [Fact]
    public void A_forgotten_or_evicted_check_is_charged_again()
    {
        var meter = new WorkMeter();
        var node = new MeteredTransactionVerifier(new CountingVerifier(), meter, new TransactionIndex(), remembered: 50);
        var txs = Enumerable.Range(0, 40).Select(Tx).ToArray();
        foreach (var tx in txs) node.Verify(tx);
        Assert.Equal(40, meter.Verifications);

        node.Forget(); // a restart
        foreach (var tx in txs) node.Verify(tx);
        Assert.Equal(80, meter.Verifications);

        // 40 remembered; ten more reach the limit of 50, and the next question starts the memory over.
        foreach (var tx in Enumerable.Range(40, 10).Select(Tx)) node.Verify(tx);
        Assert.Equal(90, meter.Verifications);
        node.Verify(txs[0]);
        Assert.Equal(91, meter.Verifications);
        node.Verify(txs[0]);
        Assert.Equal(91, meter.Verifications);
    }

    [Fact]
    public void When_the_index_starts_over_every_node_forgets_with_it()
    {
        var index = new TransactionIndex(capacity: 30);
        var meters = new[] { new WorkMeter(), new WorkMeter() };
        var nodes = meters.Select(m => new MeteredTransactionVerifier(new CountingVerifier(), m, index)).ToArray();
        var txs = Enumerable.Range(0, 31).Select(Tx).ToArray();
        foreach (var tx in txs[..30]) nodes[0].Verify(tx);
        nodes[1].Verify(txs[0]);
        Assert.Equal((30, 1), (meters[0].Verifications, meters[1].Verifications));

        // The 31st id starts a new generation and takes number 0, txs[0]'s number before: node 1 is charged for it, not
        // taken to have asked already.
        nodes[1].Verify(txs[30]);
        Assert.Equal(2, meters[1].Verifications);
        nodes[0].Verify(txs[0]); // numbered afresh: charged again
        nodes[1].Verify(txs[0]);
        Assert.Equal((31, 3), (meters[0].Verifications, meters[1].Verifications));
        nodes[0].Verify(txs[0]);
        Assert.Equal(31, meters[0].Verifications);
    }
}
