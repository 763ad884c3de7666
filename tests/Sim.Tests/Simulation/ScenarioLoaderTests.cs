using HealthLedger.Sim.Scenarios;

namespace HealthLedger.Sim.Tests.Simulation;

public class ScenarioLoaderTests
{
    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HealthLedger.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, relative);
    }

    [Theory]
    [InlineData("bench/scenarios/baseline.json")]
    [InlineData("bench/scenarios/scale-1000.json")]
    [InlineData("bench/scenarios/loopback-4.json")]
    public void Shipped_scenarios_load(string file)
    {
        var scenario = ScenarioLoader.Load(RepoFile(file));
        Assert.Empty(scenario.Problems());
    }

    [Theory]
    [InlineData("{ \"durationSec\": -1 }", "durationSec")]
    [InlineData("{ \"validators\": { \"generators\": 0, \"receivers\": 0, \"monitors\": 0 } }", "validators")]
    [InlineData("{ \"validators\": { \"weights\": \"1:x:1\" } }", "validators.weights")]
    [InlineData("{ \"consensus\": { \"quorum\": \"majority\" } }", "consensus.quorum")]
    [InlineData("{ \"network\": { \"latency\": { \"distribution\": \"pareto\" } } }", "network.latency.distribution")]
    [InlineData("{ \"network\": { \"lossRate\": 2 } }", "network.lossRate")]
    [InlineData("{ \"network\": { \"partitions\": [ { \"startMs\": 5, \"endMs\": 1, \"side\": [0] } ] } }", "network.partitions[0]")]
    [InlineData("{ \"crypto\": \"fake\" }", "crypto")]
    [InlineData("{ \"workload\": { \"arrivals\": [ { \"kind\": \"poisson\" } ] } }", "workload.arrivals[0].ratePerSec")]
    [InlineData("{ \"faults\": { \"crashes\": [ { \"node\": 99, \"atMs\": 1 } ] } }", "faults.crashes[0].node")]
    [InlineData("{ \"expect\": { \"agreement\": \"maybe\" } }", "expect.agreement")]
    [InlineData("{ \"validators\": { \"generators\": 3, \"receivers\": 0, \"monitors\": 2 } }", "validators.receivers")]
    [InlineData("{ \"durationSecs\": 5 }", "durationSecs")]
    [InlineData("{ \"durationSec\": \"five\" }", "durationSec")]
    [InlineData("[1, 2]", "document")]
    [InlineData("{ \"cpu\": { \"clientUsPerTx\": 100 } }", "cpu.clientUsPerTx")]
    [InlineData("{ \"cpu\": { \"machineCores\": -2 } }", "cpu.machineCores")]
    [InlineData("{ \"validators\": { \"startDelaysMs\": [0, -5] } }", "validators.startDelaysMs")]
    [InlineData("{ \"workload\": { \"answeredBy\": \"everyone\" } }", "workload.answeredBy")]
    [InlineData("{ \"workload\": { \"sendTickMs\": -10 } }", "workload.sendTickMs")]
    [InlineData("{ \"workload\": { \"sendTickMs\": 5000 } }", "workload.sendTickMs")]
    [InlineData("{ \"validators\": { \"startDelaysMs\": [0, 90000] } }", "validators.startDelaysMs")]
    [InlineData("{ \"validators\": { \"generators\": 1, \"receivers\": 1, \"monitors\": 1, \"startDelaysMs\": [0, 0, 0, 10] } }", "validators.startDelaysMs")]
    [InlineData("{ \"Scenario\": { \"DurationSec\": \"five\" }, \"ScenarioHash\": \"\" }", "the run report's Scenario.DurationSec")]
    [InlineData("{ \"Scenario\": { \"DurationSec\": -1 }, \"ScenarioHash\": \"\" }", "durationSec")]
    [InlineData("{ \"Scenario\": null, \"ScenarioHash\": \"\" }", "the run report's Scenario is null")]
    public void Bad_scenarios_are_rejected_with_the_field_named(string json, string field)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "test.json"));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var s = ScenarioLoader.Parse("// a comment\n{ \"name\": \"x\", /* another */ \"durationSec\": 5, }");
        Assert.Equal("x", s.Name);
        Assert.Equal(5, s.DurationSec);
    }

    [Fact]
    public void A_shared_machine_is_read_from_the_cpu_block()
    {
        var s = ScenarioLoader.Parse("{ \"cpu\": { \"machineCores\": 2, \"clientUsPerTx\": 110.5 } }");
        Assert.Equal(2, s.Cpu.MachineCores);
        Assert.Equal(110.5, s.Cpu.ClientUsPerTx);
        Assert.Empty(s.Problems());
    }
}
