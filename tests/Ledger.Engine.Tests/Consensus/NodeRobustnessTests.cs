using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Consensus;

public class NodeRobustnessTests
{
    private static (ConsensusNode Node, TestNetwork Net) LoneNode()
    {
        var net = new TestNetwork(7, 4, ConsensusNodeTests.Fast(), new FaultPlan());
        return (net.Node(0)!, net);
    }

    [Fact]
    public void Peer_garbage_is_dropped_and_counted_never_thrown()
    {
        var (node, _) = LoneNode();
        var prop = Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary(), bytes =>
        {
            long before = node.Counters.DroppedTotal;
            node.HandleMessage(2_000_000_000_000, Hash256.Zero, bytes);
            // Random bytes almost never form a valid message; if they do, nothing may throw either.
            return node.Counters.DroppedTotal >= before;
        });
        prop.Check(PropertyConfig.Default(0xBAD_B17E5, maxTest: 300));
        Assert.True(node.Counters.Dropped(DropReason.Malformed) > 0);
    }

    [Fact]
    public void Every_message_round_trips_and_every_truncation_is_a_decode_error()
    {
        var net = new TestNetwork(3, 4, ConsensusNodeTests.Fast(), new FaultPlan());
        var tx = net.Clients[0].Notarize(1);
        var messages = new ConsensusMessage[]
        {
            new ProposalMessage(net.Validators[0].Id, 5, Hash256.Compute([1]), 2, Hash256.Compute([2]), 1234, 3, new byte[64]),
            new ValidationMessage(net.Validators[1].Id, 5, Hash256.Compute([3]), new byte[64]),
            new TransactionMessage(tx),
            new TransactionBatchMessage([tx, net.Clients[1].Notarize(2)]),
            new TxSetRequestMessage(Hash256.Compute([4])),
            new TxSetRequestMessage(new TxSet([tx]).Hash, [tx.Id]),
            new TxSetResponseMessage(new TxSet([tx]).Hash, [tx.Id]),
            new TxSetTransactionsMessage(new TxSet([tx]).Hash, [tx]),
            new LedgerRequestMessage(9, Hash256.Compute([5])),
            LedgerResponseMessage.For(net.Genesis),
        };
        foreach (var m in messages)
        {
            var bytes = m.Encode();
            Assert.True(ConsensusMessage.TryDecode(bytes, out var back, out var error), $"{m.Kind}: {error}");
            Assert.Equal(bytes, back!.Encode());
            for (int cut = 0; cut < bytes.Length; cut++)
                Assert.False(ConsensusMessage.TryDecode(bytes.AsSpan(0, cut), out _, out _), $"{m.Kind} cut at {cut} must not decode");
            Assert.False(ConsensusMessage.TryDecode([.. bytes, 0], out _, out var trailing));
            Assert.Equal(Encoding.DecodeErrorKind.TrailingBytes, trailing.Kind);
        }
    }

    [Fact]
    public void Unsigned_unknown_stale_and_duplicate_messages_are_dropped_with_their_reason()
    {
        var (node, net) = LoneNode();
        long now = TestNetwork.GenesisTimeMs + 5_000;
        var key = net.ValidatorKey(1);
        var id = key.Public.Id;

        var forged = new ValidationMessage(id, 1, Hash256.Compute([9]), new byte[64]);
        node.HandleMessage(now, id, forged.Encode());
        Assert.Equal(1, node.Counters.Dropped(DropReason.BadSignature));

        var stranger = SigningKey.FromLabel(SignatureSchemes.Ed25519, "stranger");
        var unknown = new ValidationMessage(stranger.Public.Id, 1, Hash256.Compute([9]), stranger.Sign(ValidationMessage.SignedBytesFor(stranger.Public.Id, 1, Hash256.Compute([9]))));
        node.HandleMessage(now, stranger.Public.Id, unknown.Encode());
        Assert.Equal(1, node.Counters.Dropped(DropReason.UnknownValidator));

        var good = new ValidationMessage(id, 1, Hash256.Compute([9]), key.Sign(ValidationMessage.SignedBytesFor(id, 1, Hash256.Compute([9]))));
        node.HandleMessage(now, id, good.Encode());
        node.HandleMessage(now, id, good.Encode());
        Assert.Equal(1, node.Counters.Dropped(DropReason.Duplicate));

        var other = new ValidationMessage(id, 1, Hash256.Compute([8]), key.Sign(ValidationMessage.SignedBytesFor(id, 1, Hash256.Compute([8]))));
        node.HandleMessage(now, id, other.Encode());
        Assert.Equal(1, node.Counters.Dropped(DropReason.Conflicting));

        var genesisAgain = new ValidationMessage(id, 0, net.Genesis.Hash, key.Sign(ValidationMessage.SignedBytesFor(id, 0, net.Genesis.Hash)));
        node.HandleMessage(now, id, genesisAgain.Encode());
        Assert.Equal(1, node.Counters.Dropped(DropReason.Stale));

        node.HandleMessage(now, id, new TxSetResponseMessage(Hash256.Compute([7]), []).Encode());
        Assert.Equal(1, node.Counters.Dropped(DropReason.Unsolicited));
    }

    /// <summary>A node's memory of closed ledgers is bounded; an old ledger a peer asks for is still served, from the
    /// block store, byte for byte what was stored.</summary>
    [Fact]
    public void Old_ledgers_leave_memory_and_are_still_served_from_the_store()
    {
        var net = new TestNetwork(8, 4, ConsensusNodeTests.Fast(), new FaultPlan());
        for (int i = 0; i < 6; i++) net.SubmitAt(net.NowMs + 300 * i, i % 4, net.Clients[i % 3].Notarize(i));
        net.RunUntil(net.NowMs + 45_000);
        var node = net.Node(1)!;
        uint validated = node.LastValidatedLedger.Sequence;
        Assert.True(validated > ConsensusNode.LedgersKeptInMemory + 10, net.Describe());
        Assert.InRange(node.LedgersInMemory, 1, (int)ConsensusNode.LedgersKeptInMemory + 1 + (int)(node.LastClosedLedger.Sequence - validated));

        Assert.True(net.Store(1).TryGet(2, out var old));
        var peer = net.Validators[2].Id;
        node.HandleMessage(net.NowMs, peer, new LedgerRequestMessage(2, old.Hash).Encode());
        var effects = new List<NodeEffect>();
        node.DrainEffects(effects);
        var answer = Assert.Single(effects.OfType<SendEffect>(), e => e.To == peer);
        Assert.Equal(old.Blob.ToArray(), answer.Message);
    }

    [Fact]
    public void The_same_seed_gives_the_same_ledgers_and_counters()
    {
        string Run()
        {
            var net = new TestNetwork(42, 7, ConsensusNodeTests.Fast(QuorumPolicy.Parse("groups")), new FaultPlan(5, 300, 0.05, 0.05, 1, 2_000, 5_000));
            for (int i = 0; i < 10; i++) net.SubmitAt(net.NowMs + 200 * i, i % 7, net.Clients[i % 3].Notarize(i));
            net.RunUntil(net.NowMs + 10_000);
            return string.Join("|", Enumerable.Range(0, 7).Select(i => string.Join(",", net.Reported[i].Select(kv => $"{kv.Key}:{kv.Value}")))) + net.Describe();
        }
        string first = Run(), second = Run(); // two independent runs from the same seed
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_node_restarted_from_its_file_store_recovers_every_validated_ledger_and_catches_up()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"hl-node-restart-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var net = new TestNetwork(5, 4, ConsensusNodeTests.Fast(), new FaultPlan());
            for (int i = 0; i < 6; i++) net.SubmitAt(net.NowMs + 300 * i, i % 4, net.Clients[i % 3].Notarize(i));
            net.RunUntil(net.NowMs + 6_000);
            var node = net.Node(2)!;
            Assert.True(node.LastValidatedLedger.Sequence >= 3, net.Describe());

            // Copy node 2's validated history into a file log, reopen it as a fresh node, and compare.
            string path = Path.Combine(dir, "blocks.log");
            using (var file = FileBlockStore.Open(path))
                foreach (var e in net.Store(2).ReadAll()) file.Append(e.Sequence, e.Hash, e.Blob.Span);
            using var reopened = FileBlockStore.Open(path);
            var config = new NodeConfig(ConsensusNodeTests.Fast(), net.Validators, net.Genesis, reopened, null, TestVerifiers.Messages, TestVerifiers.Transactions)
            { FollowerId = Hash256.Compute("follower"u8) };
            var restored = new ConsensusNode(config);
            Assert.Equal(node.LastValidatedLedger.Hash, restored.LastValidatedLedger.Hash);
            Assert.Equal(node.LastValidatedLedger.State.Root, restored.LastValidatedLedger.State.Root);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_store_that_does_not_replay_is_refused_at_start()
    {
        var net = new TestNetwork(6, 4, ConsensusNodeTests.Fast(), new FaultPlan());
        net.SubmitAt(net.NowMs + 10, 0, net.Clients[0].Notarize(0));
        net.RunUntil(net.NowMs + 4_000);
        var entries = net.Store(0).ReadAll().ToList();
        Assert.NotEmpty(entries);
        var bad = new MemoryBlockStore();
        bad.Append(entries[0].Sequence, Hash256.Compute("not it"u8), entries[0].Blob.Span);
        var config = new NodeConfig(ConsensusNodeTests.Fast(), net.Validators, net.Genesis, bad, null, TestVerifiers.Messages, TestVerifiers.Transactions);
        var e = Assert.Throws<InvalidDataException>(() => new ConsensusNode(config));
        Assert.Contains("replay", e.Message);
    }

    [Fact]
    public void A_crashed_minority_catches_up_after_restart()
    {
        var parameters = ConsensusNodeTests.Fast(QuorumPolicy.Parse("flat(0.7)"));
        var net = new TestNetwork(11, 7, parameters, new FaultPlan(5, 60, CrashCount: 2, CrashAtMs: 1_000, RestartAtMs: 7_000));
        for (int i = 0; i < 20; i++) net.SubmitAt(net.NowMs + 400 * i, i % 7, net.Clients[i % 3].Notarize(i));
        net.RunUntil(net.NowMs + 20_000);
        net.AssertAgreement();
        uint tip = Enumerable.Range(0, 7).Max(i => net.Node(i)!.LastValidatedLedger.Sequence);
        for (int i = 0; i < 7; i++)
            Assert.True(net.Node(i)!.LastValidatedLedger.Sequence + 2 >= tip, $"[seed {net.Seed}] node {i} did not catch up: {net.Describe()}");
        Assert.Contains(Enumerable.Range(0, 7), i => net.EverCrashed[i] && net.Node(i)!.Counters.LedgersFetched > 0);
    }
}
