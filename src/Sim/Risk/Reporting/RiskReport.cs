using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Sim.Risk.Sampling;
using HealthLedger.Sim.Risk.Tolerance;

namespace HealthLedger.Sim.Risk.Reporting;

/// <summary>Everything <c>healthledger risk</c> reports for one request, computed once and then printed as text or JSON.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="Thresholds">The quorum thresholds in integers.</param>
/// <param name="Analytic">The exact failure probabilities.</param>
/// <param name="Verdict">The verdict itself when the compromised counts per group are fixed; null otherwise.</param>
/// <param name="Tolerance">The tolerance boundary under the requested fault model.</param>
/// <param name="ClaimsByzantine">The seed's claims checked under Byzantine faults.</param>
/// <param name="ClaimsCrash">The seed's claims checked under crash faults.</param>
/// <param name="Sampled">The Monte Carlo check of the model, when model trials were asked for (--model-trials).</param>
/// <param name="Measured">The protocol measured in the simulator, when trials were asked for (--trials).</param>
public sealed record RiskReport(
    RiskRequest Request,
    string Thresholds,
    FailureProbabilities Analytic,
    RiskVerdict? Verdict,
    ToleranceBoundary Tolerance,
    SeedClaims ClaimsByzantine,
    SeedClaims ClaimsCrash,
    SampledRisk? Sampled,
    SampledRisk? Measured = null)
{
    /// <summary>Computes the report. Deterministic: the same request gives the same report.</summary>
    public static RiskReport Compute(RiskRequest request)
    {
        var model = new RiskModel(request.Configuration);
        RiskVerdict? verdict = request.Distribution is FixedPerGroupCompromise fixedCounts ? model.Evaluate(fixedCounts.Compromised) : null;
        SampledRisk? sampled = request.ModelTrials > 0
            ? MonteCarloRiskSampler.Run(model.GroupSizes, request.Distribution, new ModelTrialRunner(model), request.ModelTrials, request.Seed)
            : null;
        return new RiskReport(
            request,
            model.Quorums.DescribeThresholds(),
            request.Distribution.FailureProbabilities(model),
            verdict,
            ToleranceBoundary.Compute(model),
            SeedClaims.Check(model.WithFault(FaultModel.Byzantine)),
            SeedClaims.Check(model.WithFault(FaultModel.Crash)),
            sampled,
            request.Trials > 0
                ? ParallelRiskSampler.Run(model.GroupSizes, request.Distribution, new ProtocolTrialRunner(request.Configuration), request.Trials,
                    request.Seed, Environment.ProcessorCount)
                : null);
    }

    /// <summary>The claims under the requested fault model.</summary>
    public SeedClaims Claims => Request.Configuration.Fault == FaultModel.Byzantine ? ClaimsByzantine : ClaimsCrash;
}
