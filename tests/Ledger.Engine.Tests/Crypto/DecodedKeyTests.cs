using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Crypto;

/// <summary>Decoders share one key object per recently seen key (<c>PublicKey.Decoded</c>).</summary>
public class DecodedKeyTests
{
    private static Transaction Signed(SigningKey key, ulong sequence) =>
        Transaction.Create(key, key.Public.Id, sequence, new Notarize(Hash256.Compute(BitConverter.GetBytes(sequence)), System.Text.Encoding.UTF8.GetBytes("memo")));

    [Fact]
    public void Transactions_decoded_with_the_same_signer_share_its_key_object_and_others_do_not()
    {
        var alice = SigningKey.FromLabel(SignatureSchemes.Ed25519, "decoded-key-alice");
        var bob = SigningKey.FromLabel(SignatureSchemes.Ed25519, "decoded-key-bob");
        Assert.True(Transaction.TryDecode(Signed(alice, 1).Encoded.Span, out var a1, out _));
        Assert.True(Transaction.TryDecode(Signed(alice, 2).Encoded.Span, out var a2, out _));
        Assert.True(Transaction.TryDecode(Signed(bob, 1).Encoded.Span, out var b1, out _));
        Assert.Same(a1!.SigningKey, a2!.SigningKey);
        Assert.Equal(alice.Public, a1.SigningKey);
        Assert.Equal(bob.Public, b1!.SigningKey);
        Assert.True(a2.VerifySignature() && b1.VerifySignature());
    }

    [Fact]
    public void Keys_that_share_a_slot_each_decode_to_their_own_bytes()
    {
        // The same first four bytes choose the same slot: each lookup must still return a key with exactly its bytes.
        var tails = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary();
        Prop.ForAll(tails, tails, (tailA, tailB) =>
        {
            var a = new byte[32];
            var b = new byte[32];
            tailA.AsSpan(0, Math.Min(28, tailA.Length)).CopyTo(a.AsSpan(4));
            tailB.AsSpan(0, Math.Min(28, tailB.Length)).CopyTo(b.AsSpan(4));
            a[0] = b[0] = 0xA5;
            var ka = PublicKey.Decoded(SignatureScheme.Ed25519, a);
            var kb = PublicKey.Decoded(SignatureScheme.Ed25519, b);
            var kaAgain = PublicKey.Decoded(SignatureScheme.Ed25519, a);
            var other = PublicKey.Decoded(SignatureScheme.EcdsaP256, a);
            return ka.Bytes.SequenceEqual(a) && kb.Bytes.SequenceEqual(b) && kaAgain.Bytes.SequenceEqual(a)
                && kaAgain.Scheme == SignatureScheme.Ed25519 && other.Scheme == SignatureScheme.EcdsaP256 && other.Bytes.SequenceEqual(a);
        }).Check(PropertyConfig.Default(20261206, 300));
    }
}
