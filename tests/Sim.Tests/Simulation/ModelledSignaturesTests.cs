using HealthLedger.Engine.Crypto;
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
}
