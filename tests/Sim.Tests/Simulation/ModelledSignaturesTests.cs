using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Sim.Tests.Simulation;

/// <summary>Modelled signatures remember the symbols a run made; a remembered check must answer exactly as
/// recomputing would, and anything else must still be recomputed (so forgeries stay forgeries).</summary>
public class ModelledSignaturesTests
{
    private static readonly PublicKey Alice = SigningKey.FromLabel(SignatureSchemes.Ed25519, "alice").Public;
    private static readonly PublicKey Bob = SigningKey.FromLabel(SignatureSchemes.Ed25519, "bob").Public;

    [Fact]
    public void A_symbol_verifies_for_its_key_and_message_only()
    {
        var symbols = new ModelledSignatures();
        byte[] message = "proposal"u8.ToArray();
        var signature = symbols.Sign(Alice, message);
        Assert.True(symbols.Verify(Alice, message, signature));
        Assert.False(symbols.Verify(Bob, message, signature));
        Assert.False(symbols.Verify(Alice, "proposal!"u8, signature));
        var bent = (byte[])signature.Clone();
        bent[40] ^= 1;
        Assert.False(symbols.Verify(Alice, message, bent));
        Assert.False(symbols.Verify(Alice, message, signature.AsSpan(0, 63)));
    }

    [Fact]
    public void A_symbol_made_elsewhere_is_checked_by_recomputing_it()
    {
        byte[] message = "validation"u8.ToArray();
        var made = new ModelledSignatures().Sign(Alice, message);
        var fresh = new ModelledSignatures(); // remembers nothing
        Assert.True(fresh.Verify(Alice, message, made));
        Assert.False(fresh.Verify(Bob, message, made));
        Assert.False(fresh.Verify(Alice, message, new byte[64]));
    }

    [Fact]
    public void The_same_message_signed_twice_gives_the_same_symbol()
    {
        var symbols = new ModelledSignatures();
        Assert.Equal(symbols.Sign(Alice, "x"u8), symbols.Sign(Alice, "x"u8));
        Assert.NotEqual(symbols.Sign(Alice, "x"u8), symbols.Sign(Bob, "x"u8));
    }

    [Fact]
    public void A_message_object_checked_before_gets_the_same_answer_for_its_key_and_its_own_for_another()
    {
        var symbols = new ModelledSignatures();
        IConsensusVerifier verifier = new ModelledConsensusVerifier(symbols);
        var signed = ValidationMessage.SignedBytesFor(Alice.Id, 7, Hash256.Compute("ledger"u8));
        var honest = new ValidationMessage(Alice.Id, 7, Hash256.Compute("ledger"u8), symbols.Sign(Alice, signed));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(verifier.Verify(Alice, honest));
            Assert.False(verifier.Verify(Bob, honest)); // the remembered answer is for Alice's key only
        }
        // A forgery (Bob's symbol on a message naming Alice) fails every time, whichever key asks.
        var forged = honest with { Signature = symbols.Sign(Bob, signed) };
        Assert.False(verifier.Verify(Alice, forged));
        Assert.False(verifier.Verify(Alice, forged));
        // An equal but distinct object is checked on its own, with the same result.
        var copy = honest with { };
        Assert.True(verifier.Verify(Alice, copy));
        // The span path and the message path agree.
        Assert.True(verifier.Verify(Alice, signed, honest.Signature));
    }
}
