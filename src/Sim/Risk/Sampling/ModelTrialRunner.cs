namespace HealthLedger.Sim.Risk.Sampling;

/// <summary>
/// A trial answered by the analytic verdict function. Sampling it checks the probability sums (the binomial and
/// hypergeometric bookkeeping), not the protocol: "can break" is the worst case over schedules, not an observed break.
/// </summary>
public sealed class ModelTrialRunner(RiskModel model) : IRiskTrialRunner
{
    /// <inheritdoc/>
    public string Label => "sampled model";

    /// <inheritdoc/>
    public TrialOutcome Run(CompromisePattern pattern, ulong trialSeed)
    {
        var verdict = model.Evaluate(pattern.Counts);
        return new TrialOutcome(verdict.SafetyCanBreak, verdict.LivenessCanBreak);
    }
}
