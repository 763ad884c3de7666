namespace HealthLedger.Sim.Risk;

/// <summary>
/// <c>groups(k, qg)</c>: a quorum reaches t_g = ceil(qg n_g) signers in at least k groups. A split decides each group
/// on its own, so per group: the group can count for one ledger ("usable") iff D_g + H_g &gt;= t_g, and for both at
/// once iff also H_g + 2 D_g &gt;= 2 t_g. With e usable groups of which d count for both, the best split gives each
/// ledger the d shared groups plus a share of the other e - d, so two quorums exist iff e &gt;= k and d &gt;= 2k - e.
/// Under Byzantine faults every group is usable (e = 3), so the condition is d &gt;= 2k - 3: for k = 2 a single group
/// with b_g &gt;= 2 t_g - n_g is enough, because k + k &gt; 3 forces the two quorums to share a group, and that one
/// shared group is all the adversary needs.
/// </summary>
public sealed class GroupsQuorumSystem : QuorumSystem
{
    private readonly long[] _thresholdPerGroup;

    /// <summary>Compiles groups(<paramref name="groupsNeeded"/>, <paramref name="groupQuorum"/>).</summary>
    public GroupsQuorumSystem(GroupCounts groupSizes, int groupsNeeded, Rational groupQuorum) : base(groupSizes)
    {
        GroupsNeeded = groupsNeeded;
        _thresholdPerGroup = new long[GroupCounts.GroupCount];
        for (int g = 0; g < GroupCounts.GroupCount; g++) _thresholdPerGroup[g] = CountReaching(groupQuorum, groupSizes[g]);
    }

    /// <summary>k: how many groups must each reach their threshold.</summary>
    public int GroupsNeeded { get; }

    /// <summary>t_g: the fewest signers that make group <paramref name="group"/> reach its share.</summary>
    public long ThresholdOf(int group) => _thresholdPerGroup[group];

    /// <inheritdoc/>
    public override bool IsQuorum(GroupCounts signers)
    {
        int reached = 0;
        for (int g = 0; g < GroupCounts.GroupCount; g++)
            if (signers[g] >= _thresholdPerGroup[g]) reached++;
        return reached >= GroupsNeeded;
    }

    /// <inheritdoc/>
    public override bool CanFormConflictingQuorums(GroupCounts doubleSigners, GroupCounts singleSigners)
    {
        int usable = 0, shared = 0;
        for (int g = 0; g < GroupCounts.GroupCount; g++)
        {
            long d = doubleSigners[g], h = singleSigners[g], t = _thresholdPerGroup[g];
            if (d + h < t) continue;
            usable++;
            if (h + 2 * d >= 2 * t) shared++;
        }
        return usable >= GroupsNeeded && shared >= 2 * GroupsNeeded - usable;
    }

    /// <inheritdoc/>
    public override string DescribeThresholds() =>
        $"a quorum reaches {_thresholdPerGroup[0]} of {GroupSizes[0]}, {_thresholdPerGroup[1]} of {GroupSizes[1]}, " +
        $"{_thresholdPerGroup[2]} of {GroupSizes[2]} in at least {GroupsNeeded} of the 3 groups";
}
