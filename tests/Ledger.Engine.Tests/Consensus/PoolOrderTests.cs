using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>When more transactions are pending than a ledger takes, a node proposes the ones that can apply next, first
/// come first served: the validators' pools differ in what came in last, so that is where the cut falls, and no sender
/// waits behind others for as long as the load lasts.</summary>
public class PoolOrderTests
{
    private const int Cap = 3;

    /// <summary>Submits <paramref name="txs"/> in order to a lone validator of a 4-validator network, lets it close,
    /// and returns the set its proposal names.</summary>
    private static Hash256 ProposedSetAfterSubmitting(TestNetwork net, IEnumerable<Transaction> txs)
    {
        var node = net.Node(0)!;
        long now = TestNetwork.GenesisTimeMs + 1_000;
        foreach (var tx in txs) node.Submit(now++, tx);
        node.HandleTick(now + 10_000);
        var effects = new List<NodeEffect>();
        node.DrainEffects(effects);
        var proposals = effects.OfType<BroadcastEffect>()
            .Select(b => ConsensusMessage.TryDecode(b.Message, out var m, out _) ? m : null)
            .OfType<ProposalMessage>().ToList();
        return Assert.Single(proposals).TxSetHash;
    }

    private static TestNetwork Network(int clients) => new(7, 4, ConsensusNodeTests.Fast() with { MaxTransactionsPerLedger = Cap }, new FaultPlan(), clients);

    [Fact]
    public void Over_the_cap_the_earliest_arrivals_are_proposed_whatever_their_ids_or_senders()
    {
        var net = Network(clients: 6);
        // One transaction per sender, submitted in reverse order of their senders' account ids: a ranking by sender (as
        // before 2026-12-05) would propose the last three.
        var txs = net.Clients.Select((c, i) => c.Notarize(i)).OrderByDescending(t => t.Sender).ToList();
        Assert.Equal(new TxSet(txs.Take(Cap)).Hash, ProposedSetAfterSubmitting(net, txs));
    }

    [Fact]
    public void A_senders_next_sequence_goes_before_later_ones_that_came_in_earlier()
    {
        var net = Network(clients: 2);
        var (a, b) = (net.Clients[0], net.Clients[1]);
        var a0 = a.Notarize(0);
        var a1 = a.Notarize(1);
        var a2 = a.Notarize(2);
        var b0 = b.Notarize(3);
        // a's chain arrives out of order, b's only transaction last: what can apply next (a0, b0) goes first, then a1.
        Assert.Equal(new TxSet([a0, b0, a1]).Hash, ProposedSetAfterSubmitting(net, [a2, a1, a0, b0]));
    }
}
