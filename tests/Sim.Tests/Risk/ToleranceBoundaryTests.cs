using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Tolerance;
using HealthLedger.Tests;
using static HealthLedger.Sim.Tests.Risk.Networks;

namespace HealthLedger.Sim.Tests.Risk;

public sealed class ToleranceBoundaryTests
{
    [Fact]
    public void Groups_policy_on_7_7_7_tolerates_two_byzantine_per_group_for_safety_and_a_whole_group_for_liveness()
    {
        var boundary = ToleranceBoundary.Compute(Model("7,7,7", Groups(), FaultModel.Byzantine));
        Assert.Equal(Counts(2, 2, 2), boundary.Safety.MaxSingleGroup);
        Assert.Equal(2, boundary.Safety.MaxEveryGroup);
        Assert.Equal(3, boundary.Safety.SmallestBreakingTakeover!.Value.Total);
        Assert.Equal(Counts(7, 7, 7), boundary.Liveness.MaxSingleGroup);
        Assert.Equal(2, boundary.Liveness.MaxEveryGroup);
        Assert.Equal(6, boundary.Liveness.SmallestBreakingTakeover!.Value.Total);
    }

    [Fact]
    public void Flat_policy_on_7_7_7_tolerates_twelve_byzantine_for_safety_and_four_for_liveness()
    {
        var boundary = ToleranceBoundary.Compute(Model("7,7,7", Flat(), FaultModel.Byzantine));
        Assert.Equal(12, boundary.Safety.SmallestBreakingTakeover!.Value.Total - 1);
        Assert.Equal(4, boundary.Liveness.SmallestBreakingTakeover!.Value.Total - 1);
        Assert.Equal(Counts(4, 4, 4), boundary.Liveness.MaxSingleGroup);
        Assert.Equal(Counts(7, 7, 7), boundary.Safety.MaxSingleGroup);
        Assert.Equal(4, boundary.Safety.MaxEveryGroup);
    }

    [Fact]
    public void Crash_safety_is_either_never_broken_or_broken_by_design()
    {
        var sound = ToleranceBoundary.Compute(Model("7,7,7", Groups(), FaultModel.Crash)).Safety;
        Assert.False(sound.FailsWithoutCompromise);
        Assert.Null(sound.SmallestBreakingTakeover);
        var unsound = ToleranceBoundary.Compute(Model("7,7,7", Groups(2, "0.5"), FaultModel.Crash)).Safety;
        Assert.False(unsound.FailsWithoutCompromise); // t = 4 of 7: two disjoint sets of 4 do not fit in 7
        var broken = ToleranceBoundary.Compute(Model("8,8,8", Groups(2, "0.5"), FaultModel.Crash)).Safety;
        Assert.True(broken.FailsWithoutCompromise);   // t = 4 of 8: two disjoint halves do
    }

    [Fact]
    public void Boundary_agrees_with_enumerating_every_takeover()
    {
        var gen = RiskGenerators.Configuration(maxGroupSize: 6).Select(c => c.WithFault(FaultModel.Byzantine));
        Prop.ForAll(Arb.From(gen), configuration =>
        {
            var model = new RiskModel(configuration);
            var boundary = ToleranceBoundary.Compute(model);
            return Agrees(model, boundary.Safety) && Agrees(model, boundary.Liveness);
        }).Check(PropertyConfig.Default(0x7157_0201, maxTest: 150));
    }

    private static bool Agrees(RiskModel model, KindTolerance tolerance)
    {
        var sizes = model.GroupSizes;
        var all = new List<GroupCounts>();
        for (int b1 = 0; b1 <= sizes[0]; b1++)
            for (int b2 = 0; b2 <= sizes[1]; b2++)
                for (int b3 = 0; b3 <= sizes[2]; b3++)
                    all.Add(new GroupCounts(b1, b2, b3));
        bool Survives(GroupCounts b) => !model.CanBreak(tolerance.Kind, b);
        var surviving = all.Where(Survives).ToList();
        var maximal = surviving.Where(v => !surviving.Any(w => w != v && w[0] >= v[0] && w[1] >= v[1] && w[2] >= v[2])).ToList();
        int smallestBreaking = all.Where(b => !Survives(b)).Select(b => b.Total).DefaultIfEmpty(-1).Min();
        var single = GroupCounts.From(g => all.Where(b => b.Total == b[g] && Survives(b)).Select(b => b[g]).DefaultIfEmpty(-1).Max());
        return tolerance.MaxSingleGroup == single
            && (tolerance.SmallestBreakingTakeover?.Total ?? -1) == smallestBreaking
            && tolerance.MaximalSurvivingCount == maximal.Count
            && tolerance.MaximalSurviving.ToHashSet().SetEquals(maximal.Take(ToleranceBoundary.MaximalListed))
            && tolerance.FailsWithoutCompromise == !Survives(default);
    }
}
