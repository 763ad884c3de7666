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
            StorageBytesPerFullNode: 1e9, StorageBytesPerLightNode: 1e6, NetworkBytesPerFullNode: 1e8, NetworkBytesPerLightNode: 1e5);
        var prices = new UnitPrices(PerCpuSecond: 0.01, PerStoredBytePerPeriod: 1e-9, PerNetworkByte: 1e-10, PerFullNodePerPeriod: 5, PerLightNodePerPeriod: 0.5);
        // Pinned by hand: 2 × 5 + 10 × 0.5 fixed; 2 × 100 + 10 × 1 CPU seconds; 2e9 + 1e7 bytes stored; 2e8 + 1e6 bytes moved.
        Assert.Equal(15 + 2.1 + 2.01 + 0.0201, ResourceCost.NormalCostPerPeriod(usage, prices), 1e-9);
        var parts = ResourceCost.Breakdown(usage, prices);
        Assert.Equal((15, 2.1, 2.01, 0.0201), (parts.Fixed, Math.Round(parts.Cpu, 12), Math.Round(parts.Storage, 12), Math.Round(parts.Network, 12)));
        Assert.Equal(10 + 2 + 2 + 0.02, parts.FullNodes, 1e-9);
        Assert.Equal(5 + 0.1 + 0.01 + 0.0001, parts.LightNodes, 1e-9);
        Assert.Equal(parts.Total, parts.FullNodes + parts.LightNodes, 1e-9);
        Assert.NotNull((usage with { CpuSecondsPerFullNode = -1 }).Validate());
        Assert.NotNull((prices with { PerNetworkByte = double.PositiveInfinity }).Validate());
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
