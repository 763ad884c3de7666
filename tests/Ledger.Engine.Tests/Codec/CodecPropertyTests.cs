using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Tests.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Codec;

public class CodecPropertyTests
{
    [Fact]
    public void Every_transaction_kind_round_trips_to_the_same_bytes_and_fields()
    {
        Prop.ForAll(RandomTransactions.Arbitrary, tx =>
        {
            Assert.True(Transaction.TryDecode(tx.Encoded.Span, out var decoded, out var error), error.ToString());
            Assert.Equal(tx.Id, decoded!.Id);
            Assert.Equal(tx.Encoded.ToArray(), decoded.Encoded.ToArray());
            Assert.Equal(tx.Payload, decoded.Payload);
            Assert.Equal(tx.Sender, decoded.Sender);
            Assert.Equal(tx.Sequence, decoded.Sequence);
            Assert.Equal(tx.LastValidLedger, decoded.LastValidLedger);
            Assert.True(decoded.VerifySignature());
            // Write copies the kept bytes; writing again from the decoded fields must give exactly those bytes.
            var fromFields = new System.Buffers.ArrayBufferWriter<byte>();
            decoded.WriteFromFields(new CanonicalWriter(fromFields));
            Assert.Equal(tx.Encoded.ToArray(), fromFields.WrittenSpan.ToArray());
            var copied = new System.Buffers.ArrayBufferWriter<byte>();
            decoded.Write(new CanonicalWriter(copied));
            Assert.Equal(tx.Encoded.ToArray(), copied.WrittenSpan.ToArray());
        }).Check(PropertyConfig.Default(seed: 1101, maxTest: 300));
    }

    [Fact]
    public void Headers_round_trip()
    {
        var gen = Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var rng = new Random(seed);
            return new LedgerHeader((uint)rng.Next(), RandomTransactions.Hash(rng), rng.NextInt64(), RandomTransactions.Hash(rng), RandomTransactions.Hash(rng), (uint)rng.Next());
        });
        Prop.ForAll(Arb.From(gen), header =>
        {
            var bytes = header.Encode();
            Assert.Equal(LedgerHeader.EncodedBytes, bytes.Length);
            Assert.True(LedgerHeader.TryDecode(bytes, out var decoded, out _));
            Assert.Equal(header, decoded);
            Assert.Equal(header.Hash, decoded!.Hash);
        }).Check(PropertyConfig.Default(seed: 1102));
    }

    /// <summary>Random bytes, and valid encodings with random bit flips, truncations and appended garbage: decoding
    /// yields a value or a typed error, never an exception.</summary>
    [Fact]
    public void Decoding_random_and_mutated_bytes_gives_a_value_or_a_typed_error()
    {
        var mutated = Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var rng = new Random(seed);
            var bytes = RandomTransactions.Make(rng).Encoded.ToArray();
            switch (rng.Next(5))
            {
                case 0: return RandomTransactions.Bytes(rng, rng.Next(0, 400));
                case 1: return bytes[..rng.Next(0, bytes.Length)];
                case 2: return [.. bytes, .. RandomTransactions.Bytes(rng, rng.Next(1, 8))];
                default:
                    for (int i = rng.Next(1, 4); i > 0; i--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                    return bytes;
            }
        });
        Prop.ForAll(Arb.From(mutated), bytes =>
        {
            bool ok = Transaction.TryDecode(bytes, out var tx, out var error);
            if (ok)
            {
                Assert.NotNull(tx);
                Assert.Equal(bytes, tx!.Encoded.ToArray()); // anything accepted is canonical: it re-encodes to itself
            }
            else
            {
                Assert.Null(tx);
                Assert.True(Enum.IsDefined(error.Kind));
                Assert.False(string.IsNullOrWhiteSpace(error.Reason));
            }
            LedgerHeader.TryDecode(bytes, out _, out _);
            HealthLedger.Engine.Proofs.ExistenceProof.TryDecode(bytes, out _, out _);
        }).Check(PropertyConfig.Default(seed: 1103, maxTest: 2000));
    }

    [Fact]
    public void Truncation_trailing_bytes_and_oversize_get_their_own_error_kinds()
    {
        var tx = RandomTransactions.Make(new Random(7));
        var bytes = tx.Encoded.ToArray();

        Assert.False(Transaction.TryDecode(bytes[..^1], out _, out var truncated));
        Assert.Equal(DecodeErrorKind.Truncated, truncated.Kind);

        Assert.False(Transaction.TryDecode([.. bytes, 0], out _, out var trailing));
        Assert.Equal(DecodeErrorKind.TrailingBytes, trailing.Kind);

        Assert.False(Transaction.TryDecode(new byte[Transaction.MaxEncodedBytes + 1], out _, out var oversized));
        Assert.Equal(DecodeErrorKind.Oversized, oversized.Kind);

        var wrongVersion = (byte[])bytes.Clone();
        wrongVersion[3] = 99;
        Assert.False(Transaction.TryDecode(wrongVersion, out _, out var version));
        Assert.Equal(DecodeErrorKind.UnsupportedVersion, version.Kind);
    }

    [Fact]
    public void A_set_with_one_bad_transaction_is_refused_naming_that_transaction_and_a_good_set_decodes()
    {
        var rng = new Random(11);
        var txs = Enumerable.Range(0, 4).Select(_ => RandomTransactions.Make(rng)).ToArray();
        var bytes = new HealthLedger.Engine.Node.Messages.TxSetTransactionsMessage(Hash256.Compute([7]), txs).Encode();
        Assert.True(HealthLedger.Engine.Node.Messages.ConsensusMessage.TryDecode(bytes, out var good, out var none), none.ToString());
        Assert.Equal(txs.Select(t => t.Id), ((HealthLedger.Engine.Node.Messages.TxSetTransactionsMessage)good!).Transactions.Select(t => t.Id));

        // The third transaction's version byte (the fourth byte of its encoding, as above) set to one nobody speaks.
        int at = bytes.AsSpan().IndexOf(txs[2].Encoded.Span);
        Assert.True(at > 0);
        bytes[at + 3] = 99;
        Assert.False(HealthLedger.Engine.Node.Messages.ConsensusMessage.TryDecode(bytes, out _, out var error));
        Assert.Equal(DecodeErrorKind.UnsupportedVersion, error.Kind);
        Assert.StartsWith("txSetTransactions.transactions[2]: ", error.Reason);
    }

    /// <summary>Decoding a message from an array it owns (the simulator's sent messages and stored blocks) gives the same
    /// message, the same error or the same refusal as decoding a copy, for valid and damaged messages alike; what it
    /// decodes keeps slices of that array instead of copies.</summary>
    [Fact]
    public void Decoding_from_an_owned_array_matches_decoding_a_copy_and_shares_the_array()
    {
        var gen = Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var rng = new Random(seed);
            var txs = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => RandomTransactions.Make(rng)).ToArray();
            HealthLedger.Engine.Node.Messages.ConsensusMessage message = rng.Next(2) == 0
                ? new HealthLedger.Engine.Node.Messages.TransactionMessage(txs[0])
                : new HealthLedger.Engine.Node.Messages.TxSetTransactionsMessage(Hash256.Compute([(byte)seed]), txs);
            var bytes = message.Encode();
            bool damaged = rng.Next(3) == 0;
            if (damaged)
                for (int i = rng.Next(1, 4); i > 0; i--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
            return (Bytes: bytes, Damaged: damaged);
        });
        Prop.ForAll(Arb.From(gen), c =>
        {
            bool copied = HealthLedger.Engine.Node.Messages.ConsensusMessage.TryDecode((ReadOnlySpan<byte>)c.Bytes, out var fromCopy, out var copyError);
            var owned = (byte[])c.Bytes.Clone();
            bool shared = HealthLedger.Engine.Node.Messages.ConsensusMessage.TryDecodeOwned(owned, out var fromOwned, out var ownedError);
            Assert.Equal(copied, shared);
            if (!copied)
            {
                Assert.Equal(copyError, ownedError);
                return;
            }
            var a = Transactions(fromCopy!);
            var b = Transactions(fromOwned!);
            Assert.Equal(a.Select(t => t.Id), b.Select(t => t.Id));
            Assert.Equal(a.Select(t => t.Payload), b.Select(t => t.Payload));
            foreach (var tx in b)
            {
                Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(tx.Encoded, out var segment));
                Assert.Same(owned, segment.Array); // a slice of the message, not a copy
                Assert.Equal(tx.Id, Hash256.Compute(tx.Encoded.Span));
                if (!c.Damaged) Assert.True(tx.VerifySignature());
                var grants = tx.Payload switch
                {
                    RegisterRecord r => r.Fields.Viewers,
                    NewVersion v => v.Fields.Viewers,
                    AddViewer add => [add.Grant],
                    _ => [],
                };
                foreach (var g in grants)
                {
                    // The sealed bytes are slices of the same array, at the offsets of the transaction inside the message.
                    Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(g.EncryptedKey, out var key));
                    Assert.Same(owned, key.Array);
                    Assert.True(key.Offset > segment.Offset && key.Offset + key.Count <= segment.Offset + segment.Count);
                }
            }
        }).Check(PropertyConfig.Default(seed: 1104, maxTest: 300));

        static IReadOnlyList<Transaction> Transactions(HealthLedger.Engine.Node.Messages.ConsensusMessage m) => m switch
        {
            HealthLedger.Engine.Node.Messages.TransactionMessage t => [t.Transaction],
            HealthLedger.Engine.Node.Messages.TxSetTransactionsMessage s => s.Transactions,
            _ => throw new InvalidOperationException(m.GetType().Name),
        };
    }

    [Fact]
    public void Unsorted_viewer_lists_are_not_canonical_and_are_refused()
    {
        var doctor = new Party("doctor", Role.Provider);
        var a = new ViewerGrant(Hash256.Compute("a"u8), new byte[] { 1 }, new byte[] { 2 }, 0);
        var b = new ViewerGrant(Hash256.Compute("b"u8), new byte[] { 1 }, new byte[] { 2 }, 0);
        var sorted = ViewerList.Canonical([a, b]);
        var reversed = new[] { sorted[1], sorted[0] };
        Assert.Throws<ArgumentException>(() => doctor.Sign(new RegisterRecord(new RecordFields(Hash256.Zero, 0, 1, reversed))));
    }
}
