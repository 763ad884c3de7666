using HealthLedger.Sim.Risk;
using static HealthLedger.Sim.Tests.Risk.Networks;

namespace HealthLedger.Sim.Tests.Risk;

/// <summary>Verdicts worked out by hand for the 7,7,7 network and for the corner cases the derivation warns about.</summary>
public sealed class KnownVerdictTests
{
    [Theory]
    [InlineData(4, 0, 0, false, false)]
    [InlineData(5, 0, 0, false, true)]   // 21 - 5 = 16 < Q = ceil(0.8 x 21) = 17
    [InlineData(7, 5, 0, false, true)]   // 12 < 2Q - N = 13
    [InlineData(7, 6, 0, true, true)]    // 13 Byzantine: two quorums of 17 can share only Byzantine validators
    public void Flat_80_percent_on_7_7_7_under_byzantine_faults(int b1, int b2, int b3, bool safety, bool liveness)
    {
        var verdict = Model("7,7,7", Flat(), FaultModel.Byzantine).Evaluate(Counts(b1, b2, b3));
        Assert.Equal(new RiskVerdict(safety, liveness), verdict);
    }

    [Fact]
    public void Weighted_with_equal_weights_and_sizes_agrees_with_flat()
    {
        var flat = Model("7,7,7", Flat(), FaultModel.Byzantine);
        var weighted = Model("7,7,7", Weighted(), FaultModel.Byzantine);
        for (int b1 = 0; b1 <= 7; b1++)
            for (int b2 = 0; b2 <= 7; b2++)
                for (int b3 = 0; b3 <= 7; b3++)
                    Assert.Equal(flat.Evaluate(Counts(b1, b2, b3)), weighted.Evaluate(Counts(b1, b2, b3)));
    }

    [Theory]
    [InlineData(2, 2, 2, false, false)]
    [InlineData(3, 0, 0, true, false)]   // t = 5 of 7; 3 Byzantine + 2 + 2 honest reach 5 for both ledgers
    [InlineData(7, 0, 0, true, false)]   // a wholly Byzantine group: liveness survives, safety does not
    [InlineData(3, 3, 0, true, true)]    // only one group keeps 5 honest
    public void Groups_2_of_3_at_67_percent_on_7_7_7_under_byzantine_faults(int b1, int b2, int b3, bool safety, bool liveness)
    {
        var verdict = Model("7,7,7", Groups(), FaultModel.Byzantine).Evaluate(Counts(b1, b2, b3));
        Assert.Equal(new RiskVerdict(safety, liveness), verdict);
    }

    [Theory]
    [InlineData(7, 0, 0, false, false)]
    [InlineData(7, 7, 0, false, true)]
    [InlineData(3, 3, 3, false, true)]   // 4 of 7 up in every group: an honest majority, but below 5 of 7
    public void Groups_2_of_3_at_67_percent_on_7_7_7_under_crash_faults(int c1, int c2, int c3, bool safety, bool liveness)
    {
        var verdict = Model("7,7,7", Groups(), FaultModel.Crash).Evaluate(Counts(c1, c2, c3));
        Assert.Equal(new RiskVerdict(safety, liveness), verdict);
    }

    [Fact]
    public void The_integer_ceiling_goes_on_the_quorum_not_on_the_2q_minus_1_bound()
    {
        // N = 3, q = 0.8: Q = 3, so breaking safety takes 2Q - N = 3 Byzantine, not ceil((2q - 1) N) = ceil(1.8) = 2.
        var model = Model("1,1,1", Flat(), FaultModel.Byzantine);
        Assert.False(model.SafetyCanBreak(Counts(1, 1, 0)));
        Assert.True(model.SafetyCanBreak(Counts(1, 1, 1)));
    }

    [Fact]
    public void Byzantine_power_of_at_least_2P_minus_T_is_necessary_but_not_sufficient_with_unequal_power()
    {
        // Weights 1,1,2 on one validator each, q = 0.51: T = 4, P = 3, 2P - T = 2. Generators and receivers (power 2)
        // are Byzantine, but the honest monitor's power 2 cannot be split to give each ledger exactly 1.
        var model = Model("1,1,1", Weighted("0.51"), FaultModel.Byzantine, weights: "1,1,2");
        var quorums = Assert.IsType<WeightedQuorumSystem>(model.Quorums);
        Assert.Equal((4L, 3L), (quorums.TotalPower, quorums.QuorumPower));
        Assert.False(model.SafetyCanBreak(Counts(1, 1, 0)));
        Assert.Equal(BruteForce.ValidatorLevel(model.Configuration, Counts(1, 1, 0)), model.Evaluate(Counts(1, 1, 0)));
    }

    [Fact]
    public void A_share_of_one_half_admits_two_disjoint_quorums_even_without_faults()
    {
        var model = Model("2,2,2", Flat("0.5"), FaultModel.Crash);
        Assert.True(model.SafetyCanBreak(Counts(0, 0, 0)));
        Assert.False(model.SafetyCanBreak(Counts(1, 0, 0))); // 5 up: two disjoint sets of 3 no longer fit
    }

    [Fact]
    public void Shares_are_inclusive()
    {
        // 0.8 x 10 = 8 exactly: 8 signers reach it.
        var quorums = Model("4,3,3", Flat(), FaultModel.Crash).Quorums;
        Assert.True(quorums.IsQuorum(Counts(4, 3, 1)));
        Assert.False(quorums.IsQuorum(Counts(4, 3, 0)));
    }

    [Fact]
    public void Unequal_group_weights_give_unequal_validator_power()
    {
        var quorums = Assert.IsType<WeightedQuorumSystem>(Model("2,3,4", Weighted("2/3"), FaultModel.Crash, weights: "1,1/2,3").Quorums);
        // Per validator: 1/2, 1/6, 3/4; scaled by 12: 6, 2, 9; total 12 + 6 + 36 = 54; P = ceil(2/3 x 54) = 36.
        Assert.Equal((6L, 2L, 9L), (quorums.PowerOf(0), quorums.PowerOf(1), quorums.PowerOf(2)));
        Assert.Equal((54L, 36L), (quorums.TotalPower, quorums.QuorumPower));
    }
}
