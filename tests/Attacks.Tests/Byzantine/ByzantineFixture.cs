using HealthLedger.Attacks.Byzantine;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Attacks.Tests.Byzantine;

/// <summary>Four validators (2 generators, a receiver, a monitor) and the context of validator 0 as an adversary.</summary>
internal sealed class ByzantineFixture
{
    public SigningKey[] Keys { get; } = Enumerable.Range(0, 4).Select(i => SigningKey.FromLabel(SignatureSchemes.Ed25519, $"byz-test-{i}")).ToArray();
    public ValidatorSet Validators { get; }
    public ByzantineContext Context { get; }

    public ByzantineFixture()
    {
        ValidatorGroup[] groups = [ValidatorGroup.Generators, ValidatorGroup.Generators, ValidatorGroup.Receivers, ValidatorGroup.Monitors];
        Validators = new ValidatorSet(Keys.Select((k, i) => (k.Public, groups[i])), GroupWeights.Parse("1:1:1"));
        Context = new ByzantineContext(0, Keys[0].Public.Id, Keys.Skip(1).Select(k => k.Public.Id).ToArray(), Validators,
            new KeyConsensusSigner(Keys[0]), new Random(7)) { NowMs = 1_000 };
    }

    public Hash256 Peer(int i) => Keys[i].Public.Id;

    /// <summary>A signed notarization by a fresh account.</summary>
    public static Transaction Notarization(string label, ulong sequence = 1) =>
        Transaction.Create(SigningKey.FromLabel(SignatureSchemes.Ed25519, label), sequence,
            new Notarize(Hash256.Compute(System.Text.Encoding.UTF8.GetBytes(label)), "test"u8.ToArray()));
}
