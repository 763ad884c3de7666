using HealthLedger.Sim.Risk;

namespace HealthLedger.Sim.Tests.Risk;

/// <summary>Exhaustive searches that decide the verdict from the definitions, for small networks.</summary>
internal static class BruteForce
{
    /// <summary>
    /// Validator by validator: safety breaks iff two sets of validators S, S' are both quorums while every validator
    /// in both is Byzantine (an honest one signs at most one ledger) and no crashed validator is in either. Liveness
    /// breaks iff no subset of the non-faulty validators is a quorum. Exponential: keep N at most about 9.
    /// </summary>
    public static RiskVerdict ValidatorLevel(RiskConfiguration configuration, GroupCounts compromised)
    {
        var sizes = configuration.GroupSizes;
        int n = sizes.Total;
        var groupOf = new int[n];
        int faultyMask = 0, index = 0;
        for (int g = 0; g < 3; g++)
            for (int i = 0; i < sizes[g]; i++, index++)
            {
                groupOf[index] = g;
                if (i < compromised[g]) faultyMask |= 1 << index; // validators are symmetric within a group
            }
        GroupCounts CountsOf(int mask) =>
            GroupCounts.From(g => Enumerable.Range(0, n).Count(v => (mask >> v & 1) == 1 && groupOf[v] == g));

        var quorums = new List<int>();
        for (int mask = 0; mask < 1 << n; mask++)
            if (SpecQuorum.IsQuorum(configuration, CountsOf(mask))) quorums.Add(mask);

        bool byzantine = configuration.Fault == FaultModel.Byzantine;
        bool safety = false;
        foreach (int s in quorums)
        {
            if (!byzantine && (s & faultyMask) != 0) continue;
            foreach (int t in quorums)
            {
                if (!byzantine && (t & faultyMask) != 0) continue;
                int both = s & t;
                if (byzantine ? (both & ~faultyMask) == 0 : both == 0) { safety = true; break; }
            }
            if (safety) break;
        }
        bool liveness = !quorums.Any(q => (q & faultyMask) == 0);
        return new RiskVerdict(safety, liveness);
    }

    /// <summary>
    /// Group counts: every split x (0 &lt;= x &lt;= honest per group) of the honest validators between two ledgers,
    /// with Byzantine validators signing both; polynomial, so it reaches groups of ten and more.
    /// </summary>
    public static RiskVerdict CountLevel(RiskConfiguration configuration, GroupCounts compromised)
    {
        var sizes = configuration.GroupSizes;
        var honest = sizes - compromised;
        var both = configuration.Fault == FaultModel.Byzantine ? compromised : default;
        bool safety = false;
        for (int x1 = 0; x1 <= honest[0] && !safety; x1++)
            for (int x2 = 0; x2 <= honest[1] && !safety; x2++)
                for (int x3 = 0; x3 <= honest[2] && !safety; x3++)
                {
                    var x = new GroupCounts(x1, x2, x3);
                    safety = SpecQuorum.IsQuorum(configuration, both + x) && SpecQuorum.IsQuorum(configuration, both + (honest - x));
                }
        return new RiskVerdict(safety, !SpecQuorum.IsQuorum(configuration, honest));
    }
}
