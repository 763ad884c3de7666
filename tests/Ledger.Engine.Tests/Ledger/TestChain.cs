using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Tests.Ledger;

/// <summary>A participant in tests: signing key, box key, and its next sequence number.</summary>
public sealed class Party(string name, Role role, ISignatureScheme? scheme = null)
{
    public string Name { get; } = name;
    public Role Role { get; } = role;
    public SigningKey Key { get; } = SigningKey.FromLabel(scheme ?? SignatureSchemes.Ed25519, name);
    public BoxKeyPair Box { get; } = BoxKeyPair.FromLabel(BoxScheme.X25519, name);
    public Hash256 Id => Key.Public.Id;
    public ulong NextSequence { get; set; }

    public Transaction Sign(TxPayload payload, uint lastValidLedger = 0) =>
        Transaction.Create(Key, Id, NextSequence++, payload, lastValidLedger);

    public RegisterUser Registration(ValidatorGroup group = ValidatorGroup.None) =>
        new(Key.Public, Box.Scheme, Box.PublicKey, Role, group);

    public GenesisAccount Genesis(ValidatorGroup group = ValidatorGroup.None) =>
        new(Key.Public, Box.Scheme, Box.PublicKey, Role, group);
}

/// <summary>A chain of ledgers built in memory, with a registrar and a few users: the scaffolding most ledger tests use.</summary>
public sealed class TestChain
{
    public const long GenesisTimeMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    public Party Registrar { get; } = new("registrar", Role.Registrar);
    public List<ClosedLedger> Ledgers { get; } = [];
    public ClosedLedger Head => Ledgers[^1];

    private readonly List<Party> _parties = [];

    public TestChain(params Party[] genesisUsers)
    {
        _parties.Add(Registrar);
        _parties.AddRange(genesisUsers);
        var accounts = new List<GenesisAccount> { Registrar.Genesis() };
        accounts.AddRange(genesisUsers.Select(p => p.Genesis()));
        Ledgers.Add(ClosedLedger.Genesis(new GenesisConfig(GenesisTimeMs, accounts)));
    }

    /// <summary>Builds the next ledger from <paramref name="txs"/>, 1 s after the head.</summary>
    public BuildResult Close(params Transaction[] txs)
    {
        var result = LedgerBuilder.Build(Head, txs, Head.CloseTimeMs + 1000, SignatureVerifier.Instance);
        Ledgers.Add(result.Ledger);
        // A rejected transaction consumes no sequence number: re-read every party's next sequence from the ledger.
        foreach (var party in _parties)
            if (Head.State.GetAccount(party.Id) is { } account) party.NextSequence = account.NextSequence;
        return result;
    }

    /// <summary>Applies one transaction in a ledger of its own and returns its result.</summary>
    public TxResult Submit(Transaction tx)
    {
        var result = Close(tx);
        return result.Rejected.Count == 0 ? TxResult.Applied : result.Rejected[0].Result;
    }

    /// <summary>Registers users through the registrar.</summary>
    public void Register(params Party[] parties)
    {
        _parties.AddRange(parties);
        var result = Close(parties.Select(p => Registrar.Sign(p.Registration())).ToArray());
        Assert.Empty(result.Rejected);
    }

    public ClosedLedger? BySequence(uint sequence) => sequence < Ledgers.Count ? Ledgers[(int)sequence] : null;
}
