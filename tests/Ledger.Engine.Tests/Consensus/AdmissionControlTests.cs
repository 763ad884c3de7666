using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Tests;

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
        var node = Network(clients: 1, limit: 2).Node(0)!;
        Assert.Equal(2, node.SubmissionLimit);
        Assert.True(node.AdmitsSubmission(1));
        Assert.False(node.AdmitsSubmission(2));
        Assert.Contains(new ConsensusParameters { SubmissionQueueLimit = 0 }.Problems(), p => p.StartsWith(nameof(ConsensusParameters.SubmissionQueueLimit), StringComparison.Ordinal));
        Assert.Contains(new ConsensusParameters { SubmissionQueueLimit = 100_001 }.Problems(), p => p.StartsWith(nameof(ConsensusParameters.SubmissionQueueLimit), StringComparison.Ordinal));
        Assert.Empty(new ConsensusParameters { SubmissionQueueMs = 0 }.Problems()); // off
        Assert.Contains(new ConsensusParameters { SubmissionQueueMs = -1 }.Problems(), p => p.StartsWith(nameof(ConsensusParameters.SubmissionQueueMs), StringComparison.Ordinal));
        Assert.Contains(new ConsensusParameters { SubmissionQueueMs = ConsensusParameters.MaxSubmissionQueueMs + 1 }.Problems(), p => p.StartsWith(nameof(ConsensusParameters.SubmissionQueueMs), StringComparison.Ordinal));
    }

    [Fact]
    public void A_limit_in_time_binds_only_while_waits_are_long_and_then_follows_the_capacity_validated()
    {
        // Ledgers of at most 40 (a floor of 20), a ceiling of 1,000 and a queue of 2 s. At 20 tx/s the network keeps up,
        // the waits are short and nothing is refused below the ceiling; at 200 tx/s it validates at most a ledger a
        // round, the waits pass 2 s, and the limit falls to 2 s of the most the node saw validated, refusing the rest.
        var parameters = ConsensusNodeTests.Fast() with { MaxTransactionsPerLedger = 40, SubmissionQueueLimit = 1_000, SubmissionQueueMs = 2_000 };
        Assert.Equal(20, parameters.SubmissionFloor);
        var net = new TestNetwork(12, 4, parameters, new FaultPlan(), clients: 1_300);
        var node = net.Node(0)!;
        Assert.Equal(1_000, node.SubmissionLimit);
        long start = net.NowMs + 100;
        int next = 0;
        for (int i = 0; i < 80; i++, next++) net.SubmitAt(start + i * 50, i % net.Count, net.Clients[next].Notarize(next)); // 20 tx/s for 4 s
        net.RunUntil(start + 4_000);
        Assert.InRange(node.SubmissionWaitMs, 1, 1_999);
        Assert.Equal(1_000, node.SubmissionLimit);

        start = net.NowMs;
        for (int i = 0; i < 1_200; i++, next++) net.SubmitAt(start + i * 5, i % net.Count, net.Clients[next].Notarize(next)); // 200 tx/s for 6 s
        net.RunUntil(start + 6_000);
        Assert.True(node.SubmissionWaitMs > 2_000, $"[seed {net.Seed}] waits {node.SubmissionWaitMs} ms");
        Assert.Equal((int)Math.Clamp(Math.Round(node.ValidatedTxCapacity * 2), 20, 1_000), node.SubmissionLimit);
        Assert.True(node.SubmissionLimit < 1_000, $"limit {node.SubmissionLimit}");
        Assert.Contains(net.Rejected[0].Values, r => r == TxResult.NodeBusy);

        // The load gone, the pool drains; an empty ledger waited for nothing and the ceiling is back.
        net.RunUntil(net.NowMs + 30_000);
        Assert.Equal(0, node.PendingCount);
        Assert.Equal(1_000, node.SubmissionLimit);
        net.AssertAgreement();
    }

    [Fact]
    public void A_node_catching_up_does_not_read_a_burst_of_ledgers_as_a_rate()
    {
        var rate = new ValidatedRate(closeIntervalMs: 1_000);
        Assert.Equal(0, rate.PerSecond);
        for (int i = 0; i < ValidatedRate.Ledgers; i++) rate.Add(5_000, 700); // all in one input
        Assert.Equal(700, rate.PerSecond); // 7 ledgers after the first, over at least 7 close intervals
        for (int i = 0; i < ValidatedRate.Ledgers; i++) rate.Add(10_000 + i * 2_000, 3_000); // one ledger of 3,000 every 2 s
        Assert.Equal(1_500, rate.PerSecond);
    }

    [Fact]
    public void The_capacity_holds_while_fewer_transactions_come_and_is_forgotten_after_its_window()
    {
        // A limit from the rate just seen shrinks the load it is measured on: fewer admitted, smaller ledgers, a lower
        // rate, a lower limit. The capacity is the most seen over the window, so it stays while ledgers shrink.
        var rate = new ValidatedRate(closeIntervalMs: 1_000);
        long at = 0;
        for (int i = 0; i < ValidatedRate.Ledgers; i++) rate.Add(at += 1_000, 2_000); // 2,000 tx/s
        Assert.Equal(2_000, rate.Capacity);
        for (int i = 0; i < ValidatedRate.Ledgers; i++) rate.Add(at += 1_000, 500);
        Assert.Equal(500, rate.PerSecond);
        Assert.Equal(2_000, rate.Capacity);
        for (int i = 0; i < ValidatedRate.CapacityLedgers; i++) rate.Add(at += 1_000, 500); // every window of the last 64 all slow
        Assert.Equal(500, rate.Capacity);
    }

    [Fact]
    public void Rate_and_capacity_follow_their_definitions_and_never_exceed_a_full_ledger_each_close_interval()
    {
        // Any history of validations (several in one input included): the rate is the transactions of the window's
        // ledgers after the first over max(time spanned, a close interval a ledger); the capacity the most of those
        // rates over the last 64 ledgers. Neither can read more than the largest ledger per close interval, however
        // quickly a node catching up validates.
        const long closeMs = 1_000;
        var gen = Gen.ListOf(Gen.Zip(Gen.Elements(0L, 0L, 1L, 500L, 1_000L, 1_300L, 4_000L), Gen.Choose(0, 10_000)))
            .Select(l => l.ToArray());
        Prop.ForAll(Arb.From(gen), ledgers =>
        {
            var rate = new ValidatedRate(closeMs);
            var seen = new List<(long At, int Tx)>();
            var rates = new List<double>();
            long at = 0;
            foreach (var (gap, tx) in ledgers)
            {
                rate.Add(at += gap, tx);
                seen.Add((at, tx));
                var window = seen.TakeLast(ValidatedRate.Ledgers).ToList();
                double expected = window.Count < 2 ? 0
                    : window.Skip(1).Sum(l => (long)l.Tx) * 1000.0 / Math.Max(window[^1].At - window[0].At, (window.Count - 1) * closeMs);
                rates.Add(expected);
                Assert.Equal(expected, rate.PerSecond);
                Assert.Equal(rates.TakeLast(ValidatedRate.CapacityLedgers).Max(), rate.Capacity);
                Assert.InRange(rate.Capacity, rate.PerSecond, seen.Max(l => l.Tx) * 1000.0 / closeMs);
            }
        }).Check(PropertyConfig.Default(seed: 1207, maxTest: 200));
    }
}
