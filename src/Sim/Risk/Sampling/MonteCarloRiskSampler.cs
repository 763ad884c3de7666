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

/// <summary>
/// The same trials as <see cref="MonteCarloRiskSampler"/>, run on several cores: each trial is a pure function of its
/// index's sub-seeds, and counts are summed, so the result is identical to the sequential one for any parallelism.
/// </summary>
public static class ParallelRiskSampler
{
    /// <summary>Runs <paramref name="trials"/> trials on up to <paramref name="maxParallelism"/> threads
    /// (<paramref name="onTrial"/>, if given, is called after each trial, from any thread).</summary>
    public static SampledRisk Run(GroupCounts groupSizes, CompromiseDistribution distribution, IRiskTrialRunner runner, int trials, ulong seed,
        int maxParallelism, Action? onTrial = null)
    {
        if (trials < 0) throw new ArgumentOutOfRangeException(nameof(trials), trials, "The number of trials must not be negative.");
        long safetyFailures = 0, livenessFailures = 0;
        Parallel.For(0, trials, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism) }, trial =>
        {
            var patternRandom = new SplitMix64(SplitMix64.Derive(seed, 2 * (ulong)trial));
            var pattern = distribution.Sample(groupSizes, patternRandom);
            var outcome = runner.Run(pattern, SplitMix64.Derive(seed, 2 * (ulong)trial + 1));
            if (outcome.SafetyBroke) Interlocked.Increment(ref safetyFailures);
            if (outcome.LivenessBroke) Interlocked.Increment(ref livenessFailures);
            onTrial?.Invoke();
        });
        return new SampledRisk(runner.Label, seed, ProportionEstimate.Wilson(safetyFailures, trials), ProportionEstimate.Wilson(livenessFailures, trials));
    }
}

/// <summary>What a Monte Carlo run observed: the failure proportions with 95% intervals.</summary>
public sealed record SampledRisk(string Label, ulong Seed, ProportionEstimate Safety, ProportionEstimate Liveness);
