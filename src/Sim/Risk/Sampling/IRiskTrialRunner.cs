namespace HealthLedger.Sim.Risk.Sampling;

/// <summary>
/// Runs one Monte Carlo trial: given which validators are compromised, did safety break, did liveness break?
/// <see cref="ModelTrialRunner"/> answers from the analytic verdict (a check of the model's sums, not of the
/// protocol); a protocol-level runner will answer by running the real consensus in the simulator with those nodes
/// made faulty, seeded with the trial seed, and plugs into the same <see cref="MonteCarloRiskSampler"/>.
/// </summary>
public interface IRiskTrialRunner
{
    /// <summary>What the trials measure, for reports: e.g. "sampled model" or "measured protocol".</summary>
    string Label { get; }

    /// <summary>Runs one trial. Must be a pure function of its arguments so trials reproduce from their seeds.</summary>
    TrialOutcome Run(CompromisePattern pattern, ulong trialSeed);
}

/// <summary>What happened in one trial.</summary>
public readonly record struct TrialOutcome(bool SafetyBroke, bool LivenessBroke);
