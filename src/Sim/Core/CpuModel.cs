using System.Text.Json.Serialization;

namespace HealthLedger.Sim.Core;

/// <summary>
/// CPU cost per operation, in microseconds of one core, charged in virtual time so that saturation and queueing
/// show up in simulated latency. Defaults are calibrated from the engine's benchmarks on the reference machine
/// (results/bench: Ed25519 verify ≈ 60 µs, sign ≈ 25 µs, SHA-256 ≈ 0.5 µs per KiB, apply ≈ 4 µs per transaction).
/// </summary>
public sealed record CpuSpec
{
    /// <summary>Cost of one signature.</summary>
    public double SignUs { get; init; } = 25;

    /// <summary>Cost of one signature verification.</summary>
    public double VerifyUs { get; init; } = 60;

    /// <summary>Cost of hashing one KiB.</summary>
    public double HashUsPerKiB { get; init; } = 0.5;

    /// <summary>Cost of applying one (pre-verified) transaction, including its share of closing the ledger.</summary>
    public double ApplyUsPerTx { get; init; } = 4;

    /// <summary>Cost of validating one transaction's ledger (storing it, answering its clients), charged per transaction
    /// when the node sees the ledger fully validated. 0 (the default) charges nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] // resolved scenarios (and their hashes) without it read as before
    public double StoreUsPerTx { get; init; }

    /// <summary>Cost of taking in one transaction the node has not seen before (reading and decoding it, pooling it,
    /// relaying it), charged on the node when it handles the transaction: work a real node does as transactions arrive,
    /// where <see cref="ApplyUsPerTx"/> and <see cref="StoreUsPerTx"/> are work it does once a round for the whole ledger.
    /// 0 (the default) charges nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] // resolved scenarios (and their hashes) without it read as before
    public double ReceiveUsPerTx { get; init; }

    /// <summary>Fixed cost of handling any message (decode, dispatch).</summary>
    public double MessageUs { get; init; } = 2;

    /// <summary>Cores per node; verification work spreads over them. Unused when <see cref="MachineCores"/> is set.</summary>
    public int Cores { get; init; } = 1;

    /// <summary>0 (the default): every node has cores of its own. n &gt; 0: every node and the client share one machine
    /// of n cores, as a loopback cluster does: a node still takes its inputs one at a time, and at most n inputs (of any
    /// nodes, and the client's work) run at once, first come first served in virtual time.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] // resolved scenarios (and their hashes) without it read as before
    public int MachineCores { get; init; }

    /// <summary>With <see cref="MachineCores"/>: how the shared cores serve the work. false (the default): first come,
    /// first served, an input holding a whole core until it is done. true: processor sharing
    /// (<see cref="Core.ProcessorSharing"/>), every running input progressing at min(1, cores ÷ running inputs), as the
    /// kernel time-slices processes; a node still takes its inputs one at a time, and one that arrives while it works
    /// waits for it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ProcessorSharing { get; init; }

    /// <summary>With <see cref="ProcessorSharing"/>: 0 (the default) checks a node's transaction signatures on its loop,
    /// with the rest of its work, in arrival order. &gt; 0: as the real-time host runs a node (<c>NodeRuntime</c>): a
    /// transaction a node receives (a client's submission or a peer's relay) is first checked by the node's signature
    /// checker, a slot of its own on the shared machine at this scheduling weight against a loop's 1, which spends
    /// <see cref="VerifyUs"/> on each transaction the node has not checked before; the loop then takes it from a queue of
    /// its own, and takes every queued consensus input (proposals, validations, sets, ledgers, timers) first. The host
    /// runs its checkers at Linux nice 10, which weighs 110 against 1024 at nice 0, and two of them per node on a 2-core
    /// machine: 2 × 110 ÷ 1024 ≈ 0.215 (the calibration's default).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double CheckerWeight { get; init; }

    /// <summary>CPU the client spends per transaction before sending it (making and signing it, its share of the
    /// connection), charged on the shared machine's cores; needs <see cref="MachineCores"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double ClientUsPerTx { get; init; }

    /// <summary>Checks the fields.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (name, v) in new[] { ("signUs", SignUs), ("verifyUs", VerifyUs), ("hashUsPerKiB", HashUsPerKiB), ("applyUsPerTx", ApplyUsPerTx), ("receiveUsPerTx", ReceiveUsPerTx), ("storeUsPerTx", StoreUsPerTx), ("messageUs", MessageUs), ("clientUsPerTx", ClientUsPerTx), ("checkerWeight", CheckerWeight) })
            if (v < 0 || !double.IsFinite(v)) yield return $"cpu.{name} must be a finite number >= 0";
        if (Cores < 1) yield return "cpu.cores must be >= 1";
        if (MachineCores < 0) yield return "cpu.machineCores must be >= 0 (0: a machine per node)";
        if (ClientUsPerTx > 0 && MachineCores == 0) yield return "cpu.clientUsPerTx needs cpu.machineCores (the client's work is charged on the shared machine)";
        if (ProcessorSharing && MachineCores == 0) yield return "cpu.processorSharing needs cpu.machineCores (it is how the shared machine's cores are shared)";
        if (CheckerWeight > 0 && !ProcessorSharing) yield return "cpu.checkerWeight needs cpu.processorSharing (the checkers share the machine's cores with the loops by weight)";
        if (double.IsInfinity(CheckerWeight)) yield return "cpu.checkerWeight must be finite";
    }
}

/// <summary>
/// CPU queues in virtual time. Each node takes its inputs one at a time: work starts when the node is free and occupies
/// it for its cost. With <see cref="CpuSpec.MachineCores"/> set the nodes and the client also share that many cores:
/// work starts when its node and a core are both free, on the core that leaves the least idle gap behind (the latest one
/// free by then), and the client's work per transaction queues on the same cores.
/// </summary>
public sealed class CpuModel
{
    private readonly long[] _busyUntilUs;
    private readonly long[] _cpuTotalUs;
    private readonly long[] _coreFreeUs;
    private long _clientBusyUntilUs;

    /// <summary>A model for <paramref name="nodeCount"/> nodes.</summary>
    public CpuModel(CpuSpec spec, int nodeCount)
    {
        Spec = spec;
        _busyUntilUs = new long[nodeCount];
        _cpuTotalUs = new long[nodeCount];
        _coreFreeUs = new long[spec.MachineCores];
        if (spec.ProcessorSharing && spec.MachineCores > 0)
        {
            // Slots: the nodes' loops, the client, then with checkers each node's signature checker.
            var weights = Enumerable.Repeat(1.0, nodeCount + 1);
            if (spec.CheckerWeight > 0) weights = weights.Concat(Enumerable.Repeat(spec.CheckerWeight, nodeCount));
            Sharing = new ProcessorSharing(spec.MachineCores, weights.ToArray());
        }
    }

    /// <summary>The shared machine under processor sharing (slots: the nodes, then <see cref="ClientSlot"/>, then with
    /// <see cref="Checkers"/> each node's checker), or null when work is served first come, first served. The simulator
    /// queues each slot's inputs and releases their effects when this says they are done.</summary>
    public ProcessorSharing? Sharing { get; }

    /// <summary>The client's slot in <see cref="Sharing"/>.</summary>
    public int ClientSlot => _busyUntilUs.Length;

    /// <summary>Nodes check transaction signatures on checkers of their own (<see cref="CpuSpec.CheckerWeight"/>).</summary>
    public bool Checkers => Sharing is not null && Spec.CheckerWeight > 0;

    /// <summary>Node <paramref name="node"/>'s checker slot in <see cref="Sharing"/> (with <see cref="Checkers"/>).</summary>
    public int CheckerSlot(int node) => ClientSlot + 1 + node;

    /// <summary>The node whose checker slot <paramref name="slot"/> is, else -1.</summary>
    public int CheckerOf(int slot) => Checkers && slot > ClientSlot ? slot - ClientSlot - 1 : -1;

    /// <summary>Starts <paramref name="workUs"/> of node <paramref name="node"/>'s signature checks on its checker and
    /// charges them to the node.</summary>
    public void StartChecks(int node, long nowUs, double workUs)
    {
        long cpuUs = WholeUs(workUs);
        Sharing!.Start(CheckerSlot(node), cpuUs, nowUs);
        _cpuTotalUs[node] += cpuUs;
    }

    /// <summary>Starts node <paramref name="node"/>'s work on the shared machine under processor sharing and charges it
    /// (as <see cref="Run"/> does for first come, first served).</summary>
    public void StartShared(int node, long nowUs, double serialUs, double parallelUs)
    {
        long cpuUs = WholeUs(serialUs + parallelUs);
        Sharing!.Start(node, cpuUs, nowUs);
        _cpuTotalUs[node] += cpuUs;
    }

    /// <summary>Starts the client's work for one transaction under processor sharing and charges it.</summary>
    public void StartClientShared(long nowUs)
    {
        long us = WholeUs(Spec.ClientUsPerTx);
        Sharing!.Start(ClientSlot, us, nowUs);
        ClientCpuUs += us;
    }

    /// <summary>The costs.</summary>
    public CpuSpec Spec { get; }

    /// <summary>The nodes and the client share the machine's cores.</summary>
    public bool Shared => _coreFreeUs.Length > 0;

    /// <summary>CPU charged to the client, summed over the run.</summary>
    public long ClientCpuUs { get; private set; }

    /// <summary>When the node can start work that arrives at <paramref name="nowUs"/>.</summary>
    public long StartUs(int node, long nowUs) => Sharing is not null ? nowUs : Start(Math.Max(nowUs, _busyUntilUs[node]), out _);

    /// <summary>Occupies the node from <paramref name="startUs"/> for <paramref name="serialUs"/> of work on one core
    /// plus <paramref name="parallelUs"/> (signature verifications) spread over its <see cref="CpuSpec.Cores"/>, or on
    /// the one shared core it runs on, and charges it the processor time of both; returns when it is done.</summary>
    public long Run(int node, long startUs, double serialUs, double parallelUs)
    {
        long busyUs = WholeUs(Shared ? serialUs + parallelUs : serialUs + parallelUs / Spec.Cores);
        long done = Occupy(Math.Max(startUs, _busyUntilUs[node]), busyUs);
        _busyUntilUs[node] = done;
        _cpuTotalUs[node] += WholeUs(serialUs + parallelUs);
        return done;
    }

    /// <summary>The client's work for one transaction planned at <paramref name="nowUs"/>, one transaction at a time on
    /// the shared cores; returns when it is done and the transaction can be sent (<paramref name="nowUs"/> when the
    /// model has no client cost).</summary>
    public long RunClient(long nowUs)
    {
        if (!Shared || Spec.ClientUsPerTx <= 0) return nowUs;
        long us = WholeUs(Spec.ClientUsPerTx);
        _clientBusyUntilUs = Occupy(Math.Max(nowUs, _clientBusyUntilUs), us);
        ClientCpuUs += us;
        return _clientBusyUntilUs;
    }

    /// <summary>Work in whole µs, rounded up (never negative): what is charged and occupied.</summary>
    private static long WholeUs(double us) => Math.Max(0, (long)Math.Ceiling(us));

    /// <summary>Total processor time charged to a node, summed over its cores (what a CPU-second price is paid for).</summary>
    public long CpuUs(int node) => _cpuTotalUs[node];

    /// <summary>Forgets queued work (a crashed node loses what it was doing; the shared cores it had taken stay spent).</summary>
    public void Reset(int node, long nowUs)
    {
        _busyUntilUs[node] = nowUs;
        Sharing?.Abort(node, nowUs);
        if (Checkers) Sharing!.Abort(CheckerSlot(node), nowUs);
    }

    /// <summary>Runs <paramref name="us"/> of work ready at <paramref name="readyUs"/>; returns when it is done.</summary>
    private long Occupy(long readyUs, long us)
    {
        long start = Start(readyUs, out int core);
        if (core >= 0) _coreFreeUs[core] = start + us;
        return start + us;
    }

    /// <summary>When work ready at <paramref name="readyUs"/> starts, and on which shared core (-1: none shared): the
    /// latest core free by then, else the first to free up.</summary>
    private long Start(long readyUs, out int core)
    {
        core = -1;
        if (!Shared) return readyUs;
        long best = long.MinValue, earliest = long.MaxValue;
        int earliestCore = 0;
        for (int c = 0; c < _coreFreeUs.Length; c++)
        {
            long free = _coreFreeUs[c];
            if (free <= readyUs && free > best) (best, core) = (free, c);
            if (free < earliest) (earliest, earliestCore) = (free, c);
        }
        if (core >= 0) return readyUs;
        core = earliestCore;
        return earliest;
    }
}
