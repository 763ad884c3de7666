using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Metrics;

namespace HealthLedger.Sim.Simulation;

/// <summary>What happened to one planned operation.</summary>
public enum TxOutcome
{
    /// <summary>Fully validated.</summary>
    Validated,

    /// <summary>Rejected by the ledger's rules or the node.</summary>
    Rejected,

    /// <summary>Its last valid ledger passed.</summary>
    Expired,

    /// <summary>Still waiting when the run ended (submitted, or never submitted because its actor stayed busy).</summary>
    Pending,
}

/// <summary>One transaction's life, for latency.csv.</summary>
/// <param name="TxId">The transaction id (empty for an operation never submitted).</param>
/// <param name="Kind">Transaction kind.</param>
/// <param name="PlannedUs">When the workload planned it (the latency clock starts here).</param>
/// <param name="SubmittedUs">When a node received it.</param>
/// <param name="DoneUs">When it was validated or rejected; -1 while pending.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Reason">Rejection reason.</param>
/// <param name="Ledger">The ledger that applied it; 0 if none.</param>
/// <param name="Node">The node it was submitted to.</param>
public sealed record TxRecord(string TxId, string Kind, long PlannedUs, long SubmittedUs, long DoneUs, TxOutcome Outcome, string Reason, uint Ledger, int Node);

/// <summary>One validated ledger, for ledgers.csv.</summary>
/// <param name="Sequence">Sequence.</param>
/// <param name="Hash">Header hash.</param>
/// <param name="CloseTimeMs">Close time (ms, node clock).</param>
/// <param name="TxCount">Transactions applied.</param>
/// <param name="FirstValidatedUs">When the first node reported it fully validated.</param>
/// <param name="NodesValidated">How many nodes reported it.</param>
public sealed record LedgerRecord(uint Sequence, Hash256 Hash, long CloseTimeMs, int TxCount, long FirstValidatedUs, int NodesValidated);

/// <summary>Per-node resource use, for nodes.csv.</summary>
/// <param name="Node">Node index.</param>
/// <param name="Group">Validator group.</param>
/// <param name="CpuUs">Processor time charged, summed over the node's cores.</param>
/// <param name="MessagesSent">Messages sent.</param>
/// <param name="BytesSent">Bytes sent.</param>
/// <param name="MessagesReceived">Messages received.</param>
/// <param name="BytesReceived">Bytes received.</param>
/// <param name="StorageBytes">Block store bytes at the end.</param>
/// <param name="ValidatedSequence">Last validated ledger at the end.</param>
/// <param name="Dropped">Messages the node dropped (malformed, stale, duplicate, …).</param>
/// <param name="Crashes">Times it crashed.</param>
/// <param name="Byzantine">The adversary behaviour it ran, or empty for an honest node.</param>
public sealed record NodeRecord(int Node, ValidatorGroup Group, long CpuUs, long MessagesSent, long BytesSent, long MessagesReceived,
    long BytesReceived, long StorageBytes, uint ValidatedSequence, long Dropped, int Crashes, string Byzantine);

/// <summary>One invariant's verdict.</summary>
/// <param name="Name">agreement, validity, integrity, noLoss, liveness.</param>
/// <param name="Expected">holds or breaks.</param>
/// <param name="Actual">holds or breaks.</param>
/// <param name="Detail">What was checked, or the first violation.</param>
public sealed record InvariantResult(string Name, string Expected, string Actual, string Detail)
{
    /// <summary>True when the actual outcome is the expected one.</summary>
    public bool AsExpected => Expected == Actual;

    /// <summary>True for the safety invariants (a surprise there is exit code 3; for liveness, 4).</summary>
    public bool IsSafety => Name != "liveness";
}

/// <summary>Everything a run measured.</summary>
public sealed class SimulationResult
{
    /// <summary>Every planned operation.</summary>
    public required IReadOnlyList<TxRecord> Transactions { get; init; }

    /// <summary>Every validated ledger.</summary>
    public required IReadOnlyList<LedgerRecord> Ledgers { get; init; }

    /// <summary>Per-node resource use.</summary>
    public required IReadOnlyList<NodeRecord> Nodes { get; init; }

    /// <summary>Invariant verdicts.</summary>
    public required IReadOnlyList<InvariantResult> Invariants { get; init; }

    /// <summary>Planned-to-validated latency of validated transactions.</summary>
    public required LatencyRecorder Latency { get; init; }

    /// <summary>Validated transactions per second bucket.</summary>
    public required ThroughputSeries Throughput { get; init; }

    /// <summary>Simulated time the run covered, µs.</summary>
    public required long SimulatedUs { get; init; }

    /// <summary>Events processed.</summary>
    public required long Events { get; init; }

    /// <summary>Messages lost, partitioned away and duplicated by the network.</summary>
    public required (long Lost, long Partitioned, long Duplicated) Network { get; init; }

    /// <summary>CPU the model charged the client on a shared machine (<see cref="Core.CpuSpec.ClientUsPerTx"/>), µs.</summary>
    public long ClientCpuUs { get; init; }

    /// <summary>Over the ledgers holding transactions that every node built in a round, the median time from the first
    /// node's build to the last one's, ms (0 when there are none): how far apart the nodes run their rounds, which a
    /// loopback cluster measures from its nodes' logs (the sweep's calibration starts the simulated validators apart to
    /// match, <see cref="Scenarios.ValidatorsSpec.StartDelaysMs"/>). Not in the reports.</summary>
    public double BuildSpreadMsP50 { get; init; }

    /// <summary>Over the same ledgers, each node's median lag behind the first node's build, ms, in node order (empty when
    /// there are none): which nodes trail, as a loopback cluster measures it (<see cref="Metrics.BuildSpread"/>). Not in the
    /// reports.</summary>
    public IReadOnlyList<double> BuildLagsMsP50 { get; init; } = [];

    /// <summary>Over the ledgers holding transactions that every node validated, the median time from the first node's
    /// validation to the last one's, ms (0 when there are none). Not in the reports.</summary>
    public double ValidationSpreadMsP50 { get; init; }

    /// <summary>Over the ledgers holding transactions that every node built and validated, the median time from the last
    /// node's build to the first node's validation, ms (0 when there are none). Not in the reports.</summary>
    public double ValidationAfterLastBuildMsP50 { get; init; }

    /// <summary>
    /// Genesis, then the first-validated ledger at each sequence in order, with transactions and state: what the
    /// cost model measures state size, light-node proofs and transaction bytes from. Empty when the host does not
    /// hold the ledgers (the loopback cluster).
    /// </summary>
    public IReadOnlyList<ClosedLedger> Chain { get; init; } = [];
}
