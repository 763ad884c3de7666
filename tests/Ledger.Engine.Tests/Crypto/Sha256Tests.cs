using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Crypto;

public class Sha256Tests
{
    [Fact]
    public void The_direct_libcrypto_path_is_in_use_on_this_machine()
    {
        // The CI machines ship OpenSSL 3; if this fails, hashing silently fell back to the slower managed path.
        Assert.True(HealthLedger.Engine.Crypto.Sha256.IsNative);
    }

    [Fact]
    public void Digests_equal_dotnets_sha256_for_every_length_including_the_large_input_path()
    {
        var lengths = Gen.OneOf(Gen.Choose(0, 300), Gen.Choose(16 * 1024 - 70, 16 * 1024 + 70), Gen.Choose(0, 100_000));
        Prop.ForAll(Arb.From(lengths), Arb.From(Gen.Choose(0, int.MaxValue)), (length, seed) =>
        {
            var data = new byte[length];
            new Random(seed).NextBytes(data);
            Assert.Equal(SHA256.HashData(data), Hash256.Compute(data).ToArray());
        }).Check(PropertyConfig.Default(seed: 1201, maxTest: 300));
    }

    [Fact]
    public void Known_answers()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hash256.Compute([]).ToString());
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hash256.Compute("abc"u8).ToString());
    }
}
