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
}
