using HealthLedger.Attacks.Byzantine;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Attacks.Tests.Byzantine;

public class BehaviourTests
{
    private readonly ByzantineFixture _f = new();

    private byte[] PeerValidation(int peer, uint sequence, Hash256 ledger) =>
        new ValidationMessage(_f.Peer(peer), sequence, ledger, _f.Keys[peer].Sign(ValidationMessage.SignedBytesFor(_f.Peer(peer), sequence, ledger))).Encode();

    [Fact]
    public void Every_kind_is_registered_and_declares_what_it_attacks()
    {
        Assert.Equal(["withhold", "equivocate", "censor", "invalidSet"], ByzantineBehaviours.Kinds);
        foreach (var kind in ByzantineBehaviours.Kinds)
        {
            var behaviour = ByzantineBehaviours.Create(new AdversarySpec { Kind = kind, Nodes = [0] });
            Assert.Equal(kind, behaviour.Name);
            Assert.Contains(behaviour.Attacks, new[] { "agreement", "liveness", "validity" });
        }
    }

    [Fact]
    public void Equivocator_sends_no_vote_of_its_own_but_relays_transactions()
    {
        var b = new EquivocateBehaviour();
        var output = new List<NodeEffect>();
        var own = ByzantineMessages.Validation(_f.Context, 3, Hash256.Compute("a"u8));
        b.Transform(_f.Context, new BroadcastEffect(own.Encode()), output);
        var relay = new BroadcastEffect(new TransactionMessage(ByzantineFixture.Notarization("relay")).Encode());
        b.Transform(_f.Context, relay, output);
        Assert.Equal([relay], output);
    }

    [Fact]
    public void Equivocator_validates_for_each_peer_the_ledger_that_peer_validated()
    {
        var b = new EquivocateBehaviour();
        var (ledgerA, ledgerB) = (Hash256.Compute("A"u8), Hash256.Compute("B"u8));
        var toPeer1 = new List<NodeEffect>();
        var toPeer2 = new List<NodeEffect>();
        Assert.True(b.Receive(_f.Context, _f.Peer(1), PeerValidation(1, 5, ledgerA), toPeer1));
        Assert.True(b.Receive(_f.Context, _f.Peer(2), PeerValidation(2, 5, ledgerB), toPeer2));

        ValidationMessage Answer(List<NodeEffect> effects, int peer)
        {
            var send = Assert.IsType<SendEffect>(Assert.Single(effects));
            Assert.Equal(_f.Peer(peer), send.To);
            Assert.True(ConsensusMessage.TryDecode(send.Message, out var m, out _));
            return Assert.IsType<ValidationMessage>(m);
        }
        var a = Answer(toPeer1, 1);
        var c = Answer(toPeer2, 2);
        // Two different ledgers at one sequence, both signed with the adversary's own key: an equivocation.
        Assert.Equal((5u, ledgerA, 5u, ledgerB), (a.LedgerSequence, a.LedgerHash, c.LedgerSequence, c.LedgerHash));
        Assert.True(DirectConsensusVerifier.Instance.Verify(_f.Keys[0].Public, a.SignedBytes(), a.Signature));
        Assert.True(DirectConsensusVerifier.Instance.Verify(_f.Keys[0].Public, c.SignedBytes(), c.Signature));

        // A repeat within the re-send interval is not answered again (two equivocators cannot loop).
        var again = new List<NodeEffect>();
        b.Receive(_f.Context, _f.Peer(1), PeerValidation(1, 5, ledgerA), again);
        Assert.Empty(again);
    }

    [Fact]
    public void Equivocator_mirrors_a_peer_position_signed_as_its_own()
    {
        var b = new EquivocateBehaviour();
        var prev = Hash256.Compute("prev"u8);
        var set = Hash256.Compute("set"u8);
        var signed = ProposalMessage.SignedBytesFor(_f.Peer(3), 2, prev, 1, set, 5_000, 1);
        var proposal = new ProposalMessage(_f.Peer(3), 2, prev, 1, set, 5_000, 1, _f.Keys[3].Sign(signed));
        var output = new List<NodeEffect>();
        b.Receive(_f.Context, _f.Peer(3), proposal.Encode(), output);
        var send = Assert.IsType<SendEffect>(Assert.Single(output));
        Assert.True(ConsensusMessage.TryDecode(send.Message, out var m, out _));
        var mirrored = Assert.IsType<ProposalMessage>(m);
        Assert.Equal((_f.Context.NodeId, prev, set, 5_000L), (mirrored.Validator, mirrored.PreviousLedger, mirrored.TxSetHash, mirrored.CloseTimeMs));
    }

    [Fact]
    public void Censor_drops_the_targeted_senders_everywhere_and_nobody_else()
    {
        var b = new CensorBehaviour();
        var txs = Enumerable.Range(0, 64).Select(i => ByzantineFixture.Notarization($"sender-{i}")).ToList();
        var targeted = txs.Where(t => b.Targets(t.Sender)).ToList();
        Assert.InRange(targeted.Count, 4, 32); // about a quarter
        foreach (var tx in txs)
        {
            bool hit = b.Targets(tx.Sender);
            var output = new List<NodeEffect>();
            b.Transform(_f.Context, new BroadcastEffect(new TransactionMessage(tx).Encode()), output);
            Assert.Equal(hit ? 0 : 1, output.Count);
            Assert.Equal(!hit, b.Receive(_f.Context, _f.Peer(1), new TransactionMessage(tx).Encode(), []));
            Assert.Equal(!hit, b.AdmitSubmission(_f.Context, tx));
        }
        Assert.Equal(3L * targeted.Count, b.Dropped);
    }

    [Fact]
    public void InvalidSet_proposes_a_set_the_rules_reject_entirely_and_serves_it()
    {
        var b = new InvalidSetBehaviour();
        var genesis = ClosedLedger.Genesis(new GenesisConfig(1_000, []));
        var proposal = ByzantineMessages.Proposal(_f.Context, 1, genesis.Hash, 0, TxSet.Empty.Hash, 2_000);
        var output = new List<NodeEffect>();
        b.Transform(_f.Context, new BroadcastEffect(proposal.Encode()), output);
        Assert.True(ConsensusMessage.TryDecode(Assert.IsType<BroadcastEffect>(Assert.Single(output)).Message, out var m, out _));
        var rewritten = Assert.IsType<ProposalMessage>(m);
        Assert.NotEqual(TxSet.Empty.Hash, rewritten.TxSetHash);
        Assert.True(DirectConsensusVerifier.Instance.Verify(_f.Keys[0].Public, rewritten.SignedBytes(), rewritten.Signature));

        var set = b.Proposed[rewritten.TxSetHash];
        var builder = new LedgerBuilder(genesis, 2_000, SignatureVerifier.Instance);
        Assert.All(set.Transactions, tx => Assert.NotEqual(TxResult.Applied, builder.Apply(tx)));

        ConsensusMessage Served(TxSetRequestMessage request)
        {
            var served = new List<NodeEffect>();
            Assert.False(b.Receive(_f.Context, _f.Peer(2), request.Encode(), served));
            Assert.True(ConsensusMessage.TryDecode(Assert.IsType<SendEffect>(Assert.Single(served)).Message, out var response, out _));
            return response!;
        }
        var ids = Assert.IsType<TxSetResponseMessage>(Served(new TxSetRequestMessage(rewritten.TxSetHash))).Ids;
        Assert.Equal(set.Hash, TxSet.HashOf([.. ids]));
        var members = Assert.IsType<TxSetTransactionsMessage>(Served(new TxSetRequestMessage(rewritten.TxSetHash, ids))).Transactions;
        Assert.Equal(set.Hash, new TxSet(members).Hash);
    }

    [Fact]
    public void InvalidSet_validates_a_hash_no_ledger_has()
    {
        var b = new InvalidSetBehaviour();
        var honest = Hash256.Compute("honest ledger"u8);
        var output = new List<NodeEffect>();
        b.Transform(_f.Context, new BroadcastEffect(ByzantineMessages.Validation(_f.Context, 4, honest).Encode()), output);
        Assert.True(ConsensusMessage.TryDecode(Assert.IsType<BroadcastEffect>(Assert.Single(output)).Message, out var m, out _));
        var v = Assert.IsType<ValidationMessage>(m);
        Assert.Equal((4u, InvalidSetBehaviour.Unreplayable(honest)), (v.LedgerSequence, v.LedgerHash));
        Assert.NotEqual(honest, v.LedgerHash);
    }
}
