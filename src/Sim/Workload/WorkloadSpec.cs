namespace HealthLedger.Sim.Workload;

/// <summary>
/// An open-loop client workload: arrival processes (when operations are planned, independent of how fast the ledger
/// answers), the mix of operations, and the population of participants.
/// </summary>
public sealed record WorkloadSpec
{
    /// <summary>Arrival processes, superposed.</summary>
    public IReadOnlyList<ArrivalSpec> Arrivals { get; init; } = [new ArrivalSpec { Kind = "poisson", RatePerSec = 20 }];

    /// <summary>Relative weights of the operations.</summary>
    public MixSpec Mix { get; init; } = new();

    /// <summary>Patients (own device records, e.g. wearable telemetry).</summary>
    public int Patients { get; init; } = 200;

    /// <summary>Providers (own hospital records).</summary>
    public int Providers { get; init; } = 20;

    /// <summary>Insurers (viewers).</summary>
    public int Insurers { get; init; } = 5;

    /// <summary>Viewers granted on a new record besides the owner (a provider's record goes to its patient and
    /// possibly an insurer).</summary>
    public int ViewersPerRecord { get; init; } = 2;

    /// <summary>When > 0, each transaction is valid only up to the submission node's validated ledger + this many
    /// ledgers; a transaction that misses it is counted as expired.</summary>
    public int LastValidLedgerSlack { get; init; }

    /// <summary>When a client learns that its transaction was validated, which is when its latency ends:
    /// <see cref="AnsweredByFirst"/> (absent, the default) when the first node validates the ledger holding it;
    /// <see cref="AnsweredBySubmitter"/> when the node it was submitted to validates that ledger, as a client of a real
    /// node learns it (a loopback cluster's load generator is answered so; its nodes validate each ledger tens to
    /// hundreds of ms apart). A transaction whose node crashes before validating the ledger is answered at the crash
    /// (its client asks another node, which has), one whose node had not validated it when the run ended at the first
    /// validation. Outcomes, ledgers and throughput do not depend on it. Left out of the
    /// scenario's JSON when absent, so a scenario without it keeps its hash.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? AnsweredBy { get; init; }

    /// <summary>0 (the default): each operation is issued at its planned time. &gt; 0: the clients send what came due at
    /// ticks this many ms apart (at 0, T, 2T, …), as a loopback cluster's load generator does (<c>--send-batch-ms</c>,
    /// 10 ms): an operation waits for the next tick, and its latency still runs from its planned time. Left out of the
    /// scenario's JSON when 0, so a scenario without it keeps its hash.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int SendTickMs { get; init; }

    /// <summary>Values of <see cref="AnsweredBy"/>.</summary>
    public const string AnsweredByFirst = "first", AnsweredBySubmitter = "submitter";

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        if (Arrivals.Count == 0) yield return "workload.arrivals must list at least one arrival process";
        for (int i = 0; i < Arrivals.Count; i++)
            foreach (var p in Arrivals[i].Problems($"workload.arrivals[{i}]")) yield return p;
        foreach (var p in Mix.Problems()) yield return p;
        if (Patients < 1) yield return "workload.patients must be >= 1";
        if (Providers < 1) yield return "workload.providers must be >= 1";
        if (Insurers < 0) yield return "workload.insurers must be >= 0";
        if (ViewersPerRecord is < 0 or > 32) yield return "workload.viewersPerRecord must be in [0, 32]";
        if (LastValidLedgerSlack < 0) yield return "workload.lastValidLedgerSlack must be >= 0";
        if (SendTickMs is < 0 or > 1_000) yield return "workload.sendTickMs must be in [0, 1000] (0: each operation at its planned time)";
        if (AnsweredBy is not (null or AnsweredByFirst or AnsweredBySubmitter))
            yield return $"workload.answeredBy: '{AnsweredBy}' is not one of {AnsweredByFirst}, {AnsweredBySubmitter}";
    }
}

/// <summary>
/// One arrival process. <c>poisson</c>: exponential gaps at <see cref="RatePerSec"/>. <c>burst</c>: every
/// <see cref="EveryMs"/>, <see cref="Count"/> operations spread uniformly over <see cref="SpreadMs"/> (wearable
/// telemetry syncing). <c>batch</c>: every <see cref="EveryMs"/>, <see cref="Count"/> operations at once (a hospital's
/// nightly upload).
/// </summary>
public sealed record ArrivalSpec
{
    /// <summary>poisson | burst | batch.</summary>
    public string Kind { get; init; } = "poisson";

    /// <summary>Mean operations per second (poisson).</summary>
    public double RatePerSec { get; init; }

    /// <summary>Period of bursts and batches, ms.</summary>
    public double EveryMs { get; init; } = 10_000;

    /// <summary>Operations per burst or batch.</summary>
    public int Count { get; init; } = 100;

    /// <summary>Window a burst's operations spread over, ms.</summary>
    public double SpreadMs { get; init; } = 500;

    /// <summary>When the process starts, ms.</summary>
    public double StartMs { get; init; }

    /// <summary>When it stops, ms; null for the end of the workload.</summary>
    public double? EndMs { get; init; }

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems(string path)
    {
        switch (Kind)
        {
            case "poisson":
                if (RatePerSec <= 0 || double.IsNaN(RatePerSec)) yield return $"{path}.ratePerSec must be > 0 for a poisson process";
                break;
            case "burst" or "batch":
                if (EveryMs <= 0) yield return $"{path}.everyMs must be > 0";
                if (Count < 1) yield return $"{path}.count must be >= 1";
                if (Kind == "burst" && SpreadMs < 0) yield return $"{path}.spreadMs must be >= 0";
                break;
            default:
                yield return $"{path}.kind: '{Kind}' is not one of poisson, burst, batch";
                break;
        }
        if (StartMs < 0) yield return $"{path}.startMs must be >= 0";
        if (EndMs is { } end && end <= StartMs) yield return $"{path}.endMs must be after startMs";
    }
}

/// <summary>Relative weights of the ledger operations a workload issues.</summary>
public sealed record MixSpec
{
    /// <summary>Register a new record.</summary>
    public double RegisterRecord { get; init; } = 50;

    /// <summary>Publish a new version of a record.</summary>
    public double NewVersion { get; init; } = 20;

    /// <summary>Grant a viewer.</summary>
    public double AddViewer { get; init; } = 10;

    /// <summary>Remove a viewer.</summary>
    public double RemoveViewer { get; init; } = 5;

    /// <summary>Notarize a document hash.</summary>
    public double Notarize { get; init; } = 15;

    /// <summary>The weights in a fixed order.</summary>
    public IReadOnlyList<(OperationKind Kind, double Weight)> Weights =>
    [
        (OperationKind.RegisterRecord, RegisterRecord), (OperationKind.NewVersion, NewVersion), (OperationKind.AddViewer, AddViewer),
        (OperationKind.RemoveViewer, RemoveViewer), (OperationKind.Notarize, Notarize),
    ];

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (kind, w) in Weights)
            if (w < 0 || double.IsNaN(w)) yield return $"workload.mix.{char.ToLowerInvariant(kind.ToString()[0])}{kind.ToString()[1..]} must be >= 0";
        if (Weights.Sum(w => w.Weight) <= 0) yield return "workload.mix: at least one weight must be positive";
    }
}

/// <summary>The operations a workload issues.</summary>
public enum OperationKind
{
    /// <summary>Register a record.</summary>
    RegisterRecord,

    /// <summary>New version of a record.</summary>
    NewVersion,

    /// <summary>Add a viewer.</summary>
    AddViewer,

    /// <summary>Remove a viewer.</summary>
    RemoveViewer,

    /// <summary>Notarize a document.</summary>
    Notarize,
}
