using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Sim.Risk.Sampling;

namespace HealthLedger.Sim.Tests.Risk;

public class ProtocolTrialRunnerTests
{
    private static RiskConfiguration Config(string policy, FaultModel fault, int g = 3, int r = 2, int m = 2) =>
        new(new GroupCounts(g, r, m), GroupWeights.Equal,
            policy == "flat" ? new FlatPolicy(Rational.Parse("0.8")) : new GroupsPolicy(2, Rational.Parse("0.67")), fault);

    private static CompromisePattern Pattern(RiskConfiguration c, params int[] nodes) => new(c.GroupSizes, nodes);

    [Fact]
    public void Weights_and_policies_translate_to_the_engine()
    {
        Assert.Equal("2:4:1", ProtocolTrialRunner.EngineWeights(new GroupWeights(Rational.One, Rational.FromInteger(2), Rational.Parse("0.5"))));
        Assert.Equal("flat(4/5)", ProtocolTrialRunner.EngineQuorum(new FlatPolicy(Rational.Parse("0.8"))));
        Assert.Equal("groups(2,67/100)", ProtocolTrialRunner.EngineQuorum(new GroupsPolicy(2, Rational.Parse("0.67"))));
        Assert.Empty(new ProtocolTrialRunner(Config("groups", FaultModel.Byzantine)).Template.Problems());
    }

    [Fact]
    public void No_fault_no_failure_and_crashes_beyond_tolerance_halt()
    {
        var crash = Config("flat", FaultModel.Crash);
        var runner = new ProtocolTrialRunner(crash);
        Assert.Equal(new TrialOutcome(false, false), runner.Run(Pattern(crash), 11));
        Assert.Equal(new TrialOutcome(false, true), runner.Run(Pattern(crash, 5, 6), 11)); // 5 of 7 < 80%
    }

    [Fact]
    public void Equivocators_at_the_models_split_break_agreement_where_the_model_says_they_can()
    {
        // groups(2, 0.67) on 3/2/2: both receivers double-signing make that group shared: 'safety can break'.
        var byzantine = Config("groups", FaultModel.Byzantine);
        var runner = new ProtocolTrialRunner(byzantine);
        Assert.True(runner.Run(Pattern(byzantine, 3, 4), 5).SafetyBroke);
        Assert.False(runner.Run(Pattern(byzantine, 3), 5).SafetyBroke);
    }

    [Fact]
    public void Parallel_sampling_gives_the_sequential_result()
    {
        var model = new RiskModel(Config("groups", FaultModel.Byzantine, 7, 7, 7));
        var distribution = new IndependentCompromise(0.2);
        var sequential = MonteCarloRiskSampler.Run(model.GroupSizes, distribution, new ModelTrialRunner(model), 3_000, 42);
        var parallel = ParallelRiskSampler.Run(model.GroupSizes, distribution, new ModelTrialRunner(model), 3_000, 42, 2);
        Assert.Equal(sequential, parallel);
    }
}
