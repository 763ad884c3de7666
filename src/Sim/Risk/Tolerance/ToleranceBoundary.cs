using HealthLedger.Sim.Risk.Probability;

namespace HealthLedger.Sim.Risk.Tolerance;

/// <summary>
/// The largest takeovers one failure kind survives. Survival is monotone (fewer compromised never hurts), so the
/// surviving compromise vectors form a down-set, fully described by its maximal elements.
/// </summary>
/// <param name="Kind">The failure these figures are about.</param>
/// <param name="MaxSingleGroup">Per group: the most validators of that group alone that can be compromised with the
/// property surviving; -1 when it fails with no compromise at all, the group's size when the whole group is survived.</param>
/// <param name="MaxEveryGroup">The largest b such that b compromised in every group (capped at each group's size)
/// is survived; -1 when even 0 fails.</param>
/// <param name="SmallestBreakingTakeover">A takeover with the fewest compromised validators in all that breaks the
/// property, or null when no takeover does.</param>
/// <param name="MaximalSurviving">The maximal surviving vectors (no surviving vector dominates them), at most
/// <see cref="ToleranceBoundary.MaximalListed"/> of them.</param>
/// <param name="MaximalSurvivingCount">How many maximal surviving vectors there are in all.</param>
/// <param name="FailsWithoutCompromise">True when the property can break with nothing compromised: the policy admits
/// two disjoint quorums (safety) or no quorum at all (liveness). Everything else then reads -1 or empty.</param>
public sealed record KindTolerance(
    FailureKind Kind,
    bool FailsWithoutCompromise,
    GroupCounts MaxSingleGroup,
    int MaxEveryGroup,
    GroupCounts? SmallestBreakingTakeover,
    IReadOnlyList<GroupCounts> MaximalSurviving,
    int MaximalSurvivingCount);

/// <summary>The tolerance boundary of a network for both safety and liveness.</summary>
public sealed record ToleranceBoundary(KindTolerance Safety, KindTolerance Liveness)
{
    /// <summary>How many maximal surviving vectors are listed; larger groups have O(n^2) of them.</summary>
    public const int MaximalListed = 64;

    /// <summary>The figures for <paramref name="kind"/>.</summary>
    public KindTolerance Of(FailureKind kind) => kind == FailureKind.Safety ? Safety : Liveness;

    /// <summary>Computes the boundary of <paramref name="model"/>.</summary>
    public static ToleranceBoundary Compute(RiskModel model) =>
        new(ComputeKind(model, FailureKind.Safety), ComputeKind(model, FailureKind.Liveness));

    private static KindTolerance ComputeKind(RiskModel model, FailureKind kind)
    {
        var sizes = model.GroupSizes;
        bool failsWithoutCompromise = model.CanBreak(kind, default);
        if (!model.FailureGrowsWithCompromise(kind))
        {
            // Crash safety: failures shrink as crashes grow, so either nothing breaks it (it holds with no crash) or
            // it is broken by design, and then more crashes can only repair it, which is no tolerance to report.
            return failsWithoutCompromise
                ? new KindTolerance(kind, true, new GroupCounts(-1, -1, -1), -1, default(GroupCounts), [], 0)
                : new KindTolerance(kind, false, sizes, Math.Max(sizes.Generators, Math.Max(sizes.Receivers, sizes.Monitors)), null, [sizes], 1);
        }
        var thresholds = model.Thresholds(kind);
        // Most surviving monitors given (b1, b2): one below the first failing count, -1 when (b1, b2, 0) already fails.
        int MostSurviving(int b1, int b2) => thresholds.Boundary(b1, b2) - 1;

        var maxSingle = GroupCounts.From(g => LargestSurviving(model, kind, sizes[g], b => default(GroupCounts).With(g, b)));
        int maxEvery = LargestSurviving(model, kind, Math.Max(sizes.Generators, Math.Max(sizes.Receivers, sizes.Monitors)),
            b => GroupCounts.From(g => Math.Min(b, sizes[g])));

        GroupCounts? smallest = null;
        var maximal = new List<GroupCounts>();
        int maximalCount = 0;
        for (int b1 = 0; b1 <= sizes.Generators; b1++)
        {
            for (int b2 = 0; b2 <= sizes.Receivers; b2++)
            {
                int most = MostSurviving(b1, b2);
                if (most < sizes.Monitors)
                {
                    var breaking = new GroupCounts(b1, b2, most + 1);
                    if (smallest is null || breaking.Total < smallest.Value.Total) smallest = breaking;
                }
                if (most < 0) continue;
                bool dominatedByMoreGenerators = b1 < sizes.Generators && MostSurviving(b1 + 1, b2) >= most;
                bool dominatedByMoreReceivers = b2 < sizes.Receivers && MostSurviving(b1, b2 + 1) >= most;
                if (dominatedByMoreGenerators || dominatedByMoreReceivers) continue;
                maximalCount++;
                if (maximal.Count < ToleranceBoundary.MaximalListed) maximal.Add(new GroupCounts(b1, b2, most));
            }
        }
        return new KindTolerance(kind, failsWithoutCompromise, maxSingle, maxEvery, smallest, maximal, maximalCount);
    }

    /// <summary>The largest b in [0, limit] with <paramref name="takeover"/>(b) surviving, or -1; survival is monotone in b.</summary>
    private static int LargestSurviving(RiskModel model, FailureKind kind, int limit, Func<int, GroupCounts> takeover)
    {
        int low = -1, high = limit; // answer in [low, high]
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (model.CanBreak(kind, takeover(middle))) high = middle - 1; else low = middle;
        }
        return low;
    }
}
