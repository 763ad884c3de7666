using HealthLedger.Sim.Cost.Reporting;

namespace HealthLedger.Sim.Tests.Cost;

/// <summary>Validation of <c>healthledger cost</c>'s arguments: every rejection names its option.</summary>
public sealed class CostArgumentsTests
{
    private static readonly CostArguments Explicit = new()
    {
        FullNodes = "21", Records = "1000000", CentralizedCost = "200", Groups = "7,7,7", Policy = "groups", CpuSecondsPerFullNode = "5000",
    };

    private static readonly CostArguments WithScenario = new() { Scenario = "bench/scenarios/baseline.json" };

    [Fact]
    public void Explicit_arguments_become_inputs_with_the_defaults_filled_in()
    {
        var request = Explicit.Parse().Request!;
        var inputs = request.Inputs!;
        Assert.Null(request.Scenario);
        Assert.Equal((21, 0, 5000.0), (inputs.Ledger.FullNodes, inputs.Ledger.LightNodes, inputs.Ledger.CpuSecondsPerFullNode));
        Assert.Equal((0.01, 400.0, 1e6, 200.0), (inputs.CompromiseProbability, inputs.CostOfFailurePerRecord, inputs.RecordsExposed, inputs.CentralizedNormalCost!.Value));
        Assert.NotNull(inputs.Risk.Model);
        var given = (Explicit with { Groups = null, Policy = null, LedgerRisk = "0.001", P = "0.2" }).Parse().Request!.Inputs!;
        Assert.Equal(0.001, given.Risk.At(0.2));
    }

    [Fact]
    public void Scenario_arguments_override_the_cost_block()
    {
        var request = (WithScenario with { PriceFullNode = "80", P = "0.2", Servers = "3", Seed = "5" }).Parse().Request!;
        Assert.Equal(5UL, request.Seed);
        var spec = request.Override(new HealthLedger.Sim.Cost.CostSpec());
        Assert.Equal((80.0, 0.2, 3), (spec.Prices.PerFullNodePerPeriod, spec.CompromiseProbabilityPerPeriod, spec.Centralized.Servers));
        Assert.Equal(400, spec.CostOfFailurePerRecord);
    }

    public static TheoryData<CostArguments, string> Rejected => new()
    {
        { Explicit with { FullNodes = null }, "--full-nodes" },
        { Explicit with { FullNodes = "-3" }, "--full-nodes" },
        { Explicit with { FullNodes = "many" }, "--full-nodes" },
        { Explicit with { Records = null }, "--records" },
        { Explicit with { CentralizedCost = null }, "--centralized-cost" },
        { Explicit with { Groups = null }, "--groups" },
        { Explicit with { Groups = "7,7" }, "--groups" },
        { Explicit with { Policy = "majority" }, "--policy" },
        { Explicit with { LedgerRisk = "0.1" }, "--groups" },
        { Explicit with { LedgerRisk = "1.5" }, "--ledger-risk" },
        { Explicit with { P = "2" }, "--p" },
        { Explicit with { P = "NaN" }, "--p" },
        { Explicit with { CentralizedRisk = "-0.1" }, "--centralized-risk" },
        { Explicit with { PriceCpuSecond = "-1" }, "--price-cpu-second" },
        { Explicit with { PriceStoredByte = "Infinity" }, "--price-stored-byte" },
        { Explicit with { StorageBytesPerFullNode = "x" }, "--storage-bytes-per-full-node" },
        { Explicit with { PeriodDays = "0" }, "--period-days" },
        { Explicit with { Servers = "0" }, "--servers" },
        { Explicit with { LedgerFailure = "both" }, "--ledger-failure" },
        { Explicit with { Seed = "3" }, "--seed" },
        { WithScenario with { Groups = "7,7,7" }, "--groups" },
        { WithScenario with { CpuSecondsPerFullNode = "1" }, "--cpu-seconds-per-full-node" },
        { WithScenario with { Seed = "-1" }, "--seed" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Bad_arguments_are_rejected_naming_the_option(CostArguments arguments, string option)
    {
        var result = arguments.Parse();
        Assert.Null(result.Request);
        Assert.Equal(option, result.Error!.Option);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }
}
