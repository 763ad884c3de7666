using HealthLedger.Sim.Risk.Probability;

namespace HealthLedger.Sim.Risk.Sampling;

/// <summary>
/// Draws compromise patterns from a distribution and hands each to a trial runner, counting safety and liveness
/// failures. Trial i draws its pattern and gets its runner seed from sub-streams of the seed, so a result reproduces
/// from (seed, trials) and trials could run in any order.
/// </summary>
public static class MonteCarloRiskSampler
{
    /// <summary>Runs <paramref name="trials"/> trials.</summary>
    public static SampledRisk Run(GroupCounts groupSizes, CompromiseDistribution distribution, IRiskTrialRunner runner, int trials, ulong seed)
    {
        if (trials < 0) throw new ArgumentOutOfRangeException(nameof(trials), trials, "The number of trials must not be negative.");
        long safetyFailures = 0, livenessFailures = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            var patternRandom = new SplitMix64(SplitMix64.Derive(seed, 2 * (ulong)trial));
            var pattern = distribution.Sample(groupSizes, patternRandom);
            var outcome = runner.Run(pattern, SplitMix64.Derive(seed, 2 * (ulong)trial + 1));
            if (outcome.SafetyBroke) safetyFailures++;
            if (outcome.LivenessBroke) livenessFailures++;
        }
        return new SampledRisk(runner.Label, seed, ProportionEstimate.Wilson(safetyFailures, trials), ProportionEstimate.Wilson(livenessFailures, trials));
    }
}

/// <summary>What a Monte Carlo run observed: the failure proportions with 95% intervals.</summary>
public sealed record SampledRisk(string Label, ulong Seed, ProportionEstimate Safety, ProportionEstimate Liveness);
