using System.CommandLine;
using HealthLedger.Sim.Cost;
using HealthLedger.Sim.Cost.Reporting;
using HealthLedger.Sim.Reports;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// <c>healthledger cost</c>: the seed's expected cost per period of the ledger against a centralized baseline, with
/// the break-even points (docs/cost-model.md). <c>--scenario FILE</c> runs the scenario and prices what it measured;
/// otherwise the resources, prices and risks come from options. Exit 0, or <see cref="Program.ExitBadInput"/> with a
/// message naming the option.
/// </summary>
internal static class CostCommand
{
    private static readonly (string Name, string Description)[] Texts =
    [
        ("--scenario", "Scenario to run; its measured resources and its cost block are used (other options override the block)."),
        ("--seed", "Root seed of the scenario run (overrides the scenario's)."),
        ("--period-days", "Length of the period, days (default 30)."),
        ("--full-nodes", "Full nodes (default with --scenario: its validators; required without)."),
        ("--light-nodes", "Light nodes (default with --scenario: its participants; otherwise 0)."),
        ("--cpu-seconds-per-full-node", "Without --scenario: CPU seconds one full node uses per period."),
        ("--cpu-seconds-per-light-node", "Without --scenario: CPU seconds one light node uses per period."),
        ("--storage-bytes-per-full-node", "Without --scenario: bytes one full node stores."),
        ("--storage-bytes-per-light-node", "Without --scenario: bytes one light node stores."),
        ("--network-bytes-per-full-node", "Without --scenario: bytes one full node sends plus receives per period."),
        ("--network-bytes-per-light-node", "Without --scenario: bytes one light node sends plus receives per period."),
        ("--price-cpu-second", "Price of one CPU second (default 1.2e-5)."),
        ("--price-stored-byte", "Price of storing one byte for a period (default 1e-10)."),
        ("--price-network-byte", "Price of one byte sent or received (default 5e-11)."),
        ("--price-full-node", "Fixed price of a full node or server per period (default 50)."),
        ("--price-light-node", "Fixed price of a light node per period (default 0)."),
        ("--cost-per-record", "Cost of failure per exposed record (default 400)."),
        ("--records", "Records a failure exposes (default with --scenario: records registered per period; required without)."),
        ("--p", "Per-machine compromise probability per period (default 0.01)."),
        ("--ledger-failure", "The ledger failure that costs: safety (default) or liveness."),
        ("--ledger-risk", "The ledger's failure probability per period, given instead of modelled."),
        ("--groups", "Without --scenario: validators per group, e.g. 7,7,7 (as for healthledger risk)."),
        ("--weights", "Without --scenario: group weights, e.g. 1,1,1."),
        ("--policy", "Without --scenario: flat, weighted or groups."),
        ("--quorum", "Without --scenario: flat/weighted share (default 0.8)."),
        ("--k", "Without --scenario: groups needed (default 2)."),
        ("--group-quorum", "Without --scenario: share within a group (default 0.67)."),
        ("--servers", "Centralized baseline servers: primary and standbys (default 2)."),
        ("--centralized-cost", "Centralized normal cost per period (default with --scenario: derived; required without)."),
        ("--centralized-risk", "Centralized failure probability per period (default: 1 - (1 - p)^servers)."),
        ("--out", "Also write cost.json, cost.csv, cost-curve.csv, cost.svg and cost-failure.svg to this directory."),
    ];

    public static Command Create()
    {
        // Read as text and validated by CostArguments, so that every bad argument exits with Program.ExitBadInput
        // and a message naming the option (TextOptions).
        var options = Texts.ToDictionary(t => t.Name, t => TextOptions.Create(t.Name, t.Description));
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("cost", "Expected cost per period of the ledger against a centralized baseline (seed section 1), with break-even points and charts.");
        foreach (var option in options.Values) command.Options.Add(option);
        command.Options.Add(json);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.UnmatchedTokens.Count > 0)
            {
                error.WriteLine($"healthledger cost: {parseResult.UnmatchedTokens[0]}: unknown option or stray value (see healthledger cost --help).");
                return Program.ExitBadInput;
            }
            var problems = new List<string>();
            string? V(string name) => TextOptions.Single(parseResult, options[name], problems);
            var arguments = new CostArguments
            {
                Scenario = V("--scenario"), Seed = V("--seed"), PeriodDays = V("--period-days"), FullNodes = V("--full-nodes"), LightNodes = V("--light-nodes"),
                CpuSecondsPerFullNode = V("--cpu-seconds-per-full-node"), CpuSecondsPerLightNode = V("--cpu-seconds-per-light-node"),
                StorageBytesPerFullNode = V("--storage-bytes-per-full-node"), StorageBytesPerLightNode = V("--storage-bytes-per-light-node"),
                NetworkBytesPerFullNode = V("--network-bytes-per-full-node"), NetworkBytesPerLightNode = V("--network-bytes-per-light-node"),
                PriceCpuSecond = V("--price-cpu-second"), PriceStoredByte = V("--price-stored-byte"), PriceNetworkByte = V("--price-network-byte"),
                PriceFullNode = V("--price-full-node"), PriceLightNode = V("--price-light-node"), CostPerRecord = V("--cost-per-record"),
                Records = V("--records"), P = V("--p"), LedgerFailure = V("--ledger-failure"), LedgerRisk = V("--ledger-risk"),
                Groups = V("--groups"), Weights = V("--weights"), Policy = V("--policy"), Quorum = V("--quorum"), K = V("--k"),
                GroupQuorum = V("--group-quorum"), Servers = V("--servers"), CentralizedCost = V("--centralized-cost"), CentralizedRisk = V("--centralized-risk"),
            };
            string? outDir = V("--out");
            if (problems.Count > 0)
            {
                error.WriteLine($"healthledger cost: {problems[0]}");
                return Program.ExitBadInput;
            }
            var parsed = arguments.Parse();
            if (parsed.Error is { } problem)
            {
                error.WriteLine($"healthledger cost: {problem}");
                return Program.ExitBadInput;
            }
            var request = parsed.Request!;
            CostInputs inputs;
            MeasuredResources? measured = null;
            string source, name;
            if (request.Scenario is { } path)
            {
                Scenario scenario;
                try
                {
                    scenario = ScenarioLoader.Load(path);
                }
                catch (ScenarioException e)
                {
                    error.WriteLine($"healthledger cost: --scenario: {e.Message}");
                    return Program.ExitBadInput;
                }
                scenario = scenario with { Cost = request.Override(scenario.Cost) };
                if (scenario.Problems() is { Count: > 0 } scenarioProblems)
                {
                    error.WriteLine($"healthledger cost: --scenario: {string.Join("; ", scenarioProblems)}");
                    return Program.ExitBadInput;
                }
                var simulation = new Simulation(scenario, request.Seed);
                var result = simulation.Run();
                measured = MeasuredResources.Of(scenario, result);
                var (fromScenario, unavailable) = RunCost.InputsFor(scenario, measured);
                if (fromScenario is null)
                {
                    error.WriteLine($"healthledger cost: --scenario: {unavailable}");
                    return Program.ExitBadInput;
                }
                inputs = fromScenario;
                source = $"scenario {path}, seed {simulation.Seed}";
                name = scenario.Name;
            }
            else
            {
                inputs = request.Inputs!;
                source = "arguments";
                name = "cost";
            }
            var comparison = CostAnalysis.Compute(inputs);
            var document = CostJson.Of(source, comparison, measured);
            if (parseResult.GetValue(json)) output.WriteLine(document.Serialize());
            else
            {
                output.WriteLine($"Cost comparison ({source})");
                output.WriteLine();
                CostText.Write(output, comparison, measured);
            }
            if (outDir is not null)
            {
                RunReport.WriteCost(outDir, name, inputs, comparison);
                ReportFile.WriteText(Path.Combine(outDir, "cost.json"), document.Serialize() + "\n");
                if (!parseResult.GetValue(json)) output.WriteLine($"charts and tables in {outDir}");
            }
            return 0;
        });
        return command;
    }
}
