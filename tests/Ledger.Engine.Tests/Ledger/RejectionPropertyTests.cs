using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Ledger;

/// <summary>Forged, foreign, replayed and non-owner transactions are rejected and change nothing (seed 3.3.7).</summary>
public class RejectionPropertyTests
{
    private enum Attack { MutatedSignature, MutatedBody, ForeignSigner, Replay, NonOwnerVersion, NonOwnerAddViewer, NonOwnerRemoveViewer, NonOwnerExpiry }

    private static readonly Attack[] s_attacks = Enum.GetValues<Attack>();

    [Fact]
    public void Every_attack_is_rejected_and_leaves_the_state_unchanged()
    {
        var gen = Gen.Elements(s_attacks).SelectMany(a => Gen.Choose(0, int.MaxValue).Select(seed => (a, seed)));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (attack, seed) = t;
            var rng = new Random(seed);
            var owner = new Party("owner", Role.Provider);
            var mallory = new Party("mallory", Role.Provider);
            var viewer = new Party("viewer", Role.Insurer);
            var chain = new TestChain(owner, mallory, viewer);
            var fields = new RecordFields(RandomTransactions.Hash(rng), 1, 1,
                [new ViewerGrant(viewer.Id, RandomTransactions.Bytes(rng, 48), RandomTransactions.Bytes(rng, 80), 0)]);
            var register = owner.Sign(new RegisterRecord(fields));
            Assert.Equal(TxResult.Applied, chain.Submit(register));
            var record = RecordIds.For(owner.Id, register.Sequence);
            var before = chain.Head;

            Transaction forged = attack switch
            {
                Attack.MutatedSignature => Mutate(owner.Sign(new Notarize(RandomTransactions.Hash(rng), [])), rng, signatureOnly: true),
                Attack.MutatedBody => Mutate(owner.Sign(new Notarize(RandomTransactions.Hash(rng), [])), rng, signatureOnly: false),
                Attack.ForeignSigner => Transaction.Create(mallory.Key, owner.Id, owner.NextSequence, new NewVersion(record, fields with { Version = 2 })),
                Attack.Replay => register,
                Attack.NonOwnerVersion => mallory.Sign(new NewVersion(record, fields with { Version = 2 })),
                Attack.NonOwnerAddViewer => mallory.Sign(new AddViewer(record, new ViewerGrant(mallory.Id, new byte[] { 1 }, new byte[] { 2 }, 0))),
                Attack.NonOwnerRemoveViewer => mallory.Sign(new RemoveViewer(record, viewer.Id)),
                _ => mallory.Sign(new SetLinkExpiry(record, viewer.Id, 1)),
            };

            var builder = new LedgerBuilder(before, before.CloseTimeMs + 1000, SignatureVerifier.Instance);
            var result = builder.Apply(forged);
            var after = builder.Close();

            Assert.NotEqual(TxResult.Applied, result);
            Assert.Empty(after.Transactions);
            Assert.Equal(before.State.Root, after.State.Root);
            var expected = attack switch
            {
                Attack.MutatedSignature or Attack.MutatedBody => new[] { TxResult.BadSignature },
                Attack.ForeignSigner => [TxResult.WrongKey],
                Attack.Replay => [TxResult.Replayed],
                _ => [TxResult.NotOwner],
            };
            Assert.Contains(result, expected);
        }).Check(PropertyConfig.Default(seed: 1401, maxTest: 200));
    }

    /// <summary>Flips one bit and decodes the result as a peer would; retries until the mutation still decodes.</summary>
    private static Transaction Mutate(Transaction tx, Random rng, bool signatureOnly)
    {
        var bytes = tx.Encoded.ToArray();
        int signatureStart = bytes.Length - tx.Signature.Length;
        // The body mutation avoids the magic, version, kind, sender, sequence and key (those give other, also correct,
        // rejections); it flips a bit in the payload, so only the signature can notice.
        int bodyStart = 3 + 1 + 1 + 32 + 8 + 4 + 1 + tx.SigningKey.Bytes.Length;
        while (true)
        {
            var copy = (byte[])bytes.Clone();
            int at = signatureOnly ? rng.Next(signatureStart, bytes.Length) : rng.Next(bodyStart, signatureStart);
            copy[at] ^= (byte)(1 << rng.Next(8));
            if (Transaction.TryDecode(copy, out var mutated, out _)) return mutated!;
        }
    }
}
