using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Tests.Ledger;

/// <summary>Random transactions of every kind, driven by a seed FsCheck chooses (so a failure replays from it).</summary>
public static class RandomTransactions
{
    private static readonly Party[] s_signers =
    [
        new("gen-registrar", Role.Registrar),
        new("gen-doctor", Role.Provider),
        new("gen-patient", Role.Patient),
        new("gen-p256", Role.Provider, SignatureSchemes.EcdsaP256),
    ];

    public static Gen<Transaction> Any => Gen.Choose(0, int.MaxValue).Select(seed => Make(new Random(seed)));

    public static Arbitrary<Transaction> Arbitrary => Arb.From(Any);

    public static Transaction Make(Random rng)
    {
        var signer = s_signers[rng.Next(s_signers.Length)];
        uint lastValid = rng.Next(3) == 0 ? (uint)rng.Next(1, 1000) : 0;
        var seq = (ulong)rng.NextInt64(0, 1L << 40);
        return Transaction.Create(signer.Key, signer.Id, seq, Payload(rng), lastValid);
    }

    public static TxPayload Payload(Random rng)
    {
        switch (rng.Next(8))
        {
            case 0:
                var p = new Party("u" + rng.Next(), (Role)rng.Next(1, 7));
                return p.Registration((ValidatorGroup)rng.Next(0, 4));
            case 1: return new RegisterRecord(Fields(rng));
            case 2: return new NewVersion(Hash(rng), Fields(rng));
            case 3: return new AddViewer(Hash(rng), Grant(rng, Hash(rng)));
            case 4: return new RemoveViewer(Hash(rng), Hash(rng));
            case 5:
                var key = SigningKey.FromLabel(SignatureSchemes.Ed25519, "rot" + rng.Next());
                return new RotateKey(key.Public, BoxScheme.X25519, Bytes(rng, 32), Bytes(rng, 64));
            case 6: return new Notarize(Hash(rng), Bytes(rng, rng.Next(0, 64)));
            default: return new SetLinkExpiry(Hash(rng), Hash(rng), rng.NextInt64(0, long.MaxValue));
        }
    }

    public static RecordFields Fields(Random rng)
    {
        int viewers = rng.Next(0, 5);
        var grants = Enumerable.Range(0, viewers).Select(_ => Grant(rng, Hash(rng)));
        return new RecordFields(Hash(rng), rng.NextInt64(0, 4_000_000_000_000), (uint)rng.Next(1, 10), ViewerList.Canonical(grants));
    }

    public static ViewerGrant Grant(Random rng, Hash256 viewer) =>
        new(viewer, Bytes(rng, rng.Next(0, 120)), Bytes(rng, rng.Next(0, 80)), rng.Next(2) == 0 ? 0 : rng.NextInt64(1, long.MaxValue));

    public static Hash256 Hash(Random rng) => new(Bytes(rng, 32));

    public static byte[] Bytes(Random rng, int count)
    {
        var bytes = new byte[count];
        rng.NextBytes(bytes);
        return bytes;
    }
}
