using System.Numerics;

namespace HealthLedger.Sim.Risk;

/// <summary>
/// <c>weighted(q)</c>: a quorum holds power at least P = ceil(q T), in integer power units chosen so that every
/// validator's power W_g / n_g is a whole number. Conflict: with double signers of power beta and single signers of
/// power eta, some split must give the single signers' part x of ledger one a power in
/// [max(0, P - beta), min(eta, eta + beta - P)]. That interval is non-empty iff beta &gt;= 2P - T under Byzantine
/// faults (the familiar "Byzantine power &gt;= (2q - 1) T", with the ceiling taken on the quorum), but it is only a
/// necessary condition: when validators carry unequal power the reachable split powers have gaps, and a narrow
/// interval can fall into one. So the interval is then checked exactly against the reachable powers.
/// </summary>
public sealed class WeightedQuorumSystem : QuorumSystem
{
    private readonly long[] _powerPerValidator;

    /// <summary>Compiles weighted(<paramref name="quorum"/>).</summary>
    public WeightedQuorumSystem(GroupCounts groupSizes, GroupWeights weights, Rational quorum) : base(groupSizes)
    {
        // Scale every per-validator power W_g / n_g by the lcm of their denominators so each becomes an integer.
        var perValidator = new Rational[GroupCounts.GroupCount];
        BigInteger scale = BigInteger.One;
        for (int g = 0; g < GroupCounts.GroupCount; g++)
        {
            perValidator[g] = weights[g] / Rational.FromInteger(groupSizes[g]);
            scale = scale / BigInteger.GreatestCommonDivisor(scale, perValidator[g].Denominator) * perValidator[g].Denominator;
        }
        _powerPerValidator = new long[GroupCounts.GroupCount];
        BigInteger total = BigInteger.Zero;
        for (int g = 0; g < GroupCounts.GroupCount; g++)
        {
            var power = (perValidator[g] * Rational.FromInteger(scale)).Numerator;
            total += power * groupSizes[g];
            if (total > long.MaxValue / 4)
                throw new ArgumentException("The weights are too finely divided to compute exactly; use simpler ratios.", nameof(weights));
            _powerPerValidator[g] = (long)power;
        }
        TotalPower = (long)total;
        QuorumPower = CountReaching(quorum, TotalPower);
    }

    /// <summary>T: all validators' power, in integer units.</summary>
    public long TotalPower { get; }

    /// <summary>P: the least power that forms a quorum, in the same units.</summary>
    public long QuorumPower { get; }

    /// <summary>The power of one validator of group <paramref name="group"/>, in the same units.</summary>
    public long PowerOf(int group) => _powerPerValidator[group];

    /// <summary>The power of a set holding <paramref name="members"/> validators per group.</summary>
    public long PowerOf(GroupCounts members) =>
        members.Generators * _powerPerValidator[0] + members.Receivers * _powerPerValidator[1] + members.Monitors * _powerPerValidator[2];

    /// <inheritdoc/>
    public override bool IsQuorum(GroupCounts signers) => PowerOf(signers) >= QuorumPower;

    /// <inheritdoc/>
    public override bool CanFormConflictingQuorums(GroupCounts doubleSigners, GroupCounts singleSigners)
    {
        long beta = PowerOf(doubleSigners), eta = PowerOf(singleSigners);
        long low = Math.Max(0, QuorumPower - beta), high = Math.Min(eta, eta + beta - QuorumPower);
        return low <= high && HasSplitPowerIn(singleSigners, low, high);
    }

    /// <summary>
    /// True when some x (0 &lt;= x_g &lt;= available_g) has power in [low, high], where 0 &lt;= low &lt;= high &lt;= power(available).
    /// </summary>
    internal bool HasSplitPowerIn(GroupCounts available, long low, long high)
    {
        // Adding the available validators one by one climbs from 0 to their full power in steps of at most the
        // largest single power, so any window at least that wide inside [0, power] is hit.
        long largestStep = 1;
        for (int g = 0; g < GroupCounts.GroupCount; g++)
            if (available[g] > 0) largestStep = Math.Max(largestStep, _powerPerValidator[g]);
        if (high - low + 1 >= largestStep) return true;

        // A narrow window: enumerate two groups and solve for the third; at most (n1 + 1)(n2 + 1) steps, and only
        // reached when per-validator powers differ enough to leave gaps.
        long w1 = _powerPerValidator[0], w2 = _powerPerValidator[1], w3 = _powerPerValidator[2];
        for (long x1 = 0; x1 <= available[0]; x1++)
        {
            for (long x2 = 0; x2 <= available[1]; x2++)
            {
                long partial = x1 * w1 + x2 * w2;
                if (partial > high) break;
                long fewest = Math.Max(0, CeilingDivide(low - partial, w3));
                long most = Math.Min(available[2], FloorDivide(high - partial, w3));
                if (fewest <= most) return true;
            }
        }
        return false;
    }

    private static long FloorDivide(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilingDivide(long a, long b) => -FloorDivide(-a, b);

    /// <inheritdoc/>
    public override string DescribeThresholds() =>
        $"a quorum holds {QuorumPower} of {TotalPower} power units (one validator: {_powerPerValidator[0]}, " +
        $"{_powerPerValidator[1]}, {_powerPerValidator[2]} by group)";
}
