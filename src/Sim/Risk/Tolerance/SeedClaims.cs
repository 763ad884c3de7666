namespace HealthLedger.Sim.Risk.Tolerance;

/// <summary>
/// The seed's security claims (section 3.5) checked against the model for one network and fault model:
/// "as long as honest parties are the majority for all the three voting parties, we [have] no security problem.
/// If there is one voting party fail, the other two parties will still keep the consensus working. If two of the
/// three voting parties fail, the network will fail." A party "fails" here when every one of its validators is
/// compromised; "no security problem" and "keep working" mean neither safety nor liveness can break.
/// </summary>
/// <param name="OneGroupFailed">The verdict with each single group wholly compromised.</param>
/// <param name="TwoGroupsFailed">The verdict with each pair of groups wholly compromised (pairs 0+1, 0+2, 1+2).</param>
/// <param name="HonestMajorityEverywhere">The verdict with the largest strict minority, floor((n_g - 1) / 2),
/// compromised in every group; by monotonicity it speaks for every honest-majority takeover.</param>
public sealed record SeedClaims(
    IReadOnlyList<RiskVerdict> OneGroupFailed,
    IReadOnlyList<RiskVerdict> TwoGroupsFailed,
    RiskVerdict HonestMajorityEverywhere)
{
    /// <summary>Claim: any one wholly failed group is survived (safety and liveness both hold).</summary>
    public bool OneFailedGroupSurvived => OneGroupFailed.All(v => !v.AnyCanBreak);

    /// <summary>Claim: any two wholly failed groups break the network (safety or liveness).</summary>
    public bool TwoFailedGroupsFail => TwoGroupsFailed.All(v => v.AnyCanBreak);

    /// <summary>Claim: an honest majority in every group means no failure.</summary>
    public bool HonestMajoritySuffices => !HonestMajorityEverywhere.AnyCanBreak;

    /// <summary>Checks the claims for <paramref name="model"/>.</summary>
    public static SeedClaims Check(RiskModel model)
    {
        var sizes = model.GroupSizes;
        var one = new List<RiskVerdict>();
        for (int g = 0; g < GroupCounts.GroupCount; g++) one.Add(model.Evaluate(default(GroupCounts).With(g, sizes[g])));
        var two = new List<RiskVerdict>();
        for (int g = 0; g < GroupCounts.GroupCount; g++)
            for (int h = g + 1; h < GroupCounts.GroupCount; h++)
                two.Add(model.Evaluate(default(GroupCounts).With(g, sizes[g]).With(h, sizes[h])));
        var minority = GroupCounts.From(g => (sizes[g] - 1) / 2);
        return new SeedClaims(one, two, model.Evaluate(minority));
    }
}
