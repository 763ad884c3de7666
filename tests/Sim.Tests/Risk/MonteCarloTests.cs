using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Sim.Risk.Sampling;
using static HealthLedger.Sim.Tests.Risk.Networks;

namespace HealthLedger.Sim.Tests.Risk;

public sealed class MonteCarloTests
{
    [Theory]
    [InlineData(0, 10, 0.0, 0.27753)]
    [InlineData(5, 10, 0.23659, 0.76341)]
    [InlineData(10, 10, 0.72247, 1.0)]
    public void Wilson_interval_matches_published_values(long successes, long trials, double lower, double upper)
    {
        var estimate = ProportionEstimate.Wilson(successes, trials);
        Assert.Equal(lower, estimate.Lower95, 1e-5);
        Assert.Equal(upper, estimate.Upper95, 1e-5);
    }

    public static TheoryData<string, string, string, double> SampledCases => new()
    {
        { "7,7,7", "groups", "byzantine", 0.2 },
        { "7,7,7", "flat", "byzantine", 0.15 },
        { "5,9,3", "weighted", "crash", 0.3 },
    };

    [Theory]
    [MemberData(nameof(SampledCases))]
    public void Sampling_the_model_agrees_with_the_analytic_sum(string sizes, string policy, string fault, double p)
    {
        var model = Model(sizes, policy switch { "groups" => Groups(), "flat" => Flat(), _ => Weighted("2/3") },
            fault == "crash" ? FaultModel.Crash : FaultModel.Byzantine, weights: "3,2,1");
        var distribution = new IndependentCompromise(p);
        var analytic = distribution.FailureProbabilities(model);
        const int trials = 20_000;
        var sampled = MonteCarloRiskSampler.Run(model.GroupSizes, distribution, new ModelTrialRunner(model), trials, seed: 20261121);
        // Four standard errors: a fixed-seed test that fails only on a real disagreement, not on a 1-in-20 draw.
        foreach (var (exact, estimate) in new[] { (analytic.Safety.Value, sampled.Safety), (analytic.Liveness.Value, sampled.Liveness) })
        {
            double standardError = Math.Sqrt(exact * (1 - exact) / trials);
            Assert.InRange(estimate.Estimate, exact - 4 * standardError - 1e-12, exact + 4 * standardError + 1e-12);
        }
    }

    [Fact]
    public void Fixed_total_sampling_agrees_with_the_hypergeometric_sum()
    {
        var model = Model("7,7,7", Groups(), FaultModel.Byzantine);
        var distribution = new FixedTotalCompromise(5);
        double exact = distribution.FailureProbabilities(model).Safety.Value;
        var sampled = MonteCarloRiskSampler.Run(model.GroupSizes, distribution, new ModelTrialRunner(model), 20_000, seed: 7);
        double standardError = Math.Sqrt(exact * (1 - exact) / 20_000);
        Assert.InRange(sampled.Safety.Estimate, exact - 4 * standardError, exact + 4 * standardError);
    }

    [Fact]
    public void The_same_seed_gives_the_same_result_and_another_seed_another()
    {
        var model = Model("7,7,7", Groups(), FaultModel.Byzantine);
        var distribution = new IndependentCompromise(0.2);
        var runner = new ModelTrialRunner(model);
        var first = MonteCarloRiskSampler.Run(model.GroupSizes, distribution, runner, 2_000, seed: 42);
        var again = MonteCarloRiskSampler.Run(model.GroupSizes, distribution, runner, 2_000, seed: 42);
        var other = MonteCarloRiskSampler.Run(model.GroupSizes, distribution, runner, 2_000, seed: 43);
        Assert.Equal(first, again);
        Assert.NotEqual(first.Safety.Successes, other.Safety.Successes);
        Assert.Equal("sampled model", first.Label);
    }

    [Fact]
    public void Samplers_draw_the_counts_their_distribution_promises()
    {
        var sizes = Counts(7, 7, 7);
        var random = new SplitMix64(1);
        for (int i = 0; i < 200; i++)
        {
            var fixedTotal = new FixedTotalCompromise(9).Sample(sizes, random);
            Assert.Equal(9, fixedTotal.CompromisedValidators.Distinct().Count());
            var perGroup = new FixedPerGroupCompromise(Counts(3, 0, 7)).Sample(sizes, random);
            Assert.Equal(Counts(3, 0, 7), perGroup.Counts);
        }
        long compromised = 0;
        for (int i = 0; i < 2_000; i++) compromised += new IndependentCompromise(0.25).Sample(sizes, random).Counts.Total;
        Assert.InRange(compromised / 2_000.0, 5.25 - 0.2, 5.25 + 0.2); // mean 21 x 0.25, standard error about 0.04
    }

    [Fact]
    public void A_protocol_runner_plugs_into_the_same_sampler()
    {
        var model = Model("4,4,4", Flat(), FaultModel.Byzantine);
        var runner = new RecordingRunner();
        MonteCarloRiskSampler.Run(model.GroupSizes, new FixedPerGroupCompromise(Counts(1, 2, 0)), runner, 10, seed: 5);
        Assert.Equal(10, runner.Patterns.Count);
        Assert.All(runner.Patterns, p => Assert.Equal(Counts(1, 2, 0), p.Counts));
        Assert.Equal(10, runner.Seeds.Distinct().Count());
    }

    private sealed class RecordingRunner : IRiskTrialRunner
    {
        public List<CompromisePattern> Patterns { get; } = [];

        public List<ulong> Seeds { get; } = [];

        public string Label => "recording";

        public TrialOutcome Run(CompromisePattern pattern, ulong trialSeed)
        {
            Patterns.Add(pattern);
            Seeds.Add(trialSeed);
            return new TrialOutcome(false, false);
        }
    }
}
