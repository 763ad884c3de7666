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
    private readonly int[] _groupsByPowerDescending;

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
        _groupsByPowerDescending = [0, 1, 2];
        Array.Sort(_groupsByPowerDescending, (g, h) => _powerPerValidator[h].CompareTo(_powerPerValidator[g]));
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

        // A narrow window, only reached when per-validator powers differ enough to leave gaps: enumerate the group
        // with the largest power (fewest candidate counts), and decide the other two by residues.
        int a = _groupsByPowerDescending[0], b = _groupsByPowerDescending[1], c = _groupsByPowerDescending[2];
        long wa = _powerPerValidator[a];
        long restPower = available[b] * _powerPerValidator[b] + available[c] * _powerPerValidator[c];
        long first = Math.Max(0, CeilingDivide(low - restPower, wa)), last = Math.Min(available[a], FloorDivide(high, wa));
        for (long xa = first; xa <= last; xa++)
            if (TwoGroupsReach(available, b, c, low - xa * wa, high - xa * wa)) return true;
        return false;
    }

    /// <summary>
    /// True when some x_b &lt;= available_b, x_c &lt;= available_c give x_b w_b + x_c w_c in [low, high]. For x_b in
    /// [first, last] below, a suitable x_c in range exists iff some multiple of w_c lies in [low - x_b w_b, high - x_b w_b],
    /// which depends only on x_b modulo w_c / gcd(w_b, w_c); so one period of candidates decides it.
    /// </summary>
    private bool TwoGroupsReach(GroupCounts available, int b, int c, long low, long high)
    {
        long wb = _powerPerValidator[b], wc = _powerPerValidator[c];
        long first = Math.Max(0, CeilingDivide(low - available[c] * wc, wb));
        long last = Math.Min(available[b], FloorDivide(high, wb));
        long period = wc / (long)BigInteger.GreatestCommonDivisor(wb, wc);
        last = Math.Min(last, first + period - 1);
        for (long xb = first; xb <= last; xb++)
            if (FloorDivide(high - xb * wb, wc) >= CeilingDivide(low - xb * wb, wc)) return true;
        return false;
    }

    private static long FloorDivide(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilingDivide(long a, long b) => -FloorDivide(-a, b);

    /// <inheritdoc/>
    public override string DescribeThresholds() =>
        $"a quorum holds {QuorumPower} of {TotalPower} power units (one validator: {_powerPerValidator[0]}, " +
        $"{_powerPerValidator[1]}, {_powerPerValidator[2]} by group)";
}
