using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>A peer's proposed set is fetched as member ids, then only the members this node lacks: what it already
/// received by relay is never sent again.</summary>
public class TxSetFetchTests
{
    private readonly TestNetwork _net = new(7, 4, ConsensusNodeTests.Fast(), new FaultPlan());
    private readonly ConsensusNode _node;
    private readonly long _now = TestNetwork.GenesisTimeMs + 100;

    public TxSetFetchTests() => _node = _net.Node(0)!;

    private Hash256 Peer(int i) => _net.Validators[i].Id;

    /// <summary>Peer <paramref name="peer"/> proposes <paramref name="set"/> for ledger 1; returns what the node sends.</summary>
    private List<ConsensusMessage> Propose(int peer, TxSet set)
    {
        var key = _net.ValidatorKey(peer);
        long close = TestNetwork.GenesisTimeMs + 1_000;
        var signature = key.Sign(ProposalMessage.SignedBytesFor(key.Public.Id, 1, _net.Genesis.Hash, 0, set.Hash, close, 0));
        return Handle(peer, new ProposalMessage(key.Public.Id, 1, _net.Genesis.Hash, 0, set.Hash, close, 0, signature));
    }

    private List<ConsensusMessage> Handle(int peer, ConsensusMessage message)
    {
        _node.HandleMessage(_now, Peer(peer), message.Encode());
        var effects = new List<NodeEffect>();
        _node.DrainEffects(effects);
        return effects.OfType<SendEffect>().Where(e => e.To == Peer(peer))
            .Select(e => ConsensusMessage.TryDecode(e.Message, out var m, out _) ? m! : throw new InvalidOperationException("undecodable"))
            .ToList();
    }

    [Fact]
    public void Only_the_members_the_node_lacks_are_asked_for_and_the_assembled_set_is_served()
    {
        var held = Enumerable.Range(0, 5).Select(i => _net.Clients[i % 3].Notarize(i)).ToArray();
        foreach (var tx in held) _node.Submit(_now, tx);
        var lacking = _net.Clients[0].Notarize(100);
        var set = new TxSet([.. held, lacking]);

        var asked = Assert.IsType<TxSetRequestMessage>(Assert.Single(Propose(1, set)));
        Assert.Equal(set.Hash, asked.SetHash);
        Assert.Empty(asked.Wanted);

        var wanted = Assert.IsType<TxSetRequestMessage>(Assert.Single(Handle(1, new TxSetResponseMessage(set.Hash, set.Ids.ToArray()))));
        Assert.Equal([lacking.Id], wanted.Wanted);

        // A member the ids did not name spoils the whole answer; the fetch stays open.
        long badBefore = _node.Counters.Dropped(DropReason.BadContent);
        Assert.Empty(Handle(1, new TxSetTransactionsMessage(set.Hash, [lacking, _net.Clients[1].Notarize(200)])));
        Assert.Equal(badBefore + 1, _node.Counters.Dropped(DropReason.BadContent));

        Assert.Empty(Handle(1, new TxSetTransactionsMessage(set.Hash, [lacking])));
        var ids = Assert.IsType<TxSetResponseMessage>(Assert.Single(Handle(2, new TxSetRequestMessage(set.Hash))));
        Assert.Equal(set.Ids.ToArray(), ids.Ids);
        var members = Assert.IsType<TxSetTransactionsMessage>(Assert.Single(Handle(2, new TxSetRequestMessage(set.Hash, [lacking.Id, held[0].Id]))));
        Assert.Equal(new[] { lacking.Id, held[0].Id }.Order(), members.Transactions.Select(t => t.Id).Order());

        // Complete: a late copy of the answer is a duplicate.
        long dupBefore = _node.Counters.Dropped(DropReason.Duplicate);
        Handle(1, new TxSetTransactionsMessage(set.Hash, [lacking]));
        Assert.Equal(dupBefore + 1, _node.Counters.Dropped(DropReason.Duplicate));
    }

    [Fact]
    public void A_set_the_node_holds_entirely_costs_one_id_list_and_no_bodies()
    {
        var held = Enumerable.Range(0, 4).Select(i => _net.Clients[i % 3].Notarize(i)).ToArray();
        foreach (var tx in held) _node.Submit(_now, tx);
        var set = new TxSet(held);
        Assert.IsType<TxSetRequestMessage>(Assert.Single(Propose(1, set)));
        Assert.Empty(Handle(1, new TxSetResponseMessage(set.Hash, set.Ids.ToArray())));
        Assert.IsType<TxSetResponseMessage>(Assert.Single(Handle(3, new TxSetRequestMessage(set.Hash))));
    }

    [Fact]
    public void Ids_that_do_not_hash_to_the_proposed_set_are_refused()
    {
        var txs = Enumerable.Range(0, 3).Select(i => _net.Clients[0].Notarize(i)).ToArray();
        var set = new TxSet(txs);
        Assert.IsType<TxSetRequestMessage>(Assert.Single(Propose(2, set)));
        long before = _node.Counters.Dropped(DropReason.BadContent);
        Assert.Empty(Handle(2, new TxSetResponseMessage(set.Hash, set.Ids[..2].ToArray())));
        Assert.Equal(before + 1, _node.Counters.Dropped(DropReason.BadContent));
        // Still outstanding: the honest ids are taken, and the members asked for.
        var wanted = Assert.IsType<TxSetRequestMessage>(Assert.Single(Handle(2, new TxSetResponseMessage(set.Hash, set.Ids.ToArray()))));
        Assert.Equal(set.Ids.ToArray(), wanted.Wanted);
    }

    [Fact]
    public void Wanted_ids_out_of_order_do_not_decode()
    {
        var a = Hash256.Compute([1]);
        var b = Hash256.Compute([2]);
        var (low, high) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
        Assert.True(ConsensusMessage.TryDecode(new TxSetRequestMessage(a, [low, high]).Encode(), out _, out _));
        Assert.False(ConsensusMessage.TryDecode(new TxSetRequestMessage(a, [high, low]).Encode(), out _, out var error));
        Assert.Contains("strictly ascending", error.Reason);
        Assert.False(ConsensusMessage.TryDecode(new TxSetResponseMessage(a, [low, low]).Encode(), out _, out _));
    }
}

/// <summary>The two-step fetch in whole networks: with relays lost, nodes ask for the members they missed and still
/// agree on every ledger.</summary>
public class TxSetFetchNetworkTests
{
    private static TestNetwork Loaded(ulong seed, double dropRate)
    {
        var net = new TestNetwork(seed, 7, ConsensusNodeTests.Fast(), new FaultPlan(DelayMinMs: 2, DelayMaxMs: 40, DropRate: dropRate), clients: 20);
        long start = net.NowMs;
        for (int i = 0; i < 1_500; i++) // one transaction every 4 ms for 6 s, each to one node
            net.SubmitAt(start + 4 * i, i % net.Count, net.Clients[i % net.Clients.Count].Notarize(i));
        net.RunUntil(start + 12_000);
        return net;
    }

    [Theory]
    [InlineData(21UL)]
    [InlineData(22UL)]
    [InlineData(23UL)]
    public void Lost_relays_are_made_up_by_fetching_only_the_missing_members(ulong seed)
    {
        var net = Loaded(seed, dropRate: 0.1);
        net.AssertAgreement();
        long sets = 0, members = 0;
        for (int i = 0; i < net.Count; i++)
        {
            sets += net.Node(i)!.Counters.SetsFetched;
            members += net.Node(i)!.Counters.SetMembersFetched;
        }
        Assert.True(sets > 0, $"[seed {seed}] no set was fetched: {net.Describe()}");
        Assert.True(members > 0, $"[seed {seed}] with 10% of messages lost, no node lacked a member of a set it fetched: {net.Describe()}");
        Assert.All(Enumerable.Range(0, net.Count), i => Assert.True(net.Node(i)!.LastValidatedLedger.Sequence >= 5, $"[seed {seed}] node {i} fell behind: {net.Describe()}"));
    }
}
