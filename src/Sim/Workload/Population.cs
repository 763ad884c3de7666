using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Sim.Workload;

/// <summary>A simulated participant: keys, role, and the client-side bookkeeping a real client keeps.</summary>
public sealed class Actor
{
    internal Actor(int index, string label, Role role)
    {
        Index = index;
        Role = role;
        Key = SigningKey.FromLabel(SignatureSchemes.Ed25519, label);
        Box = BoxKeyPair.FromLabel(BoxScheme.X25519, label);
    }

    /// <summary>Position in <see cref="Population.Actors"/>.</summary>
    public int Index { get; }

    /// <summary>The role.</summary>
    public Role Role { get; }

    /// <summary>Signature key (account id = its id).</summary>
    public SigningKey Key { get; }

    /// <summary>Key-wrapping key pair.</summary>
    public BoxKeyPair Box { get; }

    /// <summary>The account id.</summary>
    public Hash256 Id => Key.Public.Id;

    /// <summary>The sequence the next transaction carries.</summary>
    public ulong NextSequence { get; internal set; }

    /// <summary>The transaction in flight, if any: a client waits for each outcome before signing the next, so its
    /// sequence numbers never run ahead of what the ledger accepted.</summary>
    public PlannedTransaction? InFlight { get; internal set; }

    /// <summary>Latest versions of the records this actor owns that the ledger has confirmed.</summary>
    internal List<OwnedRecord> Records { get; } = [];
}

/// <summary>A confirmed record version as its owner's client tracks it.</summary>
internal sealed class OwnedRecord(Hash256 id, uint version, List<Hash256> viewers)
{
    public Hash256 Id { get; set; } = id;
    public uint Version { get; set; } = version;
    public List<Hash256> Viewers { get; } = viewers;
}

/// <summary>The workload's participants, all present in the genesis ledger (registration is not what a run measures).</summary>
public sealed class Population
{
    /// <summary>Builds patients, providers and insurers from the workload spec.</summary>
    public Population(WorkloadSpec spec)
    {
        var actors = new List<Actor>();
        for (int i = 0; i < spec.Patients; i++) actors.Add(new Actor(actors.Count, $"patient-{i}", Role.Patient));
        for (int i = 0; i < spec.Providers; i++) actors.Add(new Actor(actors.Count, $"provider-{i}", Role.Provider));
        for (int i = 0; i < spec.Insurers; i++) actors.Add(new Actor(actors.Count, $"insurer-{i}", Role.Insurer));
        Actors = actors;
        Owners = actors.Where(a => RolePolicy.MayOwnRecords(a.Role)).ToArray();
        Viewers = actors.Where(a => a.Role is Role.Insurer or Role.Provider).ToArray();
        ById = actors.ToDictionary(a => a.Id);
    }

    /// <summary>Everyone.</summary>
    public IReadOnlyList<Actor> Actors { get; }

    /// <summary>Those who may own records.</summary>
    public IReadOnlyList<Actor> Owners { get; }

    /// <summary>Those typically granted access (providers and insurers).</summary>
    public IReadOnlyList<Actor> Viewers { get; }

    /// <summary>Lookup by account id.</summary>
    public IReadOnlyDictionary<Hash256, Actor> ById { get; }

    /// <summary>Genesis accounts for every participant.</summary>
    public IEnumerable<GenesisAccount> GenesisAccounts() =>
        Actors.Select(a => new GenesisAccount(a.Key.Public, a.Box.Scheme, a.Box.PublicKey, a.Role, ValidatorGroup.None));
}
