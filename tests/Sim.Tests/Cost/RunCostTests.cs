using System.Text.Json.Nodes;
using HealthLedger.Sim.Cost;
using HealthLedger.Sim.Cost.Reporting;
using HealthLedger.Sim.Reports;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Sim.Risk.Reporting;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Tests.Simulation;

namespace HealthLedger.Sim.Tests.Cost;

/// <summary>The cost section of a run report: its numbers recomputed by hand from the measured resources and prices.</summary>
public sealed class RunCostTests
{
    private static readonly Scenario Scenario = SmallScenarios.Lan() with
    {
        Cost = new CostSpec
        {
            PeriodDays = 7,
            LightNodes = 100,
            Prices = new PricesSpec { PerCpuSecond = 2e-5, PerStoredBytePerPeriod = 3e-11, PerNetworkByte = 4e-11, PerFullNodePerPeriod = 12, PerLightNodePerPeriod = 0.01 },
            CostOfFailurePerRecord = 250,
            CompromiseProbabilityPerPeriod = 0.05,
        },
    };

    [Fact]
    public void The_section_follows_from_the_measured_resources_and_the_prices()
    {
        var result = new HealthLedger.Sim.Simulation.Simulation(Scenario).Run();
        var cost = RunCost.For(Scenario, result);
        Assert.Null(cost.Unavailable);
        var m = cost.Measured;
        var r = cost.Result!;
        var prices = Scenario.Cost.Prices;
        double k = 7 * 86_400 / Scenario.DurationSec;

        int full = Scenario.NodeCount, light = 100;
        double cpuFull = result.Nodes.Average(n => n.CpuUs / 1e6) * k;
        double storageFull = m.GenesisStateBytes + (m.BlockLogBytesPerFullNode + m.StateBytesPerFullNode - m.GenesisStateBytes) * k;
        double networkFull = result.Nodes.Average(n => (double)(n.BytesSent + n.BytesReceived)) * k;
        double storageLight = (m.HeaderBytesPerLightNode + m.ProofBytesPerLightNode) * k;
        double normal = full * (prices.PerFullNodePerPeriod + cpuFull * prices.PerCpuSecond + storageFull * prices.PerStoredBytePerPeriod + networkFull * prices.PerNetworkByte)
                        + light * (prices.PerLightNodePerPeriod + m.CpuSecondsPerLightNode * k * prices.PerCpuSecond
                                   + storageLight * prices.PerStoredBytePerPeriod + m.BytesReceivedPerLightNode * k * prices.PerNetworkByte);
        Assert.Equal(normal, r.Ledger.NormalCostPerPeriod, 1e-9 * normal);

        double records = m.RecordsRegistered * k;
        Assert.Equal(records, r.RecordsExposed, 1e-6);
        double failureCost = 250 * records;
        double ledgerRisk = new IndependentCompromise(0.05).FailureProbabilities(RunRisk.ModelOf(Scenario)!).Safety.Value;
        Assert.Equal(ledgerRisk, r.Ledger.FailureProbabilityPerPeriod);
        Assert.Equal(ledgerRisk * failureCost + (1 - ledgerRisk) * normal, r.Ledger.ExpectedCostPerPeriod, 1e-9 * failureCost);

        // The derived baseline: two servers, each verifying and applying every transaction, with the log and the state.
        var cpu = Scenario.Cpu;
        double txs = m.ValidatedTransactions * k, bytes = m.TransactionBytes * k;
        double serverCpu = (txs * (cpu.MessageUs + cpu.VerifyUs + cpu.ApplyUsPerTx) + bytes / 1024 * cpu.HashUsPerKiB) / 1e6;
        double serverStorage = m.GenesisStateBytes + (m.StateBytesPerFullNode - m.GenesisStateBytes + m.TransactionBytes) * k;
        double centralizedNormal = 2 * (12 + serverCpu * 2e-5 + serverStorage * 3e-11 + bytes * 4e-11);
        Assert.Equal(centralizedNormal, r.Centralized.NormalCostPerPeriod, 1e-9 * centralizedNormal);
        double centralizedRisk = 1 - 0.95 * 0.95;
        Assert.Equal(centralizedRisk * failureCost + (1 - centralizedRisk) * centralizedNormal, r.Centralized.ExpectedCostPerPeriod, 1e-9 * failureCost);
    }

    [Fact]
    public void Run_json_summary_and_the_cost_files_carry_the_section()
    {
        string dir = Directory.CreateTempSubdirectory("hl-cost-").FullName;
        try
        {
            var result = new HealthLedger.Sim.Simulation.Simulation(Scenario).Run();
            var document = RunReport.Write(dir, Scenario, Scenario.Seed, "test", result);
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run.json")))!;
            var ledger = json["Cost"]!["Result"]!["Ledger"]!;
            Assert.Equal(document.Cost!.Result!.Ledger.ExpectedCostPerPeriod, ledger["ExpectedCostPerPeriod"]!.GetValue<double>());
            Assert.Equal(7, json["Scenario"]!["Cost"]!["PeriodDays"]!.GetValue<double>());

            string summary = File.ReadAllText(Path.Combine(dir, "summary.md"));
            Assert.Contains("## Cost per 7-day period", summary);
            Assert.Contains("break-even p", summary);

            var rows = CsvReport.Parse<CostRow>(File.ReadAllText(Path.Combine(dir, "cost.csv")));
            Assert.Equal(["ledger/full", "ledger/light", "centralized/server"], rows.Select(x => $"{x.System}/{x.Nodes}"));
            Assert.Equal(document.Cost.Result.Ledger.NormalCostPerPeriod, rows.Where(x => x.System == "ledger").Sum(x => x.NormalCost), 1e-9);
            var curve = CsvReport.Parse<CostCurveRow>(File.ReadAllText(Path.Combine(dir, "cost-curve.csv")));
            Assert.Equal(1.0, curve[^1].P, 1e-12);
            Assert.All(curve.Zip(curve.Skip(1)), pair => Assert.True(pair.Second.LedgerFailureProbability >= pair.First.LedgerFailureProbability));

            string svg = File.ReadAllText(Path.Combine(dir, "cost.svg"));
            Assert.Contains("break-even p = ", svg);
            Assert.Contains("scenario p = 0.05", svg);
            Assert.Contains("ledger", File.ReadAllText(Path.Combine(dir, "cost-failure.svg")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Without_a_model_or_a_given_risk_the_section_says_why()
    {
        // A group without validators is outside the analytic model (docs/risk-model.md).
        var scenario = SmallScenarios.Lan(generators: 3, receivers: 1, monitors: 0);
        var measured = new MeasuredResources(10, 4, 48, 5, 100, 40, 30_000, 1_000, 0.5, 31_000, 11_000, 200_000, 100_000, 580, 3_500, 0.001, 4_080, "test");
        var (inputs, problem) = RunCost.InputsFor(scenario, measured);
        Assert.Null(inputs);
        Assert.Contains("ledgerFailureProbabilityPerPeriod", problem);
        var given = scenario with { Cost = new CostSpec { LedgerFailureProbabilityPerPeriod = 1e-6 } };
        Assert.Equal(1e-6, CostAnalysis.Compute(RunCost.InputsFor(given, measured).Inputs!).Ledger.FailureProbabilityPerPeriod);
    }

    [Theory]
    [InlineData("{ \"cost\": { \"periodDays\": 0 } }", "cost.periodDays")]
    [InlineData("{ \"cost\": { \"fullNodes\": -1 } }", "cost.fullNodes")]
    [InlineData("{ \"cost\": { \"prices\": { \"perCpuSecond\": -1 } } }", "cost.prices.perCpuSecond")]
    [InlineData("{ \"cost\": { \"prices\": { \"perGigabyte\": 1 } } }", "cost.prices.perGigabyte")]
    [InlineData("{ \"cost\": { \"costOfFailurePerRecord\": -5 } }", "cost.costOfFailurePerRecord")]
    [InlineData("{ \"cost\": { \"recordsExposed\": -5 } }", "cost.recordsExposed")]
    [InlineData("{ \"cost\": { \"compromiseProbabilityPerPeriod\": 1.5 } }", "cost.compromiseProbabilityPerPeriod")]
    [InlineData("{ \"cost\": { \"ledgerFailure\": \"both\" } }", "cost.ledgerFailure")]
    [InlineData("{ \"cost\": { \"ledgerFailureProbabilityPerPeriod\": -0.1 } }", "cost.ledgerFailureProbabilityPerPeriod")]
    [InlineData("{ \"cost\": { \"centralized\": { \"servers\": 0 } } }", "cost.centralized.servers")]
    [InlineData("{ \"cost\": { \"centralized\": { \"failureProbabilityPerPeriod\": 2 } } }", "cost.centralized.failureProbabilityPerPeriod")]
    [InlineData("{ \"cost\": { \"centralized\": { \"normalCostPerPeriod\": \"cheap\" } } }", "cost.centralized.normalCostPerPeriod")]
    public void Bad_cost_blocks_are_rejected_naming_the_field(string json, string field)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "test.json"));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void A_cost_block_is_optional_and_read_in_camel_case()
    {
        Assert.Equal(new CostSpec(), ScenarioLoader.Parse("{}").Cost);
        var s = ScenarioLoader.Parse("{ \"cost\": { \"periodDays\": 365, \"prices\": { \"perFullNodePerPeriod\": 600 }, \"centralized\": { \"normalCostPerPeriod\": 1000 } } }");
        Assert.Equal((365, 600, 1000.0), (s.Cost.PeriodDays, s.Cost.Prices.PerFullNodePerPeriod, s.Cost.Centralized.NormalCostPerPeriod));
    }
}
