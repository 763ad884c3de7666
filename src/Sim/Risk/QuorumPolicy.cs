namespace HealthLedger.Sim.Risk;

/// <summary>
/// When the validators that signed a validation for a ledger are enough to fully validate it. All shares are
/// inclusive: a set reaches share q of a total when its part is at least q x total.
/// </summary>
public abstract record QuorumPolicy
{
    /// <summary>The name used on the command line and in reports.</summary>
    public abstract string Name { get; }

    /// <summary>A description with its thresholds, e.g. "groups(k=2, 0.67)".</summary>
    public abstract string Describe();

    /// <summary>Returns null if the thresholds are usable, otherwise the problem.</summary>
    public abstract string? Validate();

    private protected static string? ValidateShare(Rational share, string what) =>
        share <= Rational.Zero || share > Rational.One ? $"{what} must be above 0 and at most 1, got {share}" : null;
}

/// <summary>A quorum is at least <see cref="Quorum"/> of the validators by count (the XRP Ledger's 80%).</summary>
public sealed record FlatPolicy(Rational Quorum) : QuorumPolicy
{
    /// <inheritdoc/>
    public override string Name => "flat";

    /// <inheritdoc/>
    public override string Describe() => $"flat({Quorum.ToDouble():0.###} of validators by count)";

    /// <inheritdoc/>
    public override string? Validate() => ValidateShare(Quorum, "the quorum");
}

/// <summary>A quorum holds at least <see cref="Quorum"/> of the total voting power.</summary>
public sealed record WeightedPolicy(Rational Quorum) : QuorumPolicy
{
    /// <inheritdoc/>
    public override string Name => "weighted";

    /// <inheritdoc/>
    public override string Describe() => $"weighted({Quorum.ToDouble():0.###} of voting power)";

    /// <inheritdoc/>
    public override string? Validate() => ValidateShare(Quorum, "the quorum");
}

/// <summary>
/// A quorum reaches, in at least <see cref="GroupsNeeded"/> of the three groups, <see cref="GroupQuorum"/> of that
/// group's own power; validators of one group carry equal power, so that is a share of the group's count.
/// </summary>
public sealed record GroupsPolicy(int GroupsNeeded, Rational GroupQuorum) : QuorumPolicy
{
    /// <inheritdoc/>
    public override string Name => "groups";

    /// <inheritdoc/>
    public override string Describe() => $"groups(k={GroupsNeeded} of 3, {GroupQuorum.ToDouble():0.###} within a group)";

    /// <inheritdoc/>
    public override string? Validate() =>
        GroupsNeeded is < 1 or > GroupCounts.GroupCount
            ? $"k must be 1, 2 or 3, got {GroupsNeeded}"
            : ValidateShare(GroupQuorum, "the group quorum");
}
