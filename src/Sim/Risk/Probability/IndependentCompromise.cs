using HealthLedger.Sim.Risk.Sampling;

namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// Every validator is compromised independently with probability <see cref="Probability"/>, so group g holds
/// Bin(n_g, p) compromised validators and P(b1, b2, b3) is the product of three binomial masses.
/// </summary>
public sealed record IndependentCompromise(double Probability) : CompromiseDistribution
{
    /// <inheritdoc/>
    public override FailureProbabilities FailureProbabilities(RiskModel model)
    {
        var sizes = model.GroupSizes;
        var groups = new LogBinomial[GroupCounts.GroupCount];
        for (int g = 0; g < GroupCounts.GroupCount; g++) groups[g] = new LogBinomial(sizes[g], Probability);
        return new(Sum(model, FailureKind.Safety, groups), Sum(model, FailureKind.Liveness, groups));
    }

    private static LogProbability Sum(RiskModel model, FailureKind kind, LogBinomial[] groups)
    {
        var thresholds = model.Thresholds(kind);
        var failure = new LogSum();
        var survival = new LogSum();
        for (int b1 = 0; b1 <= model.GroupSizes.Generators; b1++)
        {
            for (int b2 = 0; b2 <= model.GroupSizes.Receivers; b2++)
            {
                double logPair = groups[0].LogPmf(b1) + groups[1].LogPmf(b2);
                if (double.IsNegativeInfinity(logPair)) continue;
                int boundary = thresholds.Boundary(b1, b2);
                double logUpper = logPair + groups[2].LogUpperTail(boundary), logLower = logPair + groups[2].LogLowerTail(boundary - 1);
                failure.Add(thresholds.FailureGrows ? logUpper : logLower);
                survival.Add(thresholds.FailureGrows ? logLower : logUpper);
            }
        }
        return new LogProbability(failure.Log, survival.Log);
    }

    /// <inheritdoc/>
    public override CompromisePattern Sample(GroupCounts groupSizes, SplitMix64 random)
    {
        var compromised = new List<int>();
        for (int validator = 0; validator < groupSizes.Total; validator++)
            if (random.NextDouble() < Probability) compromised.Add(validator);
        return new CompromisePattern(groupSizes, compromised);
    }

    /// <inheritdoc/>
    public override string? Validate(GroupCounts groupSizes) =>
        Probability is >= 0 and <= 1 ? null : $"a probability must lie in [0, 1], got {Probability}";

    /// <inheritdoc/>
    public override string Describe() => $"each validator compromised independently with p = {Probability:G6}";
}
