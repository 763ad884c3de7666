using System.Text.Json;
using System.Text.Json.Nodes;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Sim.Risk.Sampling;
using HealthLedger.Sim.Risk.Tolerance;

namespace HealthLedger.Sim.Risk.Reporting;

/// <summary>
/// The machine-readable form of a <see cref="RiskReport"/>: one JSON object. <c>safetyFailureProbability</c> and
/// <c>livenessFailureProbability</c> are the analytic figures; <c>measured</c> (with --trials) holds the real protocol
/// run in the simulator per trial, and <c>sampledModel</c> (with --model-trials) the Monte Carlo check of the model,
/// both with 95% Wilson intervals. The latter is named so, not "measured", because it samples the analytic verdict
/// rather than running the protocol.
/// </summary>
public static class RiskReportJson
{
    /// <summary>The report as an indented JSON object.</summary>
    public static string Serialize(RiskReport report) =>
        ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The report as a JSON tree.</summary>
    public static JsonObject ToJson(RiskReport report)
    {
        var request = report.Request;
        var configuration = request.Configuration;
        var json = new JsonObject
        {
            ["configuration"] = Configuration(configuration, report.Thresholds),
            ["compromise"] = Compromise(request.Distribution),
            ["safetyFailureProbability"] = report.Analytic.Safety.Value,
            ["livenessFailureProbability"] = report.Analytic.Liveness.Value,
            ["safetySurvivalProbability"] = report.Analytic.Safety.Complement,
            ["livenessSurvivalProbability"] = report.Analytic.Liveness.Complement,
            ["log10SafetyFailureProbability"] = Finite(report.Analytic.Safety.Log10Value),
            ["log10LivenessFailureProbability"] = Finite(report.Analytic.Liveness.Log10Value),
        };
        if (report.Verdict is { } verdict)
            json["verdict"] = new JsonObject { ["safetyCanBreak"] = verdict.SafetyCanBreak, ["livenessCanBreak"] = verdict.LivenessCanBreak };
        if (report.Sampled is { } sampled) json["sampledModel"] = Sampled(sampled);
        if (report.Measured is { } measured)
        {
            var m = Sampled(measured);
            m["note"] = "Runs the real consensus in the simulator per trial: compromised validators equivocate against honest validators split into two cut-off halves (safety), withhold (liveness), or are crashed from the start. Observed failures, not the worst case over schedules.";
            json["measured"] = m;
        }
        json["tolerance"] = new JsonObject
        {
            ["fault"] = configuration.Fault.ToString().ToLowerInvariant(),
            ["safety"] = Tolerance(report.Tolerance.Safety),
            ["liveness"] = Tolerance(report.Tolerance.Liveness),
        };
        json["seedClaims"] = new JsonObject { ["byzantine"] = Claims(report.ClaimsByzantine), ["crash"] = Claims(report.ClaimsCrash) };
        return json;
    }

    private static JsonObject Configuration(RiskConfiguration configuration, string thresholds)
    {
        var json = new JsonObject
        {
            ["groups"] = Counts(configuration.GroupSizes),
            ["weights"] = new JsonArray(Enumerable.Range(0, 3).Select(g => (JsonNode?)JsonValue.Create(configuration.Weights[g].ToString())).ToArray()),
            ["policy"] = configuration.Policy.Name,
            ["fault"] = configuration.Fault.ToString().ToLowerInvariant(),
            ["thresholds"] = thresholds,
        };
        switch (configuration.Policy)
        {
            case FlatPolicy flat: json["quorum"] = flat.Quorum.ToString(); break;
            case WeightedPolicy weighted: json["quorum"] = weighted.Quorum.ToString(); break;
            case GroupsPolicy groups: json["k"] = groups.GroupsNeeded; json["groupQuorum"] = groups.GroupQuorum.ToString(); break;
        }
        return json;
    }

    private static JsonObject Compromise(CompromiseDistribution distribution) => distribution switch
    {
        IndependentCompromise independent => new JsonObject { ["kind"] = "independent", ["p"] = independent.Probability },
        FixedPerGroupCompromise perGroup => new JsonObject { ["kind"] = "perGroup", ["compromised"] = Counts(perGroup.Compromised) },
        FixedTotalCompromise total => new JsonObject { ["kind"] = "uniformTotal", ["compromisedTotal"] = total.Compromised },
        _ => new JsonObject { ["kind"] = distribution.Describe() },
    };

    private static JsonObject Sampled(SampledRisk sampled) => new()
    {
        ["trials"] = sampled.Safety.Trials,
        ["seed"] = sampled.Seed,
        ["runner"] = sampled.Label,
        ["safetyFailureProbability"] = sampled.Safety.Estimate,
        ["safetyFailures"] = sampled.Safety.Successes,
        ["safetyConfidenceInterval95"] = new JsonArray(sampled.Safety.Lower95, sampled.Safety.Upper95),
        ["livenessFailureProbability"] = sampled.Liveness.Estimate,
        ["livenessFailures"] = sampled.Liveness.Successes,
        ["livenessConfidenceInterval95"] = new JsonArray(sampled.Liveness.Lower95, sampled.Liveness.Upper95),
        ["note"] = "Samples compromise patterns and judges each with the analytic verdict: a check of the probability sums, not a run of the protocol.",
    };

    private static JsonObject Tolerance(KindTolerance tolerance) => new()
    {
        ["failsWithoutCompromise"] = tolerance.FailsWithoutCompromise,
        ["maxSingleGroup"] = Counts(tolerance.MaxSingleGroup),
        ["maxEveryGroup"] = tolerance.MaxEveryGroup,
        ["smallestBreakingTakeover"] = tolerance.SmallestBreakingTakeover is { } smallest ? Counts(smallest) : null,
        ["maximalSurvivingCount"] = tolerance.MaximalSurvivingCount,
        ["maximalSurviving"] = new JsonArray(tolerance.MaximalSurviving.Select(v => (JsonNode?)Counts(v)).ToArray()),
    };

    private static JsonObject Claims(SeedClaims claims) => new()
    {
        ["oneFailedGroupSurvived"] = claims.OneFailedGroupSurvived,
        ["twoFailedGroupsFail"] = claims.TwoFailedGroupsFail,
        ["honestMajoritySuffices"] = claims.HonestMajoritySuffices,
        ["oneGroupFailed"] = Verdicts(claims.OneGroupFailed),
        ["twoGroupsFailed"] = Verdicts(claims.TwoGroupsFailed),
        ["honestMajorityEverywhere"] = Verdict(claims.HonestMajorityEverywhere),
    };

    private static JsonArray Verdicts(IReadOnlyList<RiskVerdict> verdicts) => new(verdicts.Select(v => (JsonNode?)Verdict(v)).ToArray());

    private static JsonObject Verdict(RiskVerdict verdict) =>
        new() { ["safetyCanBreak"] = verdict.SafetyCanBreak, ["livenessCanBreak"] = verdict.LivenessCanBreak };

    private static JsonArray Counts(GroupCounts counts) => new(counts.Generators, counts.Receivers, counts.Monitors);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
