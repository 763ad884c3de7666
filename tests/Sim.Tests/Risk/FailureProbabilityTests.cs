using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Tests;
using MathNet.Numerics.Distributions;
using static HealthLedger.Sim.Tests.Risk.Networks;

namespace HealthLedger.Sim.Tests.Risk;

public sealed class FailureProbabilityTests
{
    private static readonly double[] Probabilities = [0, 0.01, 0.1, 1.0 / 3, 0.5, 0.9, 1];

    [Fact]
    public void Independent_compromise_equals_the_sum_over_every_validator_subset()
    {
        // Reference: every subset of validators, weighted p^k (1 - p)^(N - k), judged by the validator-level search.
        var gen = from configuration in RiskGenerators.Configuration(maxGroupSize: 3)
                  from p in Gen.Elements(Probabilities)
                  select (configuration, p);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (configuration, p) = t;
            var expected = SumOverSubsets(configuration, (k, n) => Math.Pow(p, k) * Math.Pow(1 - p, n - k));
            var actual = new IndependentCompromise(p).FailureProbabilities(new RiskModel(configuration));
            return Close(expected.Safety, actual.Safety.Value) && Close(expected.Liveness, actual.Liveness.Value)
                && Close(1, actual.Safety.Value + actual.Safety.Complement) && Close(1, actual.Liveness.Value + actual.Liveness.Complement);
        }).Check(PropertyConfig.Default(0x7157_0101, maxTest: 150));
    }

    [Fact]
    public void Fixed_total_equals_the_share_of_failing_subsets_of_that_size()
    {
        var gen = from configuration in RiskGenerators.Configuration(maxGroupSize: 3)
                  from m in Gen.Choose(0, configuration.GroupSizes.Total)
                  select (configuration, m);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (configuration, m) = t;
            double subsetsOfSizeM = MathNet.Numerics.SpecialFunctions.Binomial(configuration.GroupSizes.Total, m);
            var expected = SumOverSubsets(configuration, (k, _) => k == m ? 1 / subsetsOfSizeM : 0);
            var actual = new FixedTotalCompromise(m).FailureProbabilities(new RiskModel(configuration));
            return Close(expected.Safety, actual.Safety.Value) && Close(expected.Liveness, actual.Liveness.Value);
        }).Check(PropertyConfig.Default(0x7157_0102, maxTest: 150));
    }

    [Fact]
    public void Independent_compromise_agrees_with_a_direct_MathNet_sum_on_larger_groups()
    {
        var gen = from configuration in RiskGenerators.Configuration(maxGroupSize: 12)
                  from p in Gen.Elements(Probabilities)
                  select (configuration, p);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (configuration, p) = t;
            var model = new RiskModel(configuration);
            var sizes = configuration.GroupSizes;
            double safety = 0, liveness = 0;
            for (int b1 = 0; b1 <= sizes[0]; b1++)
                for (int b2 = 0; b2 <= sizes[1]; b2++)
                    for (int b3 = 0; b3 <= sizes[2]; b3++)
                    {
                        double mass = Binomial.PMF(p, sizes[0], b1) * Binomial.PMF(p, sizes[1], b2) * Binomial.PMF(p, sizes[2], b3);
                        var verdict = model.Evaluate(new GroupCounts(b1, b2, b3));
                        if (verdict.SafetyCanBreak) safety += mass;
                        if (verdict.LivenessCanBreak) liveness += mass;
                    }
            var actual = new IndependentCompromise(p).FailureProbabilities(model);
            return Close(safety, actual.Safety.Value) && Close(liveness, actual.Liveness.Value);
        }).Check(PropertyConfig.Default(0x7157_0103, maxTest: 150));
    }

    [Fact]
    public void A_tiny_safety_risk_keeps_its_relative_accuracy()
    {
        // groups(2, 0.67) on 7,7,7 fails safety iff some group has 3 or more Byzantine: 1 - (1 - t)^3 with
        // t = P[Bin(7, p) >= 3]. At p = 1e-6 that is about 1.05e-16, far below what 1 - (survival) could resolve.
        const double p = 1e-6;
        double t = 0;
        for (int k = 3; k <= 7; k++) t += Binomial.PMF(p, 7, k);
        double expected = 3 * t - 3 * t * t + t * t * t;
        var actual = new IndependentCompromise(p).FailureProbabilities(Model("7,7,7", Groups(), FaultModel.Byzantine));
        Assert.Equal(expected, actual.Safety.Value, expected * 1e-9);
        Assert.InRange(actual.Safety.Value, 1.0e-16, 1.1e-16);
    }

    [Fact]
    public void Risk_grows_with_the_compromise_probability()
    {
        var model = Model("7,7,7", Groups(), FaultModel.Byzantine);
        double previous = -1;
        foreach (double p in new[] { 0.0, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0 })
        {
            double safety = new IndependentCompromise(p).FailureProbabilities(model).Safety.Value;
            Assert.True(safety >= previous, $"safety risk fell from {previous} to {safety} at p = {p}");
            previous = safety;
        }
    }

    [Fact]
    public void Fixed_per_group_compromise_gives_the_verdict_as_a_certainty()
    {
        var model = Model("7,7,7", Flat(), FaultModel.Byzantine);
        var result = new FixedPerGroupCompromise(Counts(5, 0, 0)).FailureProbabilities(model);
        Assert.Equal((0.0, 1.0), (result.Safety.Value, result.Liveness.Value));
    }

    private static (double Safety, double Liveness) SumOverSubsets(RiskConfiguration configuration, Func<int, int, double> massOfSubset)
    {
        var sizes = configuration.GroupSizes;
        int n = sizes.Total;
        double safety = 0, liveness = 0;
        for (int mask = 0; mask < 1 << n; mask++)
        {
            var counts = GroupCounts.From(g =>
            {
                int start = g == 0 ? 0 : g == 1 ? sizes[0] : sizes[0] + sizes[1];
                return Enumerable.Range(start, sizes[g]).Count(v => (mask >> v & 1) == 1);
            });
            double mass = massOfSubset(counts.Total, n);
            if (mass == 0) continue;
            var verdict = BruteForce.ValidatorLevel(configuration, counts);
            if (verdict.SafetyCanBreak) safety += mass;
            if (verdict.LivenessCanBreak) liveness += mass;
        }
        return (safety, liveness);
    }

    private static bool Close(double expected, double actual) => Math.Abs(expected - actual) <= 1e-12 + 1e-9 * Math.Abs(expected);
}
