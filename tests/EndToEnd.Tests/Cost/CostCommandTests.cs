using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HealthLedger.Bench;

namespace HealthLedger.EndToEnd.Tests.Cost;

/// <summary><c>healthledger cost</c> through the real entry point (console redirected, hence the shared collection).</summary>
[Collection("console")]
public sealed class CostCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => Cli.Run(["cost", .. args]);

    private static readonly string[] Explicit =
    [
        "--full-nodes", "21", "--cpu-seconds-per-full-node", "5000", "--storage-bytes-per-full-node", "1e11", "--network-bytes-per-full-node", "3e11",
        "--groups", "7,7,7", "--policy", "groups", "--p", "0.05", "--records", "1000000", "--centralized-cost", "200",
    ];

    [Fact]
    public void Json_output_is_one_object_with_the_promised_fields()
    {
        var (exitCode, output, error) = Run([.. Explicit, "--json"]);
        Assert.True(exitCode == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();
        // 21 × (50 + 5000 × 1.2e-5 + 1e11 × 1e-10 + 3e11 × 5e-11) at the default prices.
        Assert.Equal(21 * (50 + 0.06 + 10 + 15), json["ledgerNormalCostPerPeriod"]!.GetValue<double>(), 1e-6);
        Assert.Equal(200, json["centralizedNormalCostPerPeriod"]!.GetValue<double>());
        Assert.Equal(1 - 0.95 * 0.95, json["centralizedFailureProbabilityPerPeriod"]!.GetValue<double>(), 1e-12);
        double r = json["ledgerFailureProbabilityPerPeriod"]!.GetValue<double>();
        Assert.InRange(r, 1e-4, 0.05);
        Assert.Equal(r * 4e8 + (1 - r) * 1576.26, json["ledgerExpectedCostPerPeriod"]!.GetValue<double>(), 1e-3);
        Assert.NotNull(json["centralizedExpectedCostPerPeriod"]);
        var breakEven = json["breakEven"]!;
        Assert.NotNull(breakEven["compromiseProbability"]);
        Assert.NotNull(breakEven["costOfFailurePerRecord"]);
        Assert.NotNull(breakEven["ledgerFailureProbability"]);
        Assert.Equal(2, breakEven["compromiseProbabilities"]!.AsArray().Count);
    }

    [Fact]
    public void Text_output_and_charts_are_written()
    {
        string dir = Directory.CreateTempSubdirectory("hl-cost-cli-").FullName;
        try
        {
            var (exitCode, output, error) = Run([.. Explicit, "--out", dir]);
            Assert.True(exitCode == 0, error);
            Assert.Contains("expected cost per period", output);
            Assert.Contains("break-even p:", output);
            foreach (var file in new[] { "cost.json", "cost.csv", "cost-curve.csv", "cost.svg", "cost-failure.svg" })
                Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--full-nodes", "x")]
    [InlineData("--full-nodes", "7", "--records", "10")]
    [InlineData("--full-nodes", "7", "--records", "10", "--centralized-cost", "5", "--groups", "7,7,7", "--policy", "groups", "--p", "1.5")]
    [InlineData("--full-nodes", "7", "--full-nodes", "8")]
    [InlineData("--price-cpu-second")]
    [InlineData("--no-such-option")]
    [InlineData("--scenario", "does-not-exist.json")]
    [InlineData("--scenario", "bench/scenarios/baseline.json", "--groups", "7,7,7")]
    public void Bad_arguments_exit_with_code_2_and_name_the_option(params string[] args)
    {
        var (exitCode, _, error) = Run(args);
        Assert.Equal(Program.ExitBadInput, exitCode);
        Assert.Matches("healthledger cost: --?[a-z-]+", error);
    }

    [Fact]
    public void A_scenario_is_run_and_priced_deterministically()
    {
        string dir = Directory.CreateTempSubdirectory("hl-cost-scn-").FullName;
        try
        {
            string scenario = Path.Combine(dir, "small.json");
            File.WriteAllText(scenario, """
                { "name": "cost-small", "seed": 3, "durationSec": 4, "drainSec": 4,
                  "validators": { "generators": 2, "receivers": 1, "monitors": 1 },
                  "network": { "latency": { "distribution": "uniform", "minMs": 2, "maxMs": 15 } },
                  "workload": { "arrivals": [ { "kind": "poisson", "ratePerSec": 10 } ], "patients": 20, "providers": 4, "insurers": 1 },
                  "cost": { "periodDays": 10, "centralized": { "servers": 3 } } }
                """);
            var a = RunCommandTests.Healthledger("cost", "--scenario", scenario, "--p", "0.1", "--json", "--out", Path.Combine(dir, "a"));
            var b = RunCommandTests.Healthledger("cost", "--scenario", scenario, "--p", "0.1", "--json", "--out", Path.Combine(dir, "b"));
            Assert.True(a.ExitCode == 0, a.Stdout + a.Stderr);
            Assert.Equal(a.Stdout, b.Stdout);
            var json = JsonNode.Parse(a.Stdout)!;
            Assert.Equal(10, json["periodDays"]!.GetValue<double>());
            Assert.Equal(4, json["measured"]!["validators"]!.GetValue<int>());
            Assert.Equal(1 - Math.Pow(0.9, 3), json["centralizedFailureProbabilityPerPeriod"]!.GetValue<double>(), 1e-12);
            foreach (var file in new[] { "cost.json", "cost.csv", "cost-curve.csv", "cost.svg", "cost-failure.svg" })
                Assert.Equal(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "a", file))), SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "b", file))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
