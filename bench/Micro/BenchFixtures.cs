using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Bench.Micro;

/// <summary>Deterministic ledgers and transactions for the micro-benchmarks.</summary>
internal static class BenchFixtures
{
    public const long GenesisTimeMs = 1_767_225_600_000;

    public static SigningKey Key(string label) => SigningKey.FromLabel(SignatureSchemes.Ed25519, label);

    /// <summary>A genesis ledger with <paramref name="users"/> providers, and their keys.</summary>
    public static (ClosedLedger Genesis, SigningKey[] Keys) Network(int users)
    {
        var keys = Enumerable.Range(0, users).Select(i => Key("provider-" + i)).ToArray();
        var box = BoxKeyPair.FromLabel(BoxScheme.X25519, "bench");
        var accounts = keys.Select(k => new GenesisAccount(k.Public, BoxScheme.X25519, box.PublicKey, Role.Provider, ValidatorGroup.None)).ToList();
        return (ClosedLedger.Genesis(new GenesisConfig(GenesisTimeMs, accounts)), keys);
    }

    /// <summary>A realistic record registration: a hash, a date and two viewers with sealed pointer (~100 B) and key (80 B).</summary>
    public static TxPayload RecordPayload(Random rng, SigningKey[] viewers)
    {
        var grants = viewers.Select(v => new ViewerGrant(v.Public.Id, Bytes(rng, 112), Bytes(rng, 80), 0));
        return new RegisterRecord(new RecordFields(new Hash256(Bytes(rng, 32)), GenesisTimeMs, 1, ViewerList.Canonical(grants)));
    }

    /// <summary><paramref name="count"/> signed transactions spread over the users: record registrations and notarizations.</summary>
    public static Transaction[] Transactions(SigningKey[] keys, int count, int seed = 1)
    {
        var rng = new Random(seed);
        var next = new ulong[keys.Length];
        var txs = new Transaction[count];
        for (int i = 0; i < count; i++)
        {
            int u = i % keys.Length;
            TxPayload payload = rng.Next(4) == 0
                ? new Notarize(new Hash256(Bytes(rng, 32)), [])
                : RecordPayload(rng, [keys[(u + 1) % keys.Length], keys[(u + 2) % keys.Length]]);
            txs[i] = Transaction.Create(keys[u], next[u]++, payload);
        }
        return txs;
    }

    public static byte[] Bytes(Random rng, int count)
    {
        var b = new byte[count];
        rng.NextBytes(b);
        return b;
    }
}
