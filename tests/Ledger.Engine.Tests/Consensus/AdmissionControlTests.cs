using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>Admission control (<see cref="ConsensusParameters.SubmissionQueueLimit"/>): a node holding as many
/// unconfirmed transactions as it admits refuses a client's submission as <see cref="TxResult.NodeBusy"/>, relays nothing
/// of it and keeps it out of its pool, while it still takes what its peers relay; the client may submit it again once
/// the pool has room.</summary>
public class AdmissionControlTests
{
    private const int Limit = 3;

    private static TestNetwork Network(int clients, int? limit = Limit) =>
        new(11, 4, ConsensusNodeTests.Fast() with { SubmissionQueueLimit = limit }, new FaultPlan(), clients);

    private static List<NodeEffect> Drain(ConsensusNode node)
    {
        var effects = new List<NodeEffect>();
        node.DrainEffects(effects);
        return effects;
    }

    /// <summary>Node 0 of a fresh network with <see cref="Limit"/> clients' submissions in its pool (its effects not
    /// drained), and one more transaction not yet submitted.</summary>
    private static (TestNetwork Net, ConsensusNode Node, Transaction Next, long Now) AtTheLimit()
    {
        var net = Network(clients: 5);
        var node = net.Node(0)!;
        long now = TestNetwork.GenesisTimeMs + 1_000;
        var txs = net.Clients.Select((c, i) => c.Notarize(i)).ToList();
        for (int i = 0; i < Limit; i++) node.Submit(now, txs[i]);
        return (net, node, txs[Limit], now);
    }

    [Fact]
    public void At_the_limit_a_clients_submission_is_refused_as_busy_and_neither_pooled_nor_relayed()
    {
        var (_, node, next, now) = AtTheLimit();
        Assert.Equal(Limit, node.PendingCount);
        Drain(node);

        node.Submit(now, next);
        var effects = Drain(node);
        var refusal = Assert.Single(effects.OfType<TransactionRejectedEffect>());
        Assert.Equal((next.Id, TxResult.NodeBusy), (refusal.TxId, refusal.Result));
        Assert.Contains("busy", refusal.Reason, StringComparison.Ordinal);
        Assert.Empty(effects.OfType<BroadcastEffect>());
        Assert.Equal(Limit, node.PendingCount);
        Assert.Equal(1, node.Counters.BusyRefusals);
    }

    [Fact]
    public void Past_the_limit_a_node_still_takes_what_its_peers_relay()
    {
        var (net, node, next, now) = AtTheLimit();
        node.HandleMessage(now, net.Validators[1].Id, new TransactionMessage(next));
        Assert.Equal(Limit + 1, node.PendingCount);
        Assert.Equal(0, node.Counters.Dropped(DropReason.PoolFull));
        Assert.Empty(Drain(node).OfType<TransactionRejectedEffect>());
    }

    [Fact]
    public void Once_a_ledger_takes_the_pool_the_refused_transaction_is_admitted_and_validated()
    {
        var net = Network(clients: 5);
        var txs = net.Clients.Select((c, i) => c.Notarize(i)).ToList();
        long at = net.NowMs + 100;
        foreach (var tx in txs.Take(Limit + 1)) net.SubmitAt(at, 0, tx);
        net.RunUntil(at);
        Assert.Equal(TxResult.NodeBusy, net.Rejected[0][txs[Limit].Id]);
        net.RunUntil(net.NowMs + 10_000);
        for (int i = 0; i < net.Count; i++)
        {
            Assert.True(txs.Take(Limit).All(t => net.CommittedAt(i).Contains(t.Id)) && !net.CommittedAt(i).Contains(txs[Limit].Id),
                $"[seed {net.Seed}] node {i}: {net.Describe()}");
        }

        net.SubmitAt(net.NowMs + 100, 0, txs[Limit]);
        net.RunUntil(net.NowMs + 10_000);
        for (int i = 0; i < net.Count; i++) Assert.True(net.CommittedAt(i).Contains(txs[Limit].Id), $"[seed {net.Seed}] node {i}: {net.Describe()}");
        net.AssertAgreement();
    }

    [Fact]
    public void Without_a_limit_a_node_admits_up_to_its_pool_and_a_limit_outside_it_is_a_named_problem()
    {
        Assert.Equal(new ConsensusParameters().MaxPendingTransactions, new ConsensusParameters().SubmissionLimit);
        Assert.True(new ConsensusParameters { SubmissionQueueLimit = 2 }.AdmitsSubmission(1));
        Assert.False(new ConsensusParameters { SubmissionQueueLimit = 2 }.AdmitsSubmission(2));
        Assert.Contains(new ConsensusParameters { SubmissionQueueLimit = 0 }.Problems(), p => p.StartsWith(nameof(ConsensusParameters.SubmissionQueueLimit), StringComparison.Ordinal));
        Assert.Contains(new ConsensusParameters { SubmissionQueueLimit = 100_001 }.Problems(), p => p.StartsWith(nameof(ConsensusParameters.SubmissionQueueLimit), StringComparison.Ordinal));
    }
}
