using System.Text;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Core;

namespace HealthLedger.Sim.Workload;

/// <summary>
/// Makes the signed transactions a workload's operations stand for, as real clients would: each record is a
/// FHIR-shaped JSON document (<see cref="ClinicalDocuments"/>: Bogus's data, the workload's seed) whose SHA-256 is registered; viewers get a
/// sealed pointer and key of realistic size. The bytes inside the sealed boxes are random: the simulator measures the
/// ledger, and sealing costs are measured by the client benchmarks. Each actor has at most one transaction in flight.
/// </summary>
public sealed class TxFactory
{
    private const int SealedPointerBytes = 64 + 48; // a 64-character pointer in an X25519 sealed box
    private const int SealedKeyBytes = 32 + 48;     // an AES-256 key in an X25519 sealed box
    private readonly WorkloadSpec _spec;
    private readonly Population _population;
    private readonly SimRandom _rng;
    private readonly ClinicalDocuments _documents;
    private readonly (OperationKind Kind, double Cumulative)[] _mix;
    private readonly IdleOwners _idle;

    /// <summary>A factory over <paramref name="population"/> drawing from <paramref name="rng"/>.</summary>
    public TxFactory(WorkloadSpec spec, Population population, SimRandom rng)
    {
        _spec = spec;
        _population = population;
        _rng = rng;
        _documents = new ClinicalDocuments(new SimRandom(rng.NextUInt64())); // its own stream: document draws shift no other
        double total = spec.Mix.Weights.Sum(w => w.Weight), acc = 0;
        _mix = spec.Mix.Weights.Where(w => w.Weight > 0).Select(w => (w.Kind, acc += w.Weight / total)).ToArray();
        _idle = new IdleOwners(population);
    }

    /// <summary>Draws an operation kind from the mix.</summary>
    public OperationKind NextKind()
    {
        double u = _rng.NextDouble();
        foreach (var (kind, cumulative) in _mix)
            if (u < cumulative) return kind;
        return _mix[^1].Kind;
    }

    /// <summary>Makes and signs the transaction for one operation, or null when every suitable actor is busy (the
    /// caller retries later; the operation's latency keeps counting from its planned time). An operation that needs a
    /// confirmed record falls back to registering one when its actor has none.</summary>
    public Transaction? TryCreate(OperationKind kind, uint lastValidLedger) => TryPlan(kind, lastValidLedger)?.Transaction;

    /// <summary>As <see cref="TryCreate"/>, but leaves the signature to whoever asks for
    /// <see cref="PlannedTransaction.Transaction"/> first (a host may sign ahead on another core). Everything the
    /// workload draws is drawn here, on the caller's thread.</summary>
    public PlannedTransaction? TryPlan(OperationKind kind, uint lastValidLedger)
    {
        var owner = _idle.Pick(_rng.Next(_population.Owners.Count));
        if (owner is null) return null;
        TxPayload payload = kind switch
        {
            OperationKind.NewVersion when owner.Records.Count > 0 => NewVersion(owner),
            OperationKind.AddViewer when owner.Records.Count > 0 && AddViewer(owner) is { } add => add,
            OperationKind.RemoveViewer when owner.Records.Count > 0 && RemoveViewer(owner) is { } remove => remove,
            OperationKind.Notarize => new Notarize(_documents.NextHash(owner.Id), Encoding.UTF8.GetBytes("immunization-status")),
            _ => new RegisterRecord(Fields(owner, 1)),
        };
        var planned = new PlannedTransaction(owner.Key, owner.Id, owner.NextSequence, payload, lastValidLedger);
        owner.InFlight = planned;
        _idle.Set(owner, busy: true);
        return planned;
    }

    /// <summary>The ledger applied <paramref name="tx"/>: its sender may send again, and the records it made are known.</summary>
    public void OnApplied(Transaction tx)
    {
        if (!_population.ById.TryGetValue(tx.Sender, out var actor) || !IsInFlight(actor, tx)) return;
        actor.InFlight = null;
        _idle.Set(actor, busy: false);
        actor.NextSequence = tx.Sequence + 1;
        var newId = RecordIds.For(tx.Sender, tx.Sequence);
        switch (tx.Payload)
        {
            case RegisterRecord r:
                actor.Records.Add(new OwnedRecord(newId, 1, r.Fields.Viewers.Select(v => v.Viewer).ToList()));
                break;
            case NewVersion v when actor.Records.Find(x => x.Id == v.Previous) is { } rec:
                rec.Id = newId;
                rec.Version = v.Fields.Version;
                rec.Viewers.Clear();
                rec.Viewers.AddRange(v.Fields.Viewers.Select(g => g.Viewer));
                break;
            case AddViewer a when actor.Records.Find(x => x.Id == a.Record) is { } rec:
                rec.Viewers.Add(a.Grant.Viewer);
                break;
            case RemoveViewer rv when actor.Records.Find(x => x.Id == rv.Record) is { } rec:
                rec.Viewers.Remove(rv.Viewer);
                break;
        }
    }

    /// <summary>The ledger will not apply <paramref name="tx"/>: its sender may send again with the same sequence.</summary>
    public void OnRejected(Transaction tx)
    {
        if (_population.ById.TryGetValue(tx.Sender, out var actor) && IsInFlight(actor, tx))
        {
            actor.InFlight = null;
            _idle.Set(actor, busy: false);
        }
    }

    /// <summary>True when <paramref name="tx"/> is the one its actor has in flight (the sequence is compared first, so a
    /// stale transaction does not wait for the current one's signature).</summary>
    private static bool IsInFlight(Actor actor, Transaction tx) =>
        actor.InFlight is { } planned && planned.Sequence == tx.Sequence && planned.Transaction.Id == tx.Id;

    private NewVersion NewVersion(Actor owner)
    {
        var rec = owner.Records[_rng.Next(owner.Records.Count)];
        return new NewVersion(rec.Id, Fields(owner, rec.Version + 1, rec.Viewers));
    }

    private AddViewer? AddViewer(Actor owner)
    {
        var rec = owner.Records[_rng.Next(owner.Records.Count)];
        if (rec.Viewers.Count >= ViewerList.MaxViewers) return null;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var viewer = _population.Viewers[_rng.Next(_population.Viewers.Count)];
            if (viewer.Id != owner.Id && !rec.Viewers.Contains(viewer.Id)) return new AddViewer(rec.Id, Grant(viewer.Id));
        }
        return null;
    }

    private RemoveViewer? RemoveViewer(Actor owner)
    {
        var rec = owner.Records[_rng.Next(owner.Records.Count)];
        var others = rec.Viewers.Where(v => v != owner.Id).ToList();
        return others.Count == 0 ? null : new RemoveViewer(rec.Id, others[_rng.Next(others.Count)]);
    }

    private RecordFields Fields(Actor owner, uint version, IReadOnlyList<Hash256>? keepViewers = null)
    {
        var viewers = new List<Hash256>(1 + (keepViewers?.Count ?? _spec.ViewersPerRecord)) { owner.Id };
        if (keepViewers is not null) viewers.AddRange(keepViewers);
        else
            for (int i = 0; i < _spec.ViewersPerRecord && _population.Viewers.Count > 0; i++)
                viewers.Add(_population.Viewers[_rng.Next(_population.Viewers.Count)].Id);
        viewers.Sort();
        int distinct = 0; // in id order without repeats: the canonical order of a viewer list
        for (int i = 0; i < viewers.Count; i++)
            if (distinct == 0 || viewers[distinct - 1] != viewers[i]) viewers[distinct++] = viewers[i];
        // The sealed bytes of every grant in one buffer: one array per transaction rather than two per viewer.
        var sealedBytes = new byte[distinct * (SealedPointerBytes + SealedKeyBytes)].AsMemory();
        var grants = new ViewerGrant[distinct];
        for (int i = 0; i < distinct; i++, sealedBytes = sealedBytes[(SealedPointerBytes + SealedKeyBytes)..])
            grants[i] = Grant(viewers[i], sealedBytes);
        return new RecordFields(_documents.NextHash(owner.Id), 1_767_225_600_000 + _rng.Next(0, 86_400_000), version, grants);
    }

    private ViewerGrant Grant(Hash256 viewer) => Grant(viewer, new byte[SealedPointerBytes + SealedKeyBytes]);

    /// <summary>A grant whose sealed pointer and key are random bytes written into <paramref name="space"/>.</summary>
    private ViewerGrant Grant(Hash256 viewer, Memory<byte> space)
    {
        var pointer = space[..SealedPointerBytes];
        var key = space.Slice(SealedPointerBytes, SealedKeyBytes);
        _rng.NextBytes(pointer.Span);
        _rng.NextBytes(key.Span);
        return new ViewerGrant(viewer, pointer, key, 0);
    }
}

/// <summary>
/// Which owners have nothing in flight, as bits, so that picking one is a scan of words rather than of actors: at
/// saturation nearly every owner is waiting for an outcome, and a linear search from a random start would pass
/// thousands of them per operation. The pick is the same as that search's: the first idle owner at or after the start,
/// wrapping around.
/// </summary>
internal sealed class IdleOwners
{
    private readonly IReadOnlyList<Actor> _owners;
    private readonly int[] _position; // by Actor.Index: the position in the owners, or -1
    private readonly ulong[] _idle;

    public IdleOwners(Population population)
    {
        _owners = population.Owners;
        _position = new int[population.Actors.Count];
        Array.Fill(_position, -1);
        _idle = new ulong[(_owners.Count + 63) / 64];
        for (int p = 0; p < _owners.Count; p++)
        {
            _position[_owners[p].Index] = p;
            if (_owners[p].InFlight is null) _idle[p >> 6] |= 1UL << p;
        }
    }

    public void Set(Actor actor, bool busy)
    {
        int p = _position[actor.Index];
        if (p < 0) return;
        if (busy) _idle[p >> 6] &= ~(1UL << p);
        else _idle[p >> 6] |= 1UL << p;
    }

    /// <summary>The first idle owner at or after position <paramref name="start"/>, wrapping around; null when all are busy.</summary>
    public Actor? Pick(int start)
    {
        if (_owners.Count == 0) return null;
        int word = start >> 6;
        ulong bits = _idle[word] & (ulong.MaxValue << start); // positions start.. of the first word
        for (int scanned = 0; scanned <= _idle.Length; scanned++)
        {
            if (bits != 0) return _owners[(word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)];
            word = word + 1 == _idle.Length ? 0 : word + 1;
            bits = _idle[word];
        }
        return null;
    }
}
