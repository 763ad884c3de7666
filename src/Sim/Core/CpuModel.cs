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

    /// <summary>Fixed cost of handling any message (decode, dispatch).</summary>
    public double MessageUs { get; init; } = 2;

    /// <summary>Cores per node; verification work spreads over them.</summary>
    public int Cores { get; init; } = 1;

    /// <summary>Checks the fields.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (name, v) in new[] { ("signUs", SignUs), ("verifyUs", VerifyUs), ("hashUsPerKiB", HashUsPerKiB), ("applyUsPerTx", ApplyUsPerTx), ("messageUs", MessageUs) })
            if (v < 0 || double.IsNaN(v)) yield return $"cpu.{name} must be >= 0";
        if (Cores < 1) yield return "cpu.cores must be >= 1";
    }
}

/// <summary>Per-node CPU queues in virtual time: work starts when the node is free and occupies it for its cost.</summary>
public sealed class CpuModel
{
    private readonly long[] _busyUntilUs;
    private readonly long[] _cpuTotalUs;

    /// <summary>A model for <paramref name="nodeCount"/> nodes.</summary>
    public CpuModel(CpuSpec spec, int nodeCount)
    {
        Spec = spec;
        _busyUntilUs = new long[nodeCount];
        _cpuTotalUs = new long[nodeCount];
    }

    /// <summary>The costs.</summary>
    public CpuSpec Spec { get; }

    /// <summary>When the node can start work that arrives at <paramref name="nowUs"/>.</summary>
    public long StartUs(int node, long nowUs) => Math.Max(nowUs, _busyUntilUs[node]);

    /// <summary>Occupies the node from <paramref name="startUs"/> for <paramref name="serialUs"/> of work on one core
    /// plus <paramref name="parallelUs"/> spread over its <see cref="CpuSpec.Cores"/> (signature verifications), and
    /// charges it the processor time of both; returns when it is done.</summary>
    public long Run(int node, long startUs, double serialUs, double parallelUs)
    {
        long busyUs = (long)Math.Ceiling(serialUs + parallelUs / Spec.Cores);
        long cpuUs = (long)Math.Ceiling(serialUs + parallelUs);
        long done = Math.Max(startUs, _busyUntilUs[node]) + Math.Max(0, busyUs);
        _busyUntilUs[node] = done;
        _cpuTotalUs[node] += Math.Max(0, cpuUs);
        return done;
    }

    /// <summary>Total processor time charged to a node, summed over its cores (what a CPU-second price is paid for).</summary>
    public long CpuUs(int node) => _cpuTotalUs[node];

    /// <summary>Forgets queued work (a crashed node loses what it was doing).</summary>
    public void Reset(int node, long nowUs) => _busyUntilUs[node] = nowUs;
}
