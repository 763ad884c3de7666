using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;

using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Crypto;

public class SignatureSchemeTests
{
    public static TheoryData<SignatureScheme> Schemes => new() { SignatureScheme.Ed25519, SignatureScheme.EcdsaP256 };

    [Fact]
    public void Libsodium_loads_on_this_machine()
    {
        Assert.Null(SignatureSchemes.FallbackNotice);
        Assert.Same(SignatureSchemes.Ed25519, SignatureSchemes.Default);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Key_derivation_is_deterministic(SignatureScheme id)
    {
        var scheme = SignatureSchemes.Get(id);
        var a = SigningKey.FromLabel(scheme, "alice");
        var b = SigningKey.FromLabel(scheme, "alice");
        var c = SigningKey.FromLabel(scheme, "bob");
        Assert.Equal(a.Public, b.Public);
        Assert.NotEqual(a.Public, c.Public);
        Assert.Equal(scheme.PublicKeyLength, a.Public.Bytes.Length);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Signature_verifies_under_its_key_and_message_only(SignatureScheme id)
    {
        var scheme = SignatureSchemes.Get(id);
        var key = SigningKey.FromLabel(scheme, "provider-1");
        var other = SigningKey.FromLabel(scheme, "provider-2");
        byte[] message = "register record 42"u8.ToArray();
        byte[] signature = key.Sign(message);

        Assert.True(key.Public.Verify(message, signature));
        Assert.False(other.Public.Verify(message, signature));
        Assert.False(key.Public.Verify("register record 43"u8, signature));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Any_single_bit_flip_in_signature_or_message_fails_verification(SignatureScheme id)
    {
        var scheme = SignatureSchemes.Get(id);
        var key = SigningKey.FromLabel(scheme, "patient");
        byte[] message = "immunization status: complete"u8.ToArray();
        byte[] signature = key.Sign(message);

        Prop.ForAll(Arb.From(Gen.Choose(0, (signature.Length + message.Length) * 8 - 1)), bit =>
        {
            var sig = (byte[])signature.Clone();
            var msg = (byte[])message.Clone();
            int byteIndex = bit / 8;
            if (byteIndex < sig.Length) sig[byteIndex] ^= (byte)(1 << (bit % 8));
            else msg[byteIndex - sig.Length] ^= (byte)(1 << (bit % 8));
            return !key.Public.Verify(msg, sig);
        }).Check(PropertyConfig.Default(seed: 20261121, maxTest: 200));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Malformed_keys_and_signatures_do_not_verify_and_do_not_throw(SignatureScheme id)
    {
        var scheme = SignatureSchemes.Get(id);
        Assert.False(scheme.Verify(new byte[3], "m"u8, new byte[scheme.SignatureLength]));
        Assert.False(scheme.Verify(new byte[scheme.PublicKeyLength], "m"u8, new byte[5]));
        Assert.False(scheme.Verify(new byte[scheme.PublicKeyLength], "m"u8, new byte[scheme.SignatureLength]));
    }
}
