using System.Text.Json.Nodes;
using HealthLedger.Bench;

namespace HealthLedger.EndToEnd.Tests.Risk;

/// <summary>
/// <c>healthledger risk</c> through the real entry point. Console output is redirected, so these tests run in one
/// collection that nothing else writing to the console shares.
/// </summary>
[Collection("console")]
public sealed class RiskCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => Cli.Run(["risk", .. args]);

    [Fact]
    public void Json_output_is_one_object_with_the_promised_fields()
    {
        var (exitCode, output, _) = Run("--groups", "7,7,7", "--policy", "groups", "--p", "0.1", "--model-trials", "500", "--seed", "9", "--json");
        Assert.Equal(0, exitCode);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(0.0751113, json["safetyFailureProbability"]!.GetValue<double>(), 1e-6);
        Assert.NotNull(json["livenessFailureProbability"]);
        Assert.NotNull(json["sampledModel"]!["safetyConfidenceInterval95"]);
        Assert.NotNull(json["sampledModel"]!["livenessConfidenceInterval95"]);
    }

    [Theory]
    [InlineData("--groups", "7,7", "--policy", "flat", "--p", "0.1")]
    [InlineData("--groups", "7,7,7", "--policy", "flat", "--p", "0.1", "--p", "0.2")]
    [InlineData("--groups", "7,7,7", "--policy", "flat", "--p")]
    [InlineData("--groups", "7,7,7", "--policy", "flat", "--p", "0.1", "--trials", "many")]
    [InlineData("--groups", "7,7,7", "--policy", "flat", "--p", "0.1", "--model-trials", "many")]
    [InlineData("--groups", "7,7,7", "--policy", "flat", "--p", "0.1", "--measured-trials", "4")]
    [InlineData("--groups", "7,7,7", "--policy", "flat", "--p", "0.1", "--no-such-option")]
    [InlineData("--groups", "7,7,7", "--policy", "groups", "--compromised", "3,0,9")]
    public void Bad_arguments_exit_with_code_2_and_name_the_option(params string[] args)
    {
        var (exitCode, _, error) = Run(args);
        Assert.Equal(Program.ExitBadInput, exitCode);
        Assert.Matches("healthledger risk: --?[a-z-]+", error);
    }

    [Fact]
    public void Text_output_reports_the_seed_claims()
    {
        var (exitCode, output, _) = Run("--groups", "7,7,7", "--policy", "groups", "--compromised", "3,0,0");
        Assert.Equal(0, exitCode);
        Assert.Contains("Safety can break:   yes", output);
        Assert.Contains("Seed 3.5 claims", output);
    }
}
