using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Simulation;

// Step-by-step control, for hosts that drive the simulated network themselves (the conformance suite): boot the nodes
// without the scenario's workload and faults, then submit, crash, restart, partition and advance virtual time one
// event at a time. Everything still goes through the same event queue, network model and CPU model as Run().
public sealed partial class Simulation
{
    private bool _controlled;

    /// <summary>Boots every node at virtual time 0 (or its start delay) and schedules nothing else: no workload arrivals
    /// and none of the scenario's crashes (the caller submits, crashes and restarts with the methods below). Use instead
    /// of <see cref="Run"/>, not with it.</summary>
    public void StartControlled()
    {
        if (_controlled) throw new InvalidOperationException("The simulation is already started.");
        _controlled = true;
        BootAll();
    }

    /// <summary>Processes the next event if it is due at or before <paramref name="untilUs"/>; false when none is.</summary>
    public bool Step(long untilUs)
    {
        RequireControlled();
        if (!TryTakeNext(untilUs, out var e, out long now)) return false;
        Dispatch(e, now);
        return true;
    }

    /// <summary>Sends <paramref name="tx"/> to node <paramref name="node"/> now (after the client's network latency);
    /// a node that is down at that time passes it to the next one up, as a refused client would. Returns the
    /// transaction's track (its outcome, ledger and reason as this node reports them). Submitting the same transaction
    /// again starts a fresh track, so a replayed transaction's rejection is seen.</summary>
    public TrackedTransaction SubmitNow(int node, Transaction tx)
    {
        RequireControlled();
        ArgumentNullException.ThrowIfNull(tx);
        if ((uint)node >= (uint)_nodes.Length) throw new ArgumentOutOfRangeException(nameof(node));
        var track = new TrackedTransaction(tx, _queue.NowUs, node);
        _tracks[tx.Id] = track;
        _trackOrder.Add(track);
        _issued.Add(tx.Id);
        _queue.Schedule(_queue.NowUs + _scenario.Network.Latency.SampleUs(_clientRng), new Submit(node, track));
        return track;
    }

    /// <summary>Crashes node <paramref name="node"/> now: its core is dropped (nothing it had not stored survives),
    /// messages to it are lost; its block store and signing watermark stay for <see cref="RestartNow"/>.</summary>
    public void CrashNow(int node)
    {
        RequireControlled();
        Dispatch(new Crash(node), _queue.NowUs);
    }

    /// <summary>Restarts a crashed node now from its block store.</summary>
    public void RestartNow(int node)
    {
        RequireControlled();
        Dispatch(new Restart(node), _queue.NowUs);
    }

    /// <summary>From now on, until <see cref="HealNow"/>, nodes in <paramref name="side"/> and the others cannot
    /// reach each other (messages in flight across the cut are lost too).</summary>
    public void PartitionNow(IReadOnlyList<int> side)
    {
        RequireControlled();
        _network.Cut(side, _queue.NowUs);
    }

    /// <summary>Ends every partition made with <see cref="PartitionNow"/>.</summary>
    public void HealNow()
    {
        RequireControlled();
        _network.HealCuts(_queue.NowUs);
    }

    /// <summary>Node <paramref name="node"/>'s core, or null while it is crashed.</summary>
    public ConsensusNode? NodeAt(int node) => _nodes[node];

    /// <summary>Node <paramref name="node"/>'s block store (it survives crashes).</summary>
    public IBlockStore StoreOf(int node) => _configs[node].Store;

    /// <summary>Every ledger node <paramref name="node"/> reported fully validated, by sequence, across restarts.</summary>
    public IReadOnlyDictionary<uint, Hash256> ReportedBy(int node) => _stats[node].Reported;

    /// <summary>Restarts that came back with fewer validated ledgers than the node had reported (should stay empty).</summary>
    public IReadOnlyList<string> LossViolations => _lossViolations;

    /// <summary>The genesis ledger.</summary>
    public ClosedLedger Genesis => _genesis;

    /// <summary>Number of validators.</summary>
    public int NodeCount => _nodes.Length;

    private void RequireControlled()
    {
        if (!_controlled) throw new InvalidOperationException("Call StartControlled() first.");
    }
}
