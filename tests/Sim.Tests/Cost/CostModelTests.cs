using HealthLedger.Sim.Cost;
using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Probability;

namespace HealthLedger.Sim.Tests.Cost;

public sealed class CostModelTests
{
    [Fact]
    public void Expected_cost_follows_the_seed_formula()
    {
        var system = new SystemCost("ledger", NormalCostPerPeriod: 100, FailureProbabilityPerPeriod: 0.01, CostOfFailure: 1_000_000);
        Assert.Equal(0.01 * 1_000_000 + 0.99 * 100, system.ExpectedCostPerPeriod, 1e-9);
        Assert.Equal(12 * system.ExpectedCostPerPeriod, system.ExpectedCostOver(12), 1e-9);
        Assert.Null(system.Validate());
        Assert.NotNull(system.WithFailureProbability(1.5).Validate());
    }

    [Fact]
    public void Normal_cost_prices_every_resource()
    {
        var usage = new ResourceUsage(FullNodes: 2, LightNodes: 10, CpuSecondsPerFullNode: 100, CpuSecondsPerLightNode: 1,
            StorageBytesPerFullNode: 1e9, StorageBytesPerLightNode: 1e6, NetworkBytesPerNode: 1e8);
        var prices = new UnitPrices(PerCpuSecond: 0.01, PerStoredBytePerPeriod: 1e-9, PerNetworkByte: 1e-10, PerNodePerPeriod: 5);
        double expected = 12 * 5 + (200 + 10) * 0.01 + (2e9 + 1e7) * 1e-9 + 12 * 1e8 * 1e-10;
        Assert.Equal(expected, ResourceCost.NormalCostPerPeriod(usage, prices), 1e-9);
    }

    [Fact]
    public void Break_even_points_balance_the_two_costs()
    {
        var ledger = new SystemCost("ledger", 300, 1e-6, 1e6);
        var centralized = new SystemCost("centralized", 100, 1e-3, 1e6);
        var comparison = new CostComparison(ledger, centralized);

        double risk = comparison.LedgerRiskAtBreakEven()!.Value;
        Assert.Equal(centralized.ExpectedCostPerPeriod, ledger.WithFailureProbability(risk).ExpectedCostPerPeriod, 1e-6);

        double costOfFailure = comparison.CostOfFailureAtBreakEven()!.Value;
        var atBreakEven = new CostComparison(ledger with { CostOfFailure = costOfFailure }, centralized with { CostOfFailure = costOfFailure });
        Assert.Equal(0, atBreakEven.LedgerSavingPerPeriod, 1e-6);
        Assert.InRange(costOfFailure, 200_000, 201_000); // about (N_L - N_C) / (r_C - r_L) = 200 / 0.000999
        Assert.True(comparison.LedgerSavingPerPeriod > 0);
    }

    [Fact]
    public void Break_even_compromise_probability_uses_the_risk_model()
    {
        var model = new RiskModel(new RiskConfiguration(new GroupCounts(7, 7, 7), GroupWeights.Equal,
            new GroupsPolicy(2, Rational.Parse("0.67")), FaultModel.Byzantine));
        double RiskOf(double p) => new IndependentCompromise(p).FailureProbabilities(model).Safety.Value;
        var comparison = new CostComparison(new SystemCost("ledger", 300, 0, 1e6), new SystemCost("centralized", 100, 1e-3, 1e6));
        double p = comparison.CompromiseProbabilityAtBreakEven(RiskOf, tolerance: 1e-7)!.Value;
        double gap = comparison.Ledger.WithFailureProbability(RiskOf(p)).ExpectedCostPerPeriod - comparison.Centralized.ExpectedCostPerPeriod;
        Assert.InRange(gap, -0.5, 0.5);
        Assert.InRange(p, 0.001, 0.2);
    }

    [Fact]
    public void No_break_even_when_one_system_is_always_cheaper()
    {
        var comparison = new CostComparison(new SystemCost("ledger", 50, 0, 10), new SystemCost("centralized", 100, 0.5, 1e6));
        Assert.Null(comparison.LedgerRiskAtBreakEven());
        Assert.Null(comparison.CompromiseProbabilityAtBreakEven(_ => 0.5));
    }
}
