using HealthLedger.Sim.Risk.Sampling;

namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// Exactly <see cref="Compromised"/> validators per group. The analytic figures are then 0 or 1: the verdict itself.
/// Which validators within a group are taken is drawn at random for the sampler; the model does not care, but a
/// protocol run may.
/// </summary>
public sealed record FixedPerGroupCompromise(GroupCounts Compromised) : CompromiseDistribution
{
    /// <inheritdoc/>
    public override FailureProbabilities FailureProbabilities(RiskModel model)
    {
        var verdict = model.Evaluate(Compromised);
        return new(verdict.SafetyCanBreak ? LogProbability.Certain : LogProbability.Impossible,
                   verdict.LivenessCanBreak ? LogProbability.Certain : LogProbability.Impossible);
    }

    /// <inheritdoc/>
    public override CompromisePattern Sample(GroupCounts groupSizes, SplitMix64 random)
    {
        var compromised = new List<int>();
        int firstOfGroup = 0;
        for (int g = 0; g < GroupCounts.GroupCount; g++)
        {
            foreach (int member in random.ChooseDistinct(groupSizes[g], Compromised[g])) compromised.Add(firstOfGroup + member);
            firstOfGroup += groupSizes[g];
        }
        return new CompromisePattern(groupSizes, compromised);
    }

    /// <inheritdoc/>
    public override string? Validate(GroupCounts groupSizes)
    {
        for (int g = 0; g < GroupCounts.GroupCount; g++)
            if (Compromised[g] < 0 || Compromised[g] > groupSizes[g])
                return $"group {GroupCounts.GroupNames[g]} has {groupSizes[g]} validators, so 0 to {groupSizes[g]} can be compromised, got {Compromised[g]}";
        return null;
    }

    /// <inheritdoc/>
    public override string Describe() => $"exactly {Compromised} validators compromised per group";
}
