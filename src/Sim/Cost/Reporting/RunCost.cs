using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Reporting;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Sim.Cost.Reporting;

/// <summary>
/// The cost section of a run report: what the run measured, and the comparison under the scenario's <c>cost</c>
/// block (docs/cost-model.md). <see cref="Result"/> is null, with <see cref="Unavailable"/> saying why, when the
/// ledger's failure probability cannot be had (validators outside the risk model and no probability given).
/// </summary>
/// <param name="Measured">The resources the run used, before scaling to the period.</param>
/// <param name="Result">The comparison per period.</param>
/// <param name="Unavailable">Why there is no comparison, or null.</param>
public sealed record RunCost(MeasuredResources Measured, CostResult? Result, string? Unavailable)
{
    /// <summary>The inputs the result was computed from (for the charts; not written).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CostInputs? Inputs { get; init; }

    /// <summary>The section for a finished run.</summary>
    public static RunCost For(Scenario scenario, SimulationResult result)
    {
        var measured = MeasuredResources.Of(scenario, result);
        var (inputs, problem) = InputsFor(scenario, measured);
        return inputs is null ? new RunCost(measured, null, problem) : new RunCost(measured, CostAnalysis.Compute(inputs), null) { Inputs = inputs };
    }

    /// <summary>The comparison's inputs from the scenario's cost block and the measured resources, or the reason there are none.</summary>
    public static (CostInputs? Inputs, string? Problem) InputsFor(Scenario scenario, MeasuredResources measured)
    {
        var spec = scenario.Cost;
        var kind = spec.LedgerFailure == "liveness" ? FailureKind.Liveness : FailureKind.Safety;
        LedgerRisk risk;
        if (spec.LedgerFailureProbabilityPerPeriod is { } given) risk = new LedgerRisk(null, kind, given);
        else if (RunRisk.ModelOf(scenario) is { } model) risk = new LedgerRisk(model, kind, null);
        else return (null, "the scenario's validators, weights or quorum are outside the analytic risk model (docs/risk-model.md); set cost.ledgerFailureProbabilityPerPeriod");

        double periodSec = spec.PeriodSec;
        var ledger = measured.PerPeriod(periodSec, spec.FullNodes ?? measured.Validators, spec.LightNodes ?? measured.Participants);
        int servers = spec.Centralized.Servers;
        var centralized = spec.Centralized.NormalCostPerPeriod is null ? measured.CentralizedPerPeriod(periodSec, servers, scenario.Cpu) : null;
        var inputs = new CostInputs(spec.PeriodDays, ledger, spec.Prices.ToUnitPrices(), spec.CostOfFailurePerRecord,
            spec.RecordsExposed ?? measured.RecordsPerPeriod(periodSec), spec.CompromiseProbabilityPerPeriod, risk, servers, centralized,
            spec.Centralized.NormalCostPerPeriod, spec.Centralized.FailureProbabilityPerPeriod);
        return inputs.Validate() is { } problem ? (null, problem) : (inputs, null);
    }
}
