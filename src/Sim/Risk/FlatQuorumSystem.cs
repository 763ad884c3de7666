namespace HealthLedger.Sim.Risk;

/// <summary>
/// <c>flat(q)</c>: a quorum is at least Q = ceil(q N) validators. Conflict: with D double signers and H single signers
/// in all, both D + x &gt;= Q and D + H - x &gt;= Q for some 0 &lt;= x &lt;= H, which holds iff D + H &gt;= Q and
/// H + 2D &gt;= 2Q. Under Byzantine faults (D + H = N) that is b &gt;= 2Q - N; under crashes (D = 0), N - c &gt;= 2Q.
/// </summary>
public sealed class FlatQuorumSystem : QuorumSystem
{
    /// <summary>Compiles flat(<paramref name="quorum"/>) for groups of <paramref name="groupSizes"/>.</summary>
    public FlatQuorumSystem(GroupCounts groupSizes, Rational quorum) : base(groupSizes)
    {
        QuorumCount = CountReaching(quorum, groupSizes.Total);
    }

    /// <summary>Q: the fewest validators that form a quorum.</summary>
    public long QuorumCount { get; }

    /// <inheritdoc/>
    public override bool IsQuorum(GroupCounts signers) => signers.Total >= QuorumCount;

    /// <inheritdoc/>
    public override bool CanFormConflictingQuorums(GroupCounts doubleSigners, GroupCounts singleSigners)
    {
        long d = doubleSigners.Total, h = singleSigners.Total;
        return d + h >= QuorumCount && h + 2 * d >= 2 * QuorumCount;
    }

    /// <inheritdoc/>
    public override string DescribeThresholds() => $"a quorum is {QuorumCount} of {GroupSizes.Total} validators";
}
