using HealthLedger.Sim.Core;
using HealthLedger.Sim.Network;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Scenarios;

/// <summary>
/// Everything one simulation run is made of, as read from a scenario file (JSON, comments allowed). Every field has
/// a default, so a scenario names only what it changes; the resolved scenario (defaults filled in) is written to
/// run.json and hashed, so a result always says exactly what produced it.
/// </summary>
public sealed record Scenario
{
    /// <summary>Short name; the default output directory is results/&lt;name&gt;.</summary>
    public string Name { get; init; } = "unnamed";

    /// <summary>What the scenario is for.</summary>
    public string Description { get; init; } = "";

    /// <summary>Root seed; every component's random stream derives from it. <c>--seed</c> overrides it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Simulated seconds during which the workload submits.</summary>
    public double DurationSec { get; init; } = 60;

    /// <summary>Simulated seconds after the workload stops, for pending transactions to be validated.</summary>
    public double DrainSec { get; init; } = 10;

    /// <summary>Validators per group and group weights.</summary>
    public ValidatorsSpec Validators { get; init; } = new();

    /// <summary>Consensus parameters.</summary>
    public ConsensusSpec Consensus { get; init; } = new();

    /// <summary>The network model.</summary>
    public NetworkSpec Network { get; init; } = new();

    /// <summary>The CPU cost model.</summary>
    public CpuSpec Cpu { get; init; } = new();

    /// <summary><c>real</c>: actual Ed25519 signatures; <c>modelled</c>: unforgeable symbolic signatures checked by
    /// identity, their cost charged by the CPU model.</summary>
    public string Crypto { get; init; } = "real";

    /// <summary>The client workload.</summary>
    public WorkloadSpec Workload { get; init; } = new();

    /// <summary>Crashes and restarts.</summary>
    public FaultsSpec Faults { get; init; } = new();

    /// <summary>Byzantine validators and their behaviours.</summary>
    public IReadOnlyList<HealthLedger.Attacks.Byzantine.AdversarySpec> Adversaries { get; init; } = [];

    /// <summary>The outcome each invariant is expected to have.</summary>
    public ExpectSpec Expect { get; init; } = new();

    /// <summary>Prices, failure costs, risk inputs and the centralized baseline of the cost section (docs/cost-model.md).</summary>
    public HealthLedger.Sim.Cost.CostSpec Cost { get; init; } = new();

    /// <summary>Total validators.</summary>
    public int NodeCount => Validators.Generators + Validators.Receivers + Validators.Monitors;

    /// <summary>Every problem with the scenario, each naming its field.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add("name must not be empty");
        if (DurationSec <= 0 || double.IsNaN(DurationSec)) problems.Add("durationSec must be > 0");
        if (DrainSec < 0 || double.IsNaN(DrainSec)) problems.Add("drainSec must be >= 0");
        problems.AddRange(Validators.Problems());
        problems.AddRange(Consensus.Problems());
        problems.AddRange(Network.Validate(NodeCount));
        problems.AddRange(Cpu.Validate());
        if (Crypto is not ("real" or "modelled")) problems.Add($"crypto: '{Crypto}' is not one of real, modelled");
        problems.AddRange(Workload.Problems());
        problems.AddRange(Faults.Problems(NodeCount));
        for (int i = 0; i < Adversaries.Count; i++) problems.AddRange(Adversaries[i].Problems($"adversaries[{i}]", NodeCount));
        problems.AddRange(Expect.Problems());
        problems.AddRange(Cost.Problems());
        return problems;
    }
}

/// <summary>How many validators each interest group has, and the group weights (seed 3.4).</summary>
public sealed record ValidatorsSpec
{
    /// <summary>Validators labelled data generators.</summary>
    public int Generators { get; init; } = 3;

    /// <summary>Validators labelled data receivers.</summary>
    public int Receivers { get; init; } = 2;

    /// <summary>Validators labelled data monitors.</summary>
    public int Monitors { get; init; } = 2;

    /// <summary>Group weights as generators:receivers:monitors.</summary>
    public string Weights { get; init; } = "1:1:1";

    /// <summary>When each validator starts, ms after the run begins, in the validators' order (generators, receivers,
    /// monitors); the rest start at 0. A validator starts its first round when it starts, and each round starts when the
    /// node accepts the last, so the offsets carry into every round: the nodes close, build and validate apart, as the
    /// processes of a loopback cluster do (they start one after another; docs/network.md, "The simulator against
    /// loopback"). Left out of the scenario's JSON when absent, so a scenario without it keeps its hash.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? StartDelaysMs { get; init; }

    /// <summary>The latest a validator may start, ms (<see cref="StartDelaysMs"/>).</summary>
    public const double MaxStartDelayMs = 60_000;

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        if (Generators < 0 || Receivers < 0 || Monitors < 0) yield return "validators: group sizes must be >= 0";
        if (Generators + Receivers + Monitors < 1) yield return "validators: at least one validator is needed";
        if (Generators + Receivers + Monitors > 10_000) yield return "validators: at most 10,000 validators";
        if (StartDelaysMs is { } delays)
        {
            if (delays.Count > Generators + Receivers + Monitors)
                yield return $"validators.startDelaysMs: {delays.Count} delays for {Generators + Receivers + Monitors} validators";
            if (delays.Any(d => !(d >= 0 && d <= MaxStartDelayMs)))
                yield return "validators.startDelaysMs: each delay must be a number of ms in [0, 60000]";
        }
        string? weightError = null;
        try
        {
            var w = HealthLedger.Engine.Consensus.GroupWeights.Parse(Weights);
            weightError = w.Problem();
        }
        catch (FormatException e)
        {
            weightError = e.Message;
        }
        if (weightError is not null) yield return $"validators.weights: {weightError}";
        else
        {
            // The same rule ValidatorSet enforces, caught here so a scenario file gets a named field, not an exception.
            var weights = HealthLedger.Engine.Consensus.GroupWeights.Parse(Weights);
            foreach (var (group, size) in new[] { (HealthLedger.Engine.Ledger.ValidatorGroup.Generators, Generators),
                         (HealthLedger.Engine.Ledger.ValidatorGroup.Receivers, Receivers), (HealthLedger.Engine.Ledger.ValidatorGroup.Monitors, Monitors) })
            {
                if (size == 0 && weights.Of(group) != 0)
                    yield return $"validators.{char.ToLowerInvariant(group.ToString()[0])}{group.ToString()[1..]}: the group has no validators but weight {weights.Of(group)}; give it weight 0 in validators.weights or add validators";
            }
        }
    }
}

/// <summary>Consensus settings a scenario may change (the rest keep the engine's defaults).</summary>
public sealed record ConsensusSpec
{
    /// <summary>Quorum policy: flat(q), weighted(q) or groups(k,qg).</summary>
    public string Quorum { get; init; } = "flat(0.8)";

    /// <summary>Ledger close interval while transactions are pending, ms.</summary>
    public long CloseIntervalMs { get; init; } = 1_000;

    /// <summary>Most transactions one ledger takes.</summary>
    public int MaxTransactionsPerLedger { get; init; } = 5_000;

    /// <summary>Admission control: each node refuses clients' submissions while it holds this many unconfirmed
    /// transactions (<see cref="HealthLedger.Engine.Consensus.ConsensusParameters.SubmissionQueueLimit"/>); null: only
    /// when its pool is full. Left out of the scenario's JSON when absent, so a scenario without one keeps the hash
    /// and reports it had before the setting existed.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? SubmissionQueueLimit { get; init; }

    /// <summary>Admission control in time: each node refuses clients' submissions while its unconfirmed transactions are
    /// this many ms of the capacity its recent ledgers showed
    /// (<see cref="HealthLedger.Engine.Consensus.ConsensusParameters.SubmissionQueueMs"/>), with
    /// <see cref="SubmissionQueueLimit"/> as the ceiling; null: three close intervals; 0: the count alone. Left out of the
    /// JSON when absent.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? SubmissionQueueMs { get; init; }

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        if (!HealthLedger.Engine.Consensus.QuorumPolicy.TryParse(Quorum, out _, out var error)) yield return $"consensus.quorum: {error}";
        if (CloseIntervalMs < 10) yield return "consensus.closeIntervalMs must be >= 10";
        if (MaxTransactionsPerLedger < 1) yield return "consensus.maxTransactionsPerLedger must be >= 1";
        if (SubmissionQueueLimit is { } limit && (limit < 1 || limit > HealthLedger.Engine.Net.ConsensusFileSpec.MaxSubmissionQueueLimit))
            yield return $"consensus.submissionQueueLimit must be in [1, {HealthLedger.Engine.Net.ConsensusFileSpec.MaxSubmissionQueueLimit:N0}] or absent";
        if (SubmissionQueueMs is { } queueMs && (queueMs < 0 || queueMs > HealthLedger.Engine.Consensus.ConsensusParameters.MaxSubmissionQueueMs))
            yield return $"consensus.submissionQueueMs must be in [0, {HealthLedger.Engine.Consensus.ConsensusParameters.MaxSubmissionQueueMs:N0}] (0: off) or absent (three close intervals)";
    }
}

/// <summary>Scheduled crashes: a node stops (losing everything not in its block store) and restarts later.</summary>
public sealed record FaultsSpec
{
    /// <summary>The crashes.</summary>
    public IReadOnlyList<CrashSpec> Crashes { get; init; } = [];

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems(int nodeCount)
    {
        for (int i = 0; i < Crashes.Count; i++)
        {
            var c = Crashes[i];
            if (c.Node < 0 || c.Node >= nodeCount) yield return $"faults.crashes[{i}].node: {c.Node} is not a node index in [0, {nodeCount})";
            if (c.AtMs < 0) yield return $"faults.crashes[{i}].atMs must be >= 0";
            if (c.RestartAtMs is { } r && r <= c.AtMs) yield return $"faults.crashes[{i}].restartAtMs must be after atMs";
        }
    }
}

/// <summary>One crash.</summary>
/// <param name="Node">The node index.</param>
/// <param name="AtMs">When it crashes (ms of simulated time).</param>
/// <param name="RestartAtMs">When it restarts from its block store; null for never.</param>
public sealed record CrashSpec(int Node, double AtMs, double? RestartAtMs);

/// <summary>The expected outcome of each invariant: <c>holds</c> (the default) or <c>breaks</c> (an attack scenario
/// that goes beyond the design's tolerance expects the break and passes when it happens).</summary>
public sealed record ExpectSpec
{
    /// <summary>No two honest nodes validate different ledgers at one sequence.</summary>
    public string Agreement { get; init; } = "holds";

    /// <summary>Every committed transaction is correctly signed and passes every rule.</summary>
    public string Validity { get; init; } = "holds";

    /// <summary>Header links and Merkle roots recompute.</summary>
    public string Integrity { get; init; } = "holds";

    /// <summary>A transaction reported validated stays in every honest node's ledger.</summary>
    public string NoLoss { get; init; } = "holds";

    /// <summary>Every valid submitted transaction is validated by the end of the run.</summary>
    public string Liveness { get; init; } = "holds";

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in All)
            if (value is not ("holds" or "breaks")) yield return $"expect.{name}: '{value}' is not one of holds, breaks";
    }

    /// <summary>(invariant, expected) pairs in a fixed order.</summary>
    public IEnumerable<(string Name, string Expected)> All =>
        [("agreement", Agreement), ("validity", Validity), ("integrity", Integrity), ("noLoss", NoLoss), ("liveness", Liveness)];
}
