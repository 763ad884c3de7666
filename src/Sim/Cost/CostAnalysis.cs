using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Probability;

namespace HealthLedger.Sim.Cost;

/// <summary>
/// Where the ledger's failure probability per period comes from: the analytic risk model of its validators with each
/// validator compromised independently with probability p in the period (docs/risk-model.md), or a given figure.
/// </summary>
/// <param name="Model">The validators' risk model (Byzantine faults), or null when the probability is given.</param>
/// <param name="Kind">The failure that costs the cost of failure.</param>
/// <param name="GivenFailureProbability">The probability when it is given rather than modelled.</param>
public sealed record LedgerRisk(RiskModel? Model, FailureKind Kind, double? GivenFailureProbability)
{
    /// <summary>The ledger's failure probability per period when every validator is compromised with probability <paramref name="p"/>.</summary>
    public double At(double p) => GivenFailureProbability ?? new IndependentCompromise(p).FailureProbabilities(Model!).Of(Kind).Value;

    /// <summary>True when the probability depends on p (a model, not a given figure).</summary>
    public bool DependsOnP => GivenFailureProbability is null;

    /// <summary>A sentence for reports.</summary>
    public string Describe() => GivenFailureProbability is { } given
        ? $"given: {given:G4} per period"
        : $"analytic: P[{Kind.ToString().ToLowerInvariant()} can break] for {Model!.Configuration.Describe()}, each validator compromised independently with probability p per period";
}

/// <summary>Everything the cost comparison needs, per period.</summary>
/// <param name="PeriodDays">The period.</param>
/// <param name="Ledger">The ledger's resources per period.</param>
/// <param name="Prices">Unit prices.</param>
/// <param name="CostOfFailurePerRecord">What one exposed record costs.</param>
/// <param name="RecordsExposed">Records a failure exposes (the same for both systems).</param>
/// <param name="CompromiseProbability">p: the chance that one machine (validator or server) is compromised in a period.</param>
/// <param name="Risk">The ledger's failure probability as a function of p.</param>
/// <param name="Servers">The centralized baseline's servers (primary and standbys).</param>
/// <param name="Centralized">The baseline's derived resources per period, or null when its normal cost is given.</param>
/// <param name="CentralizedNormalCost">The baseline's normal cost when given.</param>
/// <param name="CentralizedFailureProbability">The baseline's failure probability when given; null: 1 − (1 − p)^servers.</param>
public sealed record CostInputs(
    double PeriodDays,
    ResourceUsage Ledger,
    UnitPrices Prices,
    double CostOfFailurePerRecord,
    double RecordsExposed,
    double CompromiseProbability,
    LedgerRisk Risk,
    int Servers,
    ResourceUsage? Centralized,
    double? CentralizedNormalCost,
    double? CentralizedFailureProbability)
{
    /// <summary>The baseline's failure probability at p.</summary>
    public double CentralizedRiskAt(double p) => CentralizedFailureProbability ?? 1 - Math.Pow(1 - p, Servers);

    /// <summary>Returns null if the inputs are usable, otherwise the first problem.</summary>
    public string? Validate()
    {
        if (!(PeriodDays > 0) || double.IsInfinity(PeriodDays)) return $"the period must be a finite number of days > 0, got {PeriodDays}";
        if (Ledger.Validate() is { } ledger) return "ledger: " + ledger;
        if (Prices.Validate() is { } prices) return prices;
        if (!CostSpec.IsAmount(CostOfFailurePerRecord)) return $"the cost of failure per record must be a finite amount >= 0, got {CostOfFailurePerRecord}";
        if (!CostSpec.IsAmount(RecordsExposed)) return $"records exposed must be a finite number >= 0, got {RecordsExposed}";
        if (!CostSpec.IsProbability(CompromiseProbability)) return $"the compromise probability must lie in [0, 1], got {CompromiseProbability}";
        if (Risk.GivenFailureProbability is { } r && !CostSpec.IsProbability(r)) return $"the ledger failure probability must lie in [0, 1], got {r}";
        if (Risk.GivenFailureProbability is null && Risk.Model is null) return "the ledger failure probability needs a risk model or a given figure";
        if (Servers < 1) return $"the centralized baseline needs at least one server, got {Servers}";
        if (Centralized is null && CentralizedNormalCost is null) return "the centralized normal cost must be given or derived";
        if (Centralized?.Validate() is { } c) return "centralized: " + c;
        if (CentralizedNormalCost is { } n && !CostSpec.IsAmount(n)) return $"the centralized normal cost must be a finite amount >= 0, got {n}";
        if (CentralizedFailureProbability is { } rc && !CostSpec.IsProbability(rc)) return $"the centralized failure probability must lie in [0, 1], got {rc}";
        return null;
    }
}

/// <summary>The cost comparison of one period: both systems under the seed's formula and the break-even points.</summary>
/// <param name="PeriodDays">The period.</param>
/// <param name="Prices">Unit prices.</param>
/// <param name="LedgerResources">The ledger's resources per period.</param>
/// <param name="LedgerNormalCost">The ledger's normal cost, by part.</param>
/// <param name="CentralizedResources">The baseline's derived resources per period (null when its cost is given).</param>
/// <param name="CentralizedNormalCost">The baseline's normal cost, by part (null when given).</param>
/// <param name="CostOfFailurePerRecord">What one exposed record costs.</param>
/// <param name="RecordsExposed">Records one failure exposes.</param>
/// <param name="CompromiseProbability">p per period.</param>
/// <param name="LedgerRisk">Where the ledger's failure probability comes from.</param>
/// <param name="CentralizedRisk">Where the baseline's failure probability comes from.</param>
/// <param name="Ledger">The ledger: normal cost, failure probability, cost of failure and expected cost per period.</param>
/// <param name="Centralized">The centralized baseline, the same figures.</param>
/// <param name="LedgerSavingPerPeriod">Centralized minus ledger expected cost: positive when the ledger is cheaper.</param>
/// <param name="BreakEven">Where the two cost the same.</param>
public sealed record CostResult(
    double PeriodDays,
    UnitPrices Prices,
    ResourceUsage LedgerResources,
    CostBreakdown LedgerNormalCost,
    ResourceUsage? CentralizedResources,
    CostBreakdown? CentralizedNormalCost,
    double CostOfFailurePerRecord,
    double RecordsExposed,
    double CompromiseProbability,
    string LedgerRisk,
    string CentralizedRisk,
    SystemCost Ledger,
    SystemCost Centralized,
    double LedgerSavingPerPeriod,
    BreakEvenPoints BreakEven);

/// <summary>The break-even points of a comparison (null where the two never cost the same).</summary>
/// <param name="LedgerFailureProbability">The ledger failure risk per period at which both cost the same, the rest fixed.</param>
/// <param name="CostOfFailure">The cost of one failure (both systems) at which both cost the same.</param>
/// <param name="CostOfFailurePerRecord">The same divided by the records exposed.</param>
/// <param name="CompromiseProbability">The lowest p in [0, 1] at which the expected costs cross (both risks move with p).</param>
/// <param name="CompromiseProbabilities">Every crossing in [0, 1), lowest first: with a derived baseline risk the
/// ledger is often cheaper only between two of them (docs/cost-model.md).</param>
public sealed record BreakEvenPoints(double? LedgerFailureProbability, double? CostOfFailure, double? CostOfFailurePerRecord,
    double? CompromiseProbability, IReadOnlyList<double> CompromiseProbabilities);

/// <summary>Computes a <see cref="CostResult"/>.</summary>
public static class CostAnalysis
{
    /// <summary>The comparison for <paramref name="inputs"/> (validate them first).</summary>
    public static CostResult Compute(CostInputs inputs)
    {
        if (inputs.Validate() is { } problem) throw new ArgumentException($"Invalid cost inputs: {problem}.", nameof(inputs));
        var ledgerBreakdown = ResourceCost.Breakdown(inputs.Ledger, inputs.Prices);
        var centralizedBreakdown = inputs.Centralized is { } c ? ResourceCost.Breakdown(c, inputs.Prices) : null;
        double costOfFailure = inputs.CostOfFailurePerRecord * inputs.RecordsExposed;
        double p = inputs.CompromiseProbability;
        var ledger = new SystemCost("ledger", ledgerBreakdown.Total, inputs.Risk.At(p), costOfFailure);
        var centralized = new SystemCost("centralized", inputs.CentralizedNormalCost ?? centralizedBreakdown!.Total, inputs.CentralizedRiskAt(p), costOfFailure);
        var comparison = new CostComparison(ledger, centralized);

        double? perRecord = comparison.CostOfFailureAtBreakEven() is { } f && inputs.RecordsExposed > 0 ? f / inputs.RecordsExposed : null;
        var crossings = CostComparison.Crossings(q => ExpectedGap(inputs, ledger, centralized, q));
        var breakEven = new BreakEvenPoints(comparison.LedgerRiskAtBreakEven(), comparison.CostOfFailureAtBreakEven(), perRecord,
            crossings.Count > 0 ? crossings[0] : null, crossings);
        string centralizedRisk = inputs.CentralizedFailureProbability is { } given
            ? $"given: {given:G4} per period"
            : $"derived: 1 - (1 - p)^{inputs.Servers}, any of its {inputs.Servers} servers compromised";
        return new CostResult(inputs.PeriodDays, inputs.Prices, inputs.Ledger, ledgerBreakdown, inputs.Centralized, centralizedBreakdown,
            inputs.CostOfFailurePerRecord, inputs.RecordsExposed, p, inputs.Risk.Describe(), centralizedRisk, ledger, centralized,
            comparison.LedgerSavingPerPeriod, breakEven);
    }

    /// <summary>Ledger minus centralized expected cost per period when every machine is compromised with probability <paramref name="p"/>.</summary>
    public static double ExpectedGap(CostInputs inputs, SystemCost ledger, SystemCost centralized, double p) =>
        ledger.WithFailureProbability(inputs.Risk.At(p)).ExpectedCostPerPeriod
        - centralized.WithFailureProbability(inputs.CentralizedRiskAt(p)).ExpectedCostPerPeriod;
}
