using System.Security.Cryptography;
using HealthLedger.Sim.Reports;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Sim.Tests.Simulation;

public class DeterminismTests
{
    private static Dictionary<string, string> RunToHashes(HealthLedger.Sim.Scenarios.Scenario scenario, ulong seed)
    {
        string dir = Path.Combine(Path.GetTempPath(), "hl-det-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = new HealthLedger.Sim.Simulation.Simulation(scenario, seed).Run();
            RunReport.Write(dir, scenario, seed, "test", result);
            return RunReport.Files.Where(f => f != "host.json")
                .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, f)))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Same_scenario_and_seed_give_byte_identical_reports()
    {
        var scenario = SmallScenarios.Lan();
        var first = RunToHashes(scenario, 11);
        var second = RunToHashes(scenario, 11);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_run_report_loads_as_the_scenario_and_seed_it_ran_and_runs_again_to_the_same_bytes()
    {
        var scenario = SmallScenarios.Lan();
        const ulong seed = 11;
        Assert.NotEqual(seed, scenario.Seed); // the report's seed, not the scenario's own, is the one that ran
        string dir = Path.Combine(Path.GetTempPath(), "hl-det-" + Guid.NewGuid().ToString("N"));
        try
        {
            RunReport.Write(dir, scenario, seed, "test", new HealthLedger.Sim.Simulation.Simulation(scenario, seed).Run());
            var (again, ranWith) = HealthLedger.Sim.Scenarios.ScenarioLoader.LoadWithSeed(Path.Combine(dir, "run.json"));
            Assert.Equal(seed, ranWith);
            Assert.Equal(RunToHashes(scenario, seed), RunToHashes(again, ranWith)); // run.json too: the same scenario hash
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Different_seeds_give_different_traces()
    {
        var scenario = SmallScenarios.Lan();
        var a = RunToHashes(scenario, 11);
        var b = RunToHashes(scenario, 12);
        Assert.NotEqual(a["latency.csv"], b["latency.csv"]);
        Assert.NotEqual(a["ledgers.csv"], b["ledgers.csv"]);
    }

    [Fact]
    public void A_healthy_run_validates_everything_and_every_invariant_holds()
    {
        var result = new HealthLedger.Sim.Simulation.Simulation(SmallScenarios.Lan()).Run();
        Assert.All(result.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.NotEmpty(result.Ledgers);
        Assert.All(result.Transactions, t => Assert.Equal(TxOutcome.Validated, t.Outcome));
        Assert.True(result.Latency.Count > 50);
    }
}
