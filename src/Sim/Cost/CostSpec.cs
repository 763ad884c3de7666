namespace HealthLedger.Sim.Cost;

/// <summary>
/// The scenario's <c>cost</c> block: unit prices, how many full and light nodes to price, the cost of a failure, the
/// period, the per-validator compromise probability fed to the analytic risk model, and the centralized baseline.
/// Every field has a default (docs/cost-model.md says where each comes from); the defaults are illustrative round
/// figures for a cloud deployment, not measurements, and a study should set its own.
/// </summary>
public sealed record CostSpec
{
    /// <summary>The length of the period every "per period" figure is for, in days (default 30).</summary>
    public double PeriodDays { get; init; } = 30;

    /// <summary>Full nodes to price; null: the scenario's validators.</summary>
    public int? FullNodes { get; init; }

    /// <summary>Light nodes to price; null: one per workload participant (patients, providers, insurers).</summary>
    public int? LightNodes { get; init; }

    /// <summary>Unit prices.</summary>
    public PricesSpec Prices { get; init; } = new();

    /// <summary>What one exposed record costs when the system fails (default 400 currency units).</summary>
    public double CostOfFailurePerRecord { get; init; } = 400;

    /// <summary>How many records a failure exposes; null: the records registered on the ledger in one period at the
    /// measured rate.</summary>
    public double? RecordsExposed { get; init; }

    /// <summary>The probability that one validator (or one centralized server) is compromised within the period,
    /// independently of the others (default 0.01).</summary>
    public double CompromiseProbabilityPerPeriod { get; init; } = 0.01;

    /// <summary>Which failure of the ledger costs the cost of failure: <c>safety</c> (default: conflicting validated
    /// ledgers, so history can be rewritten) or <c>liveness</c> (the ledger halts).</summary>
    public string LedgerFailure { get; init; } = "safety";

    /// <summary>The ledger's failure probability per period, if given; null: from the analytic risk model of the
    /// scenario's validators at <see cref="CompromiseProbabilityPerPeriod"/>.</summary>
    public double? LedgerFailureProbabilityPerPeriod { get; init; }

    /// <summary>The centralized baseline.</summary>
    public CentralizedSpec Centralized { get; init; } = new();

    /// <summary>The period in seconds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double PeriodSec => PeriodDays * 86_400;

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        if (!(PeriodDays > 0) || double.IsInfinity(PeriodDays)) yield return $"cost.periodDays must be a finite number > 0, got {PeriodDays}";
        if (FullNodes is < 0) yield return $"cost.fullNodes must be >= 0, got {FullNodes}";
        if (LightNodes is < 0) yield return $"cost.lightNodes must be >= 0, got {LightNodes}";
        foreach (var problem in Prices.Problems()) yield return problem;
        if (!IsAmount(CostOfFailurePerRecord)) yield return $"cost.costOfFailurePerRecord must be a finite amount >= 0, got {CostOfFailurePerRecord}";
        if (RecordsExposed is { } records && !IsAmount(records)) yield return $"cost.recordsExposed must be a finite number >= 0, got {records}";
        if (!IsProbability(CompromiseProbabilityPerPeriod))
            yield return $"cost.compromiseProbabilityPerPeriod must be a probability in [0, 1], got {CompromiseProbabilityPerPeriod}";
        if (LedgerFailure is not ("safety" or "liveness")) yield return $"cost.ledgerFailure: '{LedgerFailure}' is not one of safety, liveness";
        if (LedgerFailureProbabilityPerPeriod is { } r && !IsProbability(r))
            yield return $"cost.ledgerFailureProbabilityPerPeriod must be a probability in [0, 1], got {r}";
        foreach (var problem in Centralized.Problems()) yield return problem;
    }

    internal static bool IsAmount(double value) => value >= 0 && !double.IsInfinity(value);

    internal static bool IsProbability(double value) => value is >= 0 and <= 1;
}

/// <summary>Unit prices (defaults: round cloud list prices, in one currency unit; docs/cost-model.md).</summary>
public sealed record PricesSpec
{
    /// <summary>One second of one core (default 1.2e-5: about 0.043 per core-hour).</summary>
    public double PerCpuSecond { get; init; } = 1.2e-5;

    /// <summary>Keeping one byte for one period (default 1e-10: 0.10 per GB per 30-day period).</summary>
    public double PerStoredBytePerPeriod { get; init; } = 1e-10;

    /// <summary>One byte sent or received by a node (default 5e-11: 0.05 per GB).</summary>
    public double PerNetworkByte { get; init; } = 5e-11;

    /// <summary>Fixed cost of one full node or server per period: machine and operations (default 50).</summary>
    public double PerFullNodePerPeriod { get; init; } = 50;

    /// <summary>Fixed cost of one light node per period (default 0: a participant's own device).</summary>
    public double PerLightNodePerPeriod { get; init; }

    /// <summary>The prices in the model's form.</summary>
    public UnitPrices ToUnitPrices() => new(PerCpuSecond, PerStoredBytePerPeriod, PerNetworkByte, PerFullNodePerPeriod, PerLightNodePerPeriod);

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        if (ToUnitPrices().Validate() is { } problem) yield return "cost.prices." + problem;
    }
}

/// <summary>
/// The centralized baseline: a primary server and standbys holding the same records. Its normal cost is given, or
/// derived from the same prices and the run's measured transactions (docs/cost-model.md); its failure probability is
/// given, or derived from the same per-machine compromise probability: it fails when any of its servers is compromised.
/// </summary>
public sealed record CentralizedSpec
{
    /// <summary>Servers: the primary and its standbys (default 2).</summary>
    public int Servers { get; init; } = 2;

    /// <summary>The normal cost per period, if given; null: derived from the prices.</summary>
    public double? NormalCostPerPeriod { get; init; }

    /// <summary>The failure probability per period, if given; null: 1 − (1 − p)^servers.</summary>
    public double? FailureProbabilityPerPeriod { get; init; }

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        if (Servers < 1) yield return $"cost.centralized.servers must be >= 1, got {Servers}";
        if (NormalCostPerPeriod is { } cost && !CostSpec.IsAmount(cost))
            yield return $"cost.centralized.normalCostPerPeriod must be a finite amount >= 0, got {cost}";
        if (FailureProbabilityPerPeriod is { } r && !CostSpec.IsProbability(r))
            yield return $"cost.centralized.failureProbabilityPerPeriod must be a probability in [0, 1], got {r}";
    }
}
