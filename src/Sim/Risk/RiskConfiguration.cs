namespace HealthLedger.Sim.Risk;

/// <summary>Everything the failure-risk model needs to know about a network: who validates, with what power, under
/// which quorum policy, and how compromised validators behave.</summary>
public sealed record RiskConfiguration(GroupCounts GroupSizes, GroupWeights Weights, QuorumPolicy Policy, FaultModel Fault)
{
    /// <summary>
    /// The largest group the model accepts. The probability sums visit every (b1, b2) pair of compromised counts, so
    /// their cost grows with the square of the group size; a thousand per group stays within seconds.
    /// </summary>
    public const int MaxGroupSize = 1000;

    /// <summary>Returns null if the configuration is usable, otherwise the problem in a sentence fragment.</summary>
    public string? Validate()
    {
        for (int g = 0; g < GroupCounts.GroupCount; g++)
        {
            if (GroupSizes[g] < 1 || GroupSizes[g] > MaxGroupSize)
                return $"group {GroupCounts.GroupNames[g]} must have 1 to {MaxGroupSize} validators, got {GroupSizes[g]}";
            if (Weights[g] <= Rational.Zero)
                return $"the weight of group {GroupCounts.GroupNames[g]} must be positive, got {Weights[g]}";
        }
        return Policy.Validate();
    }

    /// <summary>The same network under another fault model.</summary>
    public RiskConfiguration WithFault(FaultModel fault) => this with { Fault = fault };

    /// <summary>A one-line description for reports.</summary>
    public string Describe() =>
        $"groups {GroupSizes} (weights {Weights}), {Policy.Describe()}, {Fault.ToString().ToLowerInvariant()} faults";
}
