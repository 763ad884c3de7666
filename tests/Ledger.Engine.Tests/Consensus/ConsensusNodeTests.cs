using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using Xunit.Abstractions;

namespace HealthLedger.Engine.Tests.Consensus;

public class ConsensusNodeTests(ITestOutputHelper output)
{
    internal static ConsensusParameters Fast(QuorumPolicy? policy = null) => new()
    {
        CloseIntervalMs = 500,
        IdleIntervalMs = 1_000,
        MinConsensusMs = 100,
        AvalancheMinConsensusMs = 500,
        ProposeIntervalMs = 500,
        ProposalFreshnessMs = 2_000,
        ValidationResendIntervalMs = 500,
        AbandonConsensusMs = 6_000,
        FetchTimeoutMs = 300,
        TickIntervalMs = 50,
        CloseTimeResolutionMs = 100,
        Quorum = policy ?? QuorumPolicy.Default,
    };

    [Theory]
    [InlineData(4, "flat")]
    [InlineData(7, "weighted")]
    [InlineData(16, "groups")]
    public void Without_faults_every_submitted_transaction_is_validated_everywhere(int n, string policy)
    {
        var net = new TestNetwork(1, n, Fast(QuorumPolicy.Parse(policy)), new FaultPlan());
        var txs = new List<Transaction>();
        for (int i = 0; i < 12; i++)
        {
            var tx = net.Clients[i % net.Clients.Count].Notarize(i);
            txs.Add(tx);
            net.SubmitAt(net.NowMs + 100 * i, i % n, tx);
        }
        net.RunUntil(net.NowMs + 10_000);
        output.WriteLine(net.Describe());
        net.AssertAgreement();
        net.AssertValidity(new HashSet<Hash256>());
        for (int i = 0; i < n; i++)
        {
            var committed = net.CommittedAt(i);
            foreach (var tx in txs) Assert.True(committed.Contains(tx.Id), $"[seed {net.Seed}] node {i} lacks {tx}: {net.Describe()}");
        }
    }

    [Fact]
    public void A_steady_stream_of_messages_does_not_hold_back_the_rounds()
    {
        // Under load a node receives a message every few milliseconds. The periodic check (dispute votes, re-proposals,
        // the accept decision) is due one tick interval after the last tick, not after the last input: measured from
        // the input, every relayed transaction pushed it back, and rounds waited for a lull or for the abandon timeout.
        var parameters = Fast();
        var net = new TestNetwork(3, 4, parameters, new FaultPlan(DelayMinMs: 2, DelayMaxMs: 10), clients: 20);
        long start = net.NowMs;
        var txs = new List<Transaction>();
        for (int i = 0; i < 2_000; i++) // one transaction every 5 ms for 10 s
        {
            var tx = net.Clients[i % net.Clients.Count].Notarize(i);
            txs.Add(tx);
            net.SubmitAt(start + 5 * i, i % net.Count, tx);
        }
        net.RunUntil(start + 10_000);
        output.WriteLine(net.Describe());
        for (int i = 0; i < net.Count; i++)
        {
            var node = net.Node(i)!;
            Assert.True(node.Counters.AbandonedRounds == 0, $"[seed {net.Seed}] node {i} abandoned {node.Counters.AbandonedRounds} round(s): {net.Describe()}");
            // A round takes the close interval, the minimum establish time and a few message delays: about 700 ms here.
            Assert.True(node.LastValidatedLedger.Sequence >= 10, $"[seed {net.Seed}] node {i} validated only {node.LastValidatedLedger.Sequence} ledgers in 10 s: {net.Describe()}");
        }
        net.RunUntil(start + 15_000);
        net.AssertAgreement();
        for (int i = 0; i < net.Count; i++)
        {
            var committed = net.CommittedAt(i);
            Assert.True(txs.All(t => committed.Contains(t.Id)), $"[seed {net.Seed}] node {i} lacks {txs.Count(t => !committed.Contains(t.Id))} transactions: {net.Describe()}");
        }
    }
}
