using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Tests.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>Relayed transactions batched into one message by a node's host (<see cref="TransactionBatchMessage"/>).</summary>
public class RelayBatchTests
{
    [Fact]
    public void A_batch_built_from_relay_encodings_is_the_batch_message_and_decodes_to_the_same_transactions_in_order()
    {
        var gen = Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, rng.Next(1, 7)).Select(_ => RandomTransactions.Make(rng)).ToArray();
        });
        Prop.ForAll(Arb.From(gen), txs =>
        {
            var relays = txs.Select(t => new TransactionMessage(t).Encode()).ToList();
            Assert.All(relays, r => Assert.True(TransactionBatchMessage.IsRelay(r)));
            var buffer = new ArrayBufferWriter<byte>();
            TransactionBatchMessage.EncodeRelays(relays, buffer);
            var bytes = buffer.WrittenSpan.ToArray();
            Assert.Equal(new TransactionBatchMessage(txs).Encode(), bytes);
            Assert.True(ConsensusMessage.TryDecode(bytes, out var decoded, out var error), error.ToString());
            var batch = Assert.IsType<TransactionBatchMessage>(decoded);
            Assert.Equal(txs.Select(t => t.Id), batch.Transactions.Select(t => t.Id));
            Assert.Equal(bytes, batch.Encode());
        }).Check(PropertyConfig.Default(seed: 1205, maxTest: 100));
    }

    [Fact]
    public void An_empty_batch_is_refused_naming_the_field_and_only_relays_can_be_batched()
    {
        byte[] empty = [(byte)MessageKind.TransactionBatch, 0, 0, 0, 0];
        Assert.False(ConsensusMessage.TryDecode(empty, out _, out var error));
        Assert.Equal(DecodeErrorKind.InvalidValue, error.Kind);
        Assert.StartsWith("transactionBatch.transactions", error.Reason);

        var tx = RandomTransactions.Make(new Random(3));
        var notARelay = new TxSetTransactionsMessage(new Engine.Consensus.TxSet([tx]).Hash, [tx]).Encode();
        Assert.False(TransactionBatchMessage.IsRelay(notARelay));
        Assert.Throws<ArgumentException>(() => TransactionBatchMessage.EncodeRelays([notARelay], new ArrayBufferWriter<byte>()));
        Assert.Throws<ArgumentException>(() => TransactionBatchMessage.EncodeRelays([], new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void A_damaged_transaction_in_a_batch_fails_the_message_naming_its_place()
    {
        var rng = new Random(12);
        var txs = Enumerable.Range(0, 4).Select(_ => RandomTransactions.Make(rng)).ToArray();
        var bytes = new TransactionBatchMessage(txs).Encode();
        int at = bytes.AsSpan().IndexOf(txs[1].Encoded.Span);
        Assert.True(at > 0);
        bytes[at + 3] = 99; // the version byte of the second transaction, one nobody speaks
        Assert.False(ConsensusMessage.TryDecode(bytes, out _, out var error));
        Assert.Equal(DecodeErrorKind.UnsupportedVersion, error.Kind);
        Assert.StartsWith("transactionBatch.transactions[1]: ", error.Reason);
    }

    /// <summary>A node given a batch ends up exactly as a node given the same relays one by one: the same pool, and the
    /// same drops by reason (a duplicate, a forged signature), so batching changes nothing a node decides.</summary>
    [Fact]
    public void A_batch_is_handled_as_that_many_relays_in_its_order()
    {
        var net = new TestNetwork(21, 4, ConsensusNodeTests.Fast(), new FaultPlan());
        var client = net.Clients[0];
        var good = Enumerable.Range(0, 5).Select(i => client.Notarize(100 + i)).ToList();
        var forged = Forge(net.Clients[1].Notarize(7));
        var relays = new List<Transaction> { good[0], good[1], forged, good[2], good[1], good[3], good[4] };

        long now = TestNetwork.GenesisTimeMs + 100;
        var batched = net.Node(1)!;
        var oneByOne = net.Node(2)!;
        var from = net.Validators[0].Id;
        var buffer = new ArrayBufferWriter<byte>();
        TransactionBatchMessage.EncodeRelays(relays.Select(t => new TransactionMessage(t).Encode()).ToList(), buffer);
        batched.HandleMessage(now, from, buffer.WrittenSpan.ToArray());
        foreach (var tx in relays) oneByOne.HandleMessage(now, from, new TransactionMessage(tx).Encode());

        Assert.Equal(5, batched.PendingCount);
        Assert.Equal(oneByOne.PendingCount, batched.PendingCount);
        Assert.Equal(1, batched.Counters.Dropped(DropReason.Duplicate));
        Assert.Equal(1, batched.Counters.Dropped(DropReason.BadSignature));
        Assert.Equal(oneByOne.Counters.ToString(), batched.Counters.ToString());
    }

    internal static Transaction Forge(Transaction tx)
    {
        var bytes = tx.Encoded.ToArray();
        bytes[^1] ^= 1; // the signature's last byte
        Assert.True(Transaction.TryDecode(bytes, out var forged, out var error), error.ToString());
        return forged!;
    }
}
