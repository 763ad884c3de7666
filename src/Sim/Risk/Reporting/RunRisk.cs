using System.Text.RegularExpressions;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Sim.Scenarios;

namespace HealthLedger.Sim.Risk.Reporting;

/// <summary>
/// The analytic risk of a scenario's validator configuration, for its run report: the verdict for the takeover the
/// scenario actually stages (its Byzantine validators, and separately its validators crashed for good), and the
/// failure probabilities at two per-validator compromise rates, so a run's observed outcome sits next to what the
/// model says the configuration can suffer. Null figures mean the model does not apply (e.g. an unparsable quorum).
/// </summary>
/// <param name="Byzantine">Byzantine validators per group (generators, receivers, monitors).</param>
/// <param name="ByzantineSafetyCanBreak">The model's verdict for that takeover: can agreement break?</param>
/// <param name="ByzantineLivenessCanBreak">… can progress halt?</param>
/// <param name="CrashedForGood">Validators crashed and never restarted, per group.</param>
/// <param name="CrashLivenessCanBreak">The crash verdict for them: can progress halt?</param>
/// <param name="SafetyFailureP01">P[safety can break] when each validator is Byzantine with p = 0.01.</param>
/// <param name="LivenessFailureP01">P[liveness can break] at p = 0.01.</param>
/// <param name="SafetyFailureP10">P[safety can break] at p = 0.1.</param>
/// <param name="LivenessFailureP10">P[liveness can break] at p = 0.1.</param>
public sealed record RunRisk(int[] Byzantine, bool ByzantineSafetyCanBreak, bool ByzantineLivenessCanBreak, int[] CrashedForGood,
    bool CrashLivenessCanBreak, double SafetyFailureP01, double LivenessFailureP01, double SafetyFailureP10, double LivenessFailureP10)
{
    /// <summary>The figures for <paramref name="scenario"/> whose Byzantine nodes are <paramref name="byzantineNodes"/>;
    /// null when the scenario's weights or quorum are outside the model.</summary>
    public static RunRisk? For(Scenario scenario, IEnumerable<int> byzantineNodes)
    {
        var v = scenario.Validators;
        var model = ModelOf(scenario);
        if (model is null) return null;

        int GroupOf(int node) => node < v.Generators ? 0 : node < v.Generators + v.Receivers ? 1 : 2;
        var byzantine = new int[3];
        foreach (int n in byzantineNodes) byzantine[GroupOf(n)]++;
        var crashed = new int[3];
        foreach (var c in scenario.Faults.Crashes.Where(c => c.RestartAtMs is null).Select(c => c.Node).Distinct()) crashed[GroupOf(c)]++;
        var verdict = model.Evaluate(new GroupCounts(byzantine[0], byzantine[1], byzantine[2]));
        var crashVerdict = model.WithFault(FaultModel.Crash).Evaluate(new GroupCounts(crashed[0], crashed[1], crashed[2]));
        var p01 = new IndependentCompromise(0.01).FailureProbabilities(model);
        var p10 = new IndependentCompromise(0.1).FailureProbabilities(model);
        return new RunRisk(byzantine, verdict.SafetyCanBreak, verdict.LivenessCanBreak, crashed, crashVerdict.LivenessCanBreak,
            p01.Safety.Value, p01.Liveness.Value, p10.Safety.Value, p10.Liveness.Value);
    }

    /// <summary>The risk model (Byzantine faults) of the scenario's validators, weights and quorum; null when they are
    /// outside the model (a group without validators, an unparsable weight or quorum, a group over the size limit).</summary>
    public static RiskModel? ModelOf(Scenario scenario)
    {
        var v = scenario.Validators;
        var sizes = new GroupCounts(v.Generators, v.Receivers, v.Monitors);
        if (v.Generators < 1 || v.Receivers < 1 || v.Monitors < 1) return null;
        var weightParts = v.Weights.Split(':');
        if (weightParts.Length != 3 || weightParts.Any(w => !Rational.TryParse(w, out var r, out _) || r <= Rational.Zero)) return null;
        var weights = new GroupWeights(Rational.Parse(weightParts[0]), Rational.Parse(weightParts[1]), Rational.Parse(weightParts[2]));
        var policy = Policy(scenario.Consensus.Quorum);
        if (policy is null) return null;
        var configuration = new RiskConfiguration(sizes, weights, policy, FaultModel.Byzantine);
        if (configuration.Validate() is not null) return null;
        return new RiskModel(configuration);
    }

    /// <summary>The model's policy for an engine quorum text: flat(q), weighted(q) or groups(k,qg).</summary>
    public static QuorumPolicy? Policy(string quorum)
    {
        var match = Regex.Match(quorum.Replace(" ", ""), @"^(flat|weighted|groups)\((?:(\d),)?([0-9./]+)\)$");
        if (!match.Success || !Rational.TryParse(match.Groups[3].Value, out var share, out _)) return null;
        return match.Groups[1].Value switch
        {
            "flat" when !match.Groups[2].Success => new FlatPolicy(share),
            "weighted" when !match.Groups[2].Success => new WeightedPolicy(share),
            "groups" when match.Groups[2].Success => new GroupsPolicy(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), share),
            _ => null,
        };
    }
}
