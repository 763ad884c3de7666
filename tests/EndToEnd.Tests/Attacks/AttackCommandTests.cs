using System.Text.Json.Nodes;

namespace HealthLedger.EndToEnd.Tests.Attacks;

/// <summary><c>healthledger attack</c> and the attack sections of <c>run</c> and <c>risk</c>, in separate processes.</summary>
public class AttackCommandTests
{
    private static string Attack(string name) => Path.Combine("bench", "scenarios", "attacks", name);

    [Fact]
    public void Off_chain_attack_file_exits_0_when_every_case_is_as_promised()
    {
        var (exit, stdout, _) = RunCommandTests.Healthledger("attack", Attack("forged-uploads.json"));
        Assert.Equal(0, exit);
        Assert.Equal(5, stdout.Split('\n').Count(l => l.Contains("expected blocked  actual blocked") && l.Contains(" ok ")));
    }

    [Fact]
    public void Consensus_attack_file_runs_as_a_scenario_and_reports_the_analytic_risk()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hl-attack-e2e-" + Environment.ProcessId);
        var (exit, stdout, stderr) = RunCommandTests.Healthledger("attack", Attack("takeover-groups-equivocate-beyond.json"), "--out", dir, "--quiet");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("agreement  expected breaks actual breaks ok", stdout);
        var risk = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run.json")))!["Risk"]!;
        Assert.True(risk["ByzantineSafetyCanBreak"]!.GetValue<bool>());
        Assert.Equal(2, risk["Byzantine"]![1]!.GetValue<int>());
        Assert.Contains("Analytic risk of this configuration", File.ReadAllText(Path.Combine(dir, "summary.md")));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Bad_attack_file_exits_2()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hl-bad-attack-{Environment.ProcessId}.json");
        File.WriteAllText(path, """{ "name": "x", "offChain": { "cases": [ { "attack": "teleport", "expect": "blocked" } ] } }""");
        var (exit, stdout, _) = RunCommandTests.Healthledger("attack", path);
        Assert.Equal(2, exit);
        Assert.Contains("offChain.cases[0].attack", stdout);
        File.Delete(path);
    }

    [Fact]
    public void Risk_with_trials_reports_the_measured_protocol_next_to_the_model()
    {
        var (exit, stdout, _) = RunCommandTests.Healthledger("risk", "--groups", "3,2,2", "--policy", "flat", "--compromised", "0,0,2",
            "--fault", "crash", "--model-trials", "100", "--trials", "4", "--json");
        Assert.Equal(0, exit);
        var json = JsonNode.Parse(stdout)!;
        Assert.NotNull(json["sampledModel"]);
        var measured = json["measured"]!;
        Assert.Equal(4, measured["trials"]!.GetValue<long>());
        Assert.Equal(1.0, measured["livenessFailureProbability"]!.GetValue<double>()); // 5 of 7 up < 80%: halts every time
        Assert.Equal(0.0, measured["safetyFailureProbability"]!.GetValue<double>());
        Assert.Equal(2, measured["livenessConfidenceInterval95"]!.AsArray().Count);
    }
}
