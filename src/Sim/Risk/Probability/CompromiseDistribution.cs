using HealthLedger.Sim.Risk.Sampling;

namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// How validators come to be compromised. Each distribution gives the analytic failure probabilities of a model and
/// draws random compromise patterns for the sampler, so the two are always about the same thing.
/// </summary>
public abstract record CompromiseDistribution
{
    /// <summary>The exact probabilities that safety and liveness can break.</summary>
    public abstract FailureProbabilities FailureProbabilities(RiskModel model);

    /// <summary>Draws which validators are compromised.</summary>
    public abstract CompromisePattern Sample(GroupCounts groupSizes, SplitMix64 random);

    /// <summary>Returns null if the distribution fits <paramref name="groupSizes"/>, otherwise the problem.</summary>
    public abstract string? Validate(GroupCounts groupSizes);

    /// <summary>A one-line description for reports.</summary>
    public abstract string Describe();
}
