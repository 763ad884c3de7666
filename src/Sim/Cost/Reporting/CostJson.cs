using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthLedger.Sim.Cost.Reporting;

/// <summary>
/// The JSON object <c>healthledger cost --json</c> prints (camelCase, like <c>healthledger risk --json</c>): the
/// headline figures at the top level, then the whole comparison and, with <c>--scenario</c>, the measured resources.
/// </summary>
/// <param name="Source">"scenario FILE, seed N" or "arguments".</param>
/// <param name="PeriodDays">The period.</param>
/// <param name="LedgerExpectedCostPerPeriod">r_L F + (1 − r_L) N_L.</param>
/// <param name="CentralizedExpectedCostPerPeriod">r_C F + (1 − r_C) N_C.</param>
/// <param name="LedgerNormalCostPerPeriod">N_L.</param>
/// <param name="CentralizedNormalCostPerPeriod">N_C.</param>
/// <param name="LedgerFailureProbabilityPerPeriod">r_L.</param>
/// <param name="CentralizedFailureProbabilityPerPeriod">r_C.</param>
/// <param name="CostOfFailure">F: cost per record times records exposed.</param>
/// <param name="LedgerSavingPerPeriod">Centralized minus ledger expected cost.</param>
/// <param name="BreakEven">The break-even points.</param>
/// <param name="Comparison">Everything: prices, resources, breakdowns, where each risk comes from.</param>
/// <param name="Measured">The run's measured resources (with --scenario), else null.</param>
public sealed record CostJson(
    string Source,
    double PeriodDays,
    double LedgerExpectedCostPerPeriod,
    double CentralizedExpectedCostPerPeriod,
    double LedgerNormalCostPerPeriod,
    double CentralizedNormalCostPerPeriod,
    double LedgerFailureProbabilityPerPeriod,
    double CentralizedFailureProbabilityPerPeriod,
    double CostOfFailure,
    double LedgerSavingPerPeriod,
    BreakEvenPoints BreakEven,
    CostResult Comparison,
    MeasuredResources? Measured)
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The object for a result.</summary>
    public static CostJson Of(string source, CostResult result, MeasuredResources? measured) => new(source, result.PeriodDays,
        result.Ledger.ExpectedCostPerPeriod, result.Centralized.ExpectedCostPerPeriod, result.Ledger.NormalCostPerPeriod,
        result.Centralized.NormalCostPerPeriod, result.Ledger.FailureProbabilityPerPeriod, result.Centralized.FailureProbabilityPerPeriod,
        result.Ledger.CostOfFailure, result.LedgerSavingPerPeriod, result.BreakEven, result, measured);

    /// <summary>Indented camelCase JSON.</summary>
    public string Serialize() => JsonSerializer.Serialize(this, s_options);
}
