using System.CommandLine;
using HealthLedger.Sim.Risk.Reporting;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// <c>healthledger risk</c>: the analytic failure risk of a validator configuration (docs/risk-model.md), its
/// tolerance boundary, the seed's 3.5 claims checked for it, and optionally the real protocol measured over seeds in
/// the simulator (--trials) and a Monte Carlo check of the model (--model-trials).
/// </summary>
internal static class RiskCommand
{
    public static Command Create()
    {
        // Every value is read as text and validated by RiskArguments, so that any bad argument exits with
        // Program.ExitBadInput and a message naming the option, rather than with the parser's generic exit code 1.
        var groups = TextOptions.Create("--groups", "Validators per group: generators,receivers,monitors, e.g. 7,7,7.");
        var weights = TextOptions.Create("--weights", "Voting weight per group, e.g. 1,1,1 (default) or 2,1,1/2.");
        var policy = TextOptions.Create("--policy", "Quorum policy: flat, weighted or groups.");
        var quorum = TextOptions.Create("--quorum", "flat/weighted: the inclusive share a quorum needs (default 0.8).");
        var k = TextOptions.Create("--k", "groups: how many of the 3 groups must reach their share (default 2).");
        var groupQuorum = TextOptions.Create("--group-quorum", "groups: the inclusive share within a group (default 0.67).");
        var p = TextOptions.Create("--p", "Each validator is compromised independently with this probability.");
        var compromised = TextOptions.Create("--compromised", "Exactly this many compromised per group, e.g. 3,0,0.");
        var compromisedTotal = TextOptions.Create("--compromised-total", "Exactly this many compromised, placed uniformly at random.");
        var fault = TextOptions.Create("--fault", "What compromised validators do: byzantine (default) or crash.");
        var trials = TextOptions.Create("--trials", "Trials of the real protocol in the simulator, on every core: the measured figure with 95% CIs (default 0: none).");
        var modelTrials = TextOptions.Create("--model-trials", "Monte Carlo trials sampling the analytic model, a check of its sums (default 0: none).");
        var seed = TextOptions.Create("--seed", $"Seed of the sampler (default {RiskArguments.DefaultSeed}).");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };

        var command = new Command("risk", "Failure risk of a validator configuration: can safety or liveness break, how likely, and where the tolerance ends.")
        {
            groups, weights, policy, quorum, k, groupQuorum, p, compromised, compromisedTotal, fault, trials, modelTrials, seed, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.UnmatchedTokens.Count > 0)
            {
                error.WriteLine($"healthledger risk: {parseResult.UnmatchedTokens[0]}: unknown option or stray value (see healthledger risk --help).");
                return Program.ExitBadInput;
            }
            var problems = new List<string>();
            var arguments = new RiskArguments
            {
                Groups = TextOptions.Single(parseResult, groups, problems),
                Weights = TextOptions.Single(parseResult, weights, problems),
                Policy = TextOptions.Single(parseResult, policy, problems),
                Quorum = TextOptions.Single(parseResult, quorum, problems),
                K = TextOptions.Single(parseResult, k, problems),
                GroupQuorum = TextOptions.Single(parseResult, groupQuorum, problems),
                P = TextOptions.Single(parseResult, p, problems),
                Compromised = TextOptions.Single(parseResult, compromised, problems),
                CompromisedTotal = TextOptions.Single(parseResult, compromisedTotal, problems),
                Fault = TextOptions.Single(parseResult, fault, problems),
                Trials = TextOptions.Single(parseResult, trials, problems),
                ModelTrials = TextOptions.Single(parseResult, modelTrials, problems),
                Seed = TextOptions.Single(parseResult, seed, problems),
            };
            if (problems.Count > 0)
            {
                error.WriteLine($"healthledger risk: {problems[0]}");
                return Program.ExitBadInput;
            }
            var parsed = arguments.Parse();
            if (parsed.Error is { } problem)
            {
                error.WriteLine($"healthledger risk: {problem}");
                return Program.ExitBadInput;
            }
            var report = RiskReport.Compute(parsed.Request!);
            if (parseResult.GetValue(json)) output.WriteLine(RiskReportJson.Serialize(report));
            else RiskReportText.Write(report, output);
            return 0;
        });
        return command;
    }
}
