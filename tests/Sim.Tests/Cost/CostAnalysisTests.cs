using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Cost;
using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Cost;

public sealed class CostAnalysisTests
{
    private static readonly RiskModel Groups777 = new(new RiskConfiguration(new GroupCounts(7, 7, 7), GroupWeights.Equal,
        new GroupsPolicy(2, Rational.Parse("0.67")), FaultModel.Byzantine));

    private static readonly RiskModel Flat322 = new(new RiskConfiguration(new GroupCounts(3, 2, 2), GroupWeights.Equal,
        new FlatPolicy(Rational.Parse("0.8")), FaultModel.Byzantine));

    private static CostInputs Inputs(RiskModel model, double fullNodeFixed, double centralizedCost, double? centralizedRisk, double records, double p = 0.01) => new(
        PeriodDays: 30,
        Ledger: new ResourceUsage(model.GroupSizes.Total, 0, 100, 0, 1e9, 0, 1e10, 0),
        Prices: new UnitPrices(1e-5, 1e-10, 5e-11, fullNodeFixed),
        CostOfFailurePerRecord: 400,
        RecordsExposed: records,
        CompromiseProbability: p,
        Risk: new LedgerRisk(model, FailureKind.Safety, null),
        Servers: 2,
        Centralized: null,
        CentralizedNormalCost: centralizedCost,
        CentralizedFailureProbability: centralizedRisk);

    [Fact]
    public void The_comparison_follows_the_seed_formula_with_the_analytic_risk()
    {
        var inputs = Inputs(Flat322, fullNodeFixed: 50, centralizedCost: 120, centralizedRisk: null, records: 1e6);
        var result = CostAnalysis.Compute(inputs);
        // Ledger normal cost by hand: 7 × (50 + 100 × 1e-5 + 1e9 × 1e-10 + 1e10 × 5e-11).
        double normal = 7 * (50 + 1e-3 + 0.1 + 0.5);
        double risk = new IndependentCompromise(0.01).FailureProbabilities(Flat322).Safety.Value;
        double failure = 400 * 1e6;
        Assert.Equal(normal, result.Ledger.NormalCostPerPeriod, 1e-9);
        Assert.Equal(risk, result.Ledger.FailureProbabilityPerPeriod);
        Assert.Equal(risk * failure + (1 - risk) * normal, result.Ledger.ExpectedCostPerPeriod, 1e-6);
        double centralizedRisk = 1 - 0.99 * 0.99;
        Assert.Equal(centralizedRisk, result.Centralized.FailureProbabilityPerPeriod, 1e-15);
        Assert.Equal(centralizedRisk * failure + (1 - centralizedRisk) * 120, result.Centralized.ExpectedCostPerPeriod, 1e-6);
        Assert.Equal(result.Centralized.ExpectedCostPerPeriod - result.Ledger.ExpectedCostPerPeriod, result.LedgerSavingPerPeriod, 1e-6);
        // Flat 0.8 of 7: safety needs 5 double-signers, so P = P[Bin(7, 0.01) >= 5] ≈ 21 p^5.
        Assert.InRange(risk, 2.0e-9, 2.1e-9);
    }

    [Fact]
    public void Every_break_even_p_is_where_the_curves_cross()
    {
        var gen = Gen.Zip(Gen.Zip(Gen.Choose(1, 400), Gen.Choose(1, 200)), Gen.Zip(Gen.Choose(0, 6), Gen.Elements<double?>(null, 0.001, 0.05, 0.3)))
            .Select(t => (Fixed: (double)t.Item1.Item1, Centralized: (double)t.Item1.Item2, RecordsExponent: t.Item2.Item1, CentralizedRisk: t.Item2.Item2));
        Prop.ForAll(Arb.From(gen), c =>
        {
            var inputs = Inputs(Groups777, c.Fixed, c.Centralized, c.CentralizedRisk, Math.Pow(10, c.RecordsExponent));
            var result = CostAnalysis.Compute(inputs);
            double Gap(double p) => CostAnalysis.ExpectedGap(inputs, result.Ledger, result.Centralized, p);
            var crossings = result.BreakEven.CompromiseProbabilities;
            foreach (double p in crossings)
            {
                // The gap changes sign across each crossing, and (relative to the costs) is about zero on it.
                double below = Gap(p * (1 - 1e-4)), above = Gap(Math.Min(0.9999, p * (1 + 1e-4)));
                if (Math.Sign(below) == Math.Sign(above) && Math.Sign(below) != 0) return false;
                double scale = Math.Max(result.Ledger.CostOfFailure, result.Ledger.NormalCostPerPeriod);
                if (Math.Abs(Gap(p)) > 1e-3 * scale) return false;
            }
            // Between consecutive crossings (and outside them) the sign of the gap on the scan grid never changes.
            var bounds = new[] { 0.0 }.Concat(crossings).Append(1.0).ToList();
            for (int i = 0; i + 1 < bounds.Count; i++)
            {
                var signs = CostComparison.ScanGrid.Where(p => p > bounds[i] * (1 + 1e-4) && p < bounds[i + 1] * (1 - 1e-4))
                    .Select(p => Math.Sign(Gap(p))).Where(s => s != 0).Distinct().Count();
                if (signs > 1) return false;
            }
            if (result.BreakEven.CompromiseProbability != (crossings.Count > 0 ? crossings[0] : null)) return false;
            // With a flat centralized risk there is at most one crossing and it agrees with the bisection of CostComparison.
            if (c.CentralizedRisk is not null && crossings.Count == 1)
            {
                var comparison = new CostComparison(result.Ledger, result.Centralized);
                double? bisected = comparison.CompromiseProbabilityAtBreakEven(p => inputs.Risk.At(p), 1e-10);
                if (bisected is null || Math.Abs(bisected.Value - crossings[0]) > 1e-5 * crossings[0] + 1e-9) return false;
            }
            return true;
        }).Check(PropertyConfig.Default(seed: 7201, maxTest: 40));
    }

    [Fact]
    public void The_cost_of_failure_break_even_balances_the_expected_costs()
    {
        var inputs = Inputs(Groups777, fullNodeFixed: 50, centralizedCost: 100, centralizedRisk: 0.01, records: 1000);
        var result = CostAnalysis.Compute(inputs);
        double perRecord = result.BreakEven.CostOfFailurePerRecord!.Value;
        var atBreakEven = inputs with { CostOfFailurePerRecord = perRecord };
        var balanced = CostAnalysis.Compute(atBreakEven);
        Assert.Equal(0, balanced.LedgerSavingPerPeriod, 1e-6 * balanced.Ledger.NormalCostPerPeriod);
        Assert.Equal(result.BreakEven.CostOfFailure!.Value / 1000, perRecord, 1e-9);
        double r = result.BreakEven.LedgerFailureProbability!.Value;
        Assert.Equal(result.Centralized.ExpectedCostPerPeriod, result.Ledger.WithFailureProbability(r).ExpectedCostPerPeriod, 1e-6);
    }

    [Fact]
    public void A_given_ledger_risk_is_used_as_is_and_invalid_inputs_are_refused()
    {
        var inputs = Inputs(Groups777, 50, 100, 0.01, 1000) with { Risk = new LedgerRisk(null, FailureKind.Safety, 0.002) };
        Assert.Equal(0.002, CostAnalysis.Compute(inputs).Ledger.FailureProbabilityPerPeriod);
        Assert.Contains("compromise probability", (inputs with { CompromiseProbability = 1.5 }).Validate());
        Assert.Contains("records", (inputs with { RecordsExposed = -1 }).Validate());
        Assert.Contains("centralized", (inputs with { CentralizedNormalCost = null }).Validate());
        Assert.Throws<ArgumentException>(() => CostAnalysis.Compute(inputs with { PeriodDays = 0 }));
    }
}
