namespace HealthLedger.Sim.Risk.Sampling;

/// <summary>
/// Which validators are compromised in one trial. Validators are numbered group by group: generators first
/// (0 .. n1 - 1), then receivers, then monitors. The model needs only the per-group counts; a protocol-level runner
/// needs to know which nodes to make faulty.
/// </summary>
public sealed class CompromisePattern
{
    /// <summary>Records <paramref name="compromisedValidators"/> (distinct indices) of a network of <paramref name="groupSizes"/>.</summary>
    public CompromisePattern(GroupCounts groupSizes, IReadOnlyList<int> compromisedValidators)
    {
        GroupSizes = groupSizes;
        CompromisedValidators = compromisedValidators;
        var counts = new int[GroupCounts.GroupCount];
        foreach (int validator in compromisedValidators) counts[GroupOf(validator)]++;
        Counts = new GroupCounts(counts[0], counts[1], counts[2]);
    }

    /// <summary>Validators per group.</summary>
    public GroupCounts GroupSizes { get; }

    /// <summary>The compromised validators' indices.</summary>
    public IReadOnlyList<int> CompromisedValidators { get; }

    /// <summary>How many are compromised in each group.</summary>
    public GroupCounts Counts { get; }

    /// <summary>The group (0, 1 or 2) of validator <paramref name="validator"/>.</summary>
    public int GroupOf(int validator)
    {
        if (validator < 0 || validator >= GroupSizes.Total)
            throw new ArgumentOutOfRangeException(nameof(validator), validator, $"Validators are numbered 0 to {GroupSizes.Total - 1}.");
        if (validator < GroupSizes.Generators) return 0;
        return validator < GroupSizes.Generators + GroupSizes.Receivers ? 1 : 2;
    }
}
