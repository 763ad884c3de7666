using System.Text.Json.Nodes;
using HealthLedger.Sim.Risk.Reporting;

namespace HealthLedger.Sim.Tests.Risk;

public sealed class RiskReportTests
{
    [Fact]
    public void Json_carries_the_analytic_figures_and_the_sampled_model_with_intervals()
    {
        var request = new RiskArguments { Groups = "7,7,7", Policy = "groups", P = "0.1", ModelTrials = "2000", Seed = "3" }.Parse().Request!;
        var json = JsonNode.Parse(RiskReportJson.Serialize(RiskReport.Compute(request)))!.AsObject();
        Assert.Equal(0.0751113, json["safetyFailureProbability"]!.GetValue<double>(), 1e-6);
        Assert.Equal(0.0019460, json["livenessFailureProbability"]!.GetValue<double>(), 1e-6);
        var sampled = json["sampledModel"]!.AsObject();
        Assert.Equal(2000, sampled["trials"]!.GetValue<long>());
        foreach (var kind in new[] { "safety", "liveness" })
        {
            double estimate = sampled[$"{kind}FailureProbability"]!.GetValue<double>();
            var interval = sampled[$"{kind}ConfidenceInterval95"]!.AsArray();
            Assert.InRange(estimate, interval[0]!.GetValue<double>(), interval[1]!.GetValue<double>());
        }
        Assert.Null(json["measured"]);
        Assert.False(json["seedClaims"]!["byzantine"]!["oneFailedGroupSurvived"]!.GetValue<bool>());
        Assert.True(json["seedClaims"]!["crash"]!["oneFailedGroupSurvived"]!.GetValue<bool>());
    }

    [Fact]
    public void Without_trials_there_is_no_sampled_model_and_the_report_is_deterministic()
    {
        var request = new RiskArguments { Groups = "5,6,7", Policy = "weighted", Weights = "3,2,1", Compromised = "2,0,1" }.Parse().Request!;
        string first = RiskReportJson.Serialize(RiskReport.Compute(request));
        Assert.Equal(first, RiskReportJson.Serialize(RiskReport.Compute(request)));
        Assert.Null(JsonNode.Parse(first)!["sampledModel"]);
        Assert.NotNull(JsonNode.Parse(first)!["verdict"]);
    }

    [Fact]
    public void Text_report_states_figures_boundary_and_claims()
    {
        var request = new RiskArguments { Groups = "7,7,7", Policy = "flat", P = "0.1" }.Parse().Request!;
        var text = new StringWriter();
        RiskReportText.Write(RiskReport.Compute(request), text);
        string output = text.ToString();
        Assert.Contains("a quorum is 17 of 21 validators", output);
        Assert.Contains("Tolerance boundary", output);
        Assert.Contains("one failed group is survived:            DOES NOT HOLD", output);
    }
}
