using HealthLedger.Sim.Risk.Sampling;
using MathNet.Numerics;

namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// Exactly <see cref="Compromised"/> validators, a uniformly random set of them: the per-group counts follow the
/// multivariate hypergeometric law P(b) = C(n1,b1) C(n2,b2) C(n3,b3) / C(N,m) with b1 + b2 + b3 = m.
/// </summary>
public sealed record FixedTotalCompromise(int Compromised) : CompromiseDistribution
{
    /// <inheritdoc/>
    public override FailureProbabilities FailureProbabilities(RiskModel model)
    {
        var sizes = model.GroupSizes;
        double logAll = SpecialFunctions.BinomialLn(sizes.Total, Compromised);
        LogSum safetyFailure = new(), safetySurvival = new(), livenessFailure = new(), livenessSurvival = new();
        for (int b1 = 0; b1 <= sizes.Generators; b1++)
        {
            for (int b2 = 0; b2 <= sizes.Receivers; b2++)
            {
                int b3 = Compromised - b1 - b2;
                if (b3 < 0 || b3 > sizes.Monitors) continue;
                double logMass = SpecialFunctions.BinomialLn(sizes.Generators, b1) + SpecialFunctions.BinomialLn(sizes.Receivers, b2)
                                 + SpecialFunctions.BinomialLn(sizes.Monitors, b3) - logAll;
                var verdict = model.Evaluate(new GroupCounts(b1, b2, b3));
                if (verdict.SafetyCanBreak) safetyFailure.Add(logMass); else safetySurvival.Add(logMass);
                if (verdict.LivenessCanBreak) livenessFailure.Add(logMass); else livenessSurvival.Add(logMass);
            }
        }
        return new(new LogProbability(safetyFailure.Log, safetySurvival.Log), new LogProbability(livenessFailure.Log, livenessSurvival.Log));
    }

    /// <inheritdoc/>
    public override CompromisePattern Sample(GroupCounts groupSizes, SplitMix64 random) =>
        new(groupSizes, random.ChooseDistinct(groupSizes.Total, Compromised));

    /// <inheritdoc/>
    public override string? Validate(GroupCounts groupSizes) =>
        Compromised < 0 || Compromised > groupSizes.Total
            ? $"between 0 and {groupSizes.Total} validators can be compromised, got {Compromised}"
            : null;

    /// <inheritdoc/>
    public override string Describe() => $"{Compromised} validators compromised, chosen uniformly at random";
}
