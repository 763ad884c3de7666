using HealthLedger.Sim.Risk.Probability;

namespace HealthLedger.Sim.Risk;

/// <summary>
/// The verdict function: for a number of compromised validators per group, can safety break, can liveness break?
/// Everything else in this folder (probabilities, tolerance boundary, the seed's claims, the sampler) is built on it,
/// so that they can never disagree with one another.
/// </summary>
public sealed class RiskModel
{
    /// <summary>Builds the model of <paramref name="configuration"/>; throws if it is invalid.</summary>
    public RiskModel(RiskConfiguration configuration)
    {
        var problem = configuration.Validate();
        if (problem is not null) throw new ArgumentException($"Invalid risk configuration: {problem}.", nameof(configuration));
        Configuration = configuration;
        Quorums = QuorumSystem.Compile(configuration);
        _safetyThresholds = new Lazy<FailureThresholds>(() => new FailureThresholds(this, FailureKind.Safety));
        _livenessThresholds = new Lazy<FailureThresholds>(() => new FailureThresholds(this, FailureKind.Liveness));
    }

    private readonly Lazy<FailureThresholds> _safetyThresholds;
    private readonly Lazy<FailureThresholds> _livenessThresholds;

    /// <summary>
    /// The boundary table of <paramref name="kind"/> over all (b1, b2), computed once and shared by the probability
    /// sums and the tolerance boundary: on groups of a thousand it is the expensive part.
    /// </summary>
    public FailureThresholds Thresholds(FailureKind kind) =>
        (kind == FailureKind.Safety ? _safetyThresholds : _livenessThresholds).Value;

    /// <summary>The network modelled.</summary>
    public RiskConfiguration Configuration { get; }

    /// <summary>The quorum policy in integer form.</summary>
    public QuorumSystem Quorums { get; }

    /// <summary>Validators per group.</summary>
    public GroupCounts GroupSizes => Configuration.GroupSizes;

    /// <summary>The same network under another fault model.</summary>
    public RiskModel WithFault(FaultModel fault) =>
        fault == Configuration.Fault ? this : new RiskModel(Configuration.WithFault(fault));

    /// <summary>The verdict for <paramref name="compromised"/> validators per group (each 0 to the group's size).</summary>
    public RiskVerdict Evaluate(GroupCounts compromised) =>
        new(SafetyCanBreak(compromised), LivenessCanBreak(compromised));

    /// <summary>
    /// Safety: an honest validator signs at most one ledger per sequence. A Byzantine one may sign both, so it
    /// counts for both ledgers; a crashed one signs neither, so the crashed count only shrinks the pool to split.
    /// </summary>
    public bool SafetyCanBreak(GroupCounts compromised)
    {
        CheckRange(compromised);
        var honest = GroupSizes - compromised;
        var doubleSigners = Configuration.Fault == FaultModel.Byzantine ? compromised : default;
        return Quorums.CanFormConflictingQuorums(doubleSigners, honest);
    }

    /// <summary>Liveness: the compromised validators withhold (or are down), and the rest must form a quorum alone.</summary>
    public bool LivenessCanBreak(GroupCounts compromised)
    {
        CheckRange(compromised);
        return !Quorums.IsQuorum(GroupSizes - compromised);
    }

    /// <summary>
    /// True when one more compromised validator can only make <paramref name="kind"/> easier to break (the failing
    /// takeovers form an up-set). That holds for liveness, and for safety under Byzantine faults; under crash faults
    /// safety goes the other way: a crashed validator signs nothing, so crashes only remove validators from the pool
    /// an adversarial schedule could split into two quorums. Crash safety can then break only if it already breaks
    /// with no fault at all, i.e. when the policy admits two disjoint quorums.
    /// </summary>
    public bool FailureGrowsWithCompromise(FailureKind kind) =>
        kind == FailureKind.Liveness || Configuration.Fault == FaultModel.Byzantine;

    /// <summary>The failure of kind <paramref name="kind"/>.</summary>
    public bool CanBreak(FailureKind kind, GroupCounts compromised) =>
        kind == FailureKind.Safety ? SafetyCanBreak(compromised) : LivenessCanBreak(compromised);

    private void CheckRange(GroupCounts compromised)
    {
        for (int g = 0; g < GroupCounts.GroupCount; g++)
            if (compromised[g] < 0 || compromised[g] > GroupSizes[g])
                throw new ArgumentOutOfRangeException(nameof(compromised), compromised,
                    $"Group {GroupCounts.GroupNames[g]} has {GroupSizes[g]} validators, so 0 to {GroupSizes[g]} can be compromised.");
    }
}
