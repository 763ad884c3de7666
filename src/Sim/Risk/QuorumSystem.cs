namespace HealthLedger.Sim.Risk;

/// <summary>
/// A quorum policy compiled for one network into integer thresholds, so that every decision is an exact integer
/// comparison. Whether a set of validators is a quorum depends only on how many of each group it holds (validators of
/// one group carry equal power), and is monotone: adding signers never turns a quorum into a non-quorum.
/// </summary>
public abstract class QuorumSystem
{
    private protected QuorumSystem(GroupCounts groupSizes) => GroupSizes = groupSizes;

    /// <summary>Validators per group.</summary>
    public GroupCounts GroupSizes { get; }

    /// <summary>True when signers holding <paramref name="signers"/> validators per group fully validate a ledger.</summary>
    public abstract bool IsQuorum(GroupCounts signers);

    /// <summary>
    /// True when two different ledgers can both gather a quorum of signatures, given <paramref name="doubleSigners"/>
    /// validators per group that sign both (Byzantine equivocators) and <paramref name="singleSigners"/> that sign at
    /// most one (honest and up). Decided in closed form per policy; see docs/risk-model.md for each derivation.
    /// Because quorums are monotone, the worst case gives every double signer to both ledgers and splits every single
    /// signer between them: the question is whether some split x (0 &lt;= x &lt;= singleSigners per group) makes both
    /// D + x and D + (H - x) quorums.
    /// </summary>
    public abstract bool CanFormConflictingQuorums(GroupCounts doubleSigners, GroupCounts singleSigners);

    /// <summary>The thresholds in integers, e.g. "17 of 21 validators", for reports.</summary>
    public abstract string DescribeThresholds();

    /// <summary>Compiles <paramref name="configuration"/>; it must have passed <see cref="RiskConfiguration.Validate"/>.</summary>
    public static QuorumSystem Compile(RiskConfiguration configuration) => configuration.Policy switch
    {
        FlatPolicy flat => new FlatQuorumSystem(configuration.GroupSizes, flat.Quorum),
        WeightedPolicy weighted => new WeightedQuorumSystem(configuration.GroupSizes, configuration.Weights, weighted.Quorum),
        GroupsPolicy groups => new GroupsQuorumSystem(configuration.GroupSizes, groups.GroupsNeeded, groups.GroupQuorum),
        _ => throw new ArgumentException($"Unknown quorum policy {configuration.Policy}.", nameof(configuration)),
    };

    /// <summary>The smallest integer count reaching share <paramref name="share"/> of <paramref name="total"/>: ceil(q x total).</summary>
    private protected static long CountReaching(Rational share, long total) =>
        (long)(share * Rational.FromInteger(total)).Ceiling();
}
