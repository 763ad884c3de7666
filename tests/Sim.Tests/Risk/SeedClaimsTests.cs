using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Tolerance;
using static HealthLedger.Sim.Tests.Risk.Networks;

namespace HealthLedger.Sim.Tests.Risk;

/// <summary>The seed's section 3.5 claims on 7,7,7, as docs/risk-model.md tabulates them.</summary>
public sealed class SeedClaimsTests
{
    public static TheoryData<string, string, bool, bool, bool> Table => new()
    {
        // policy, fault, one failed group survived, two failed groups fail, honest majority suffices
        { "flat", "byzantine", false, true, false },
        { "flat", "crash", false, true, false },
        { "weighted", "byzantine", false, true, false },
        { "weighted", "crash", false, true, false },
        { "groups", "byzantine", false, true, false },
        { "groups", "crash", true, true, false },
        { "groups-half", "crash", true, true, true },
        { "groups-half", "byzantine", false, true, false },
        { "flat-0.6", "crash", true, true, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Seed_claims_on_7_7_7(string policy, string fault, bool one, bool two, bool majority)
    {
        var quorum = policy switch
        {
            "flat" => Flat(),
            "weighted" => Weighted(),
            "groups" => Groups(),
            "groups-half" => Groups(2, "0.5"),
            "flat-0.6" => Flat("0.6"),
            _ => throw new ArgumentException(policy),
        };
        var claims = SeedClaims.Check(Model("7,7,7", quorum, fault == "crash" ? FaultModel.Crash : FaultModel.Byzantine));
        Assert.Equal((one, two, majority), (claims.OneFailedGroupSurvived, claims.TwoFailedGroupsFail, claims.HonestMajoritySuffices));
    }

    [Theory]
    [InlineData("1,1,1")]
    [InlineData("3,2,1")]
    [InlineData("1,1,5")]
    public void No_weighting_survives_every_wholly_byzantine_group_under_a_weighted_quorum(string weights)
    {
        // A wholly Byzantine group of power share s is survived only if s < 2q - 1 (safety) and 1 - s >= q
        // (liveness), i.e. s < 1/3; three groups cannot all hold less than a third.
        foreach (var q in new[] { "0.51", "0.6", "2/3", "0.67", "0.8", "0.9" })
            Assert.False(SeedClaims.Check(Model("7,7,7", Weighted(q), FaultModel.Byzantine, weights)).OneFailedGroupSurvived);
    }
}
