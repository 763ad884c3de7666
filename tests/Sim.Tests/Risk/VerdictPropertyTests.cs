using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Risk;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Risk;

/// <summary>The closed-form verdicts against exhaustive searches straight from the definitions.</summary>
public sealed class VerdictPropertyTests
{
    [Fact]
    public void Closed_form_matches_a_validator_level_search_on_networks_of_up_to_nine()
    {
        Prop.ForAll(Arb.From(RiskGenerators.Case(maxGroupSize: 3)), c =>
            new RiskModel(c.Configuration).Evaluate(c.Compromised) == BruteForce.ValidatorLevel(c.Configuration, c.Compromised))
            .Check(PropertyConfig.Default(0x7157_0001, maxTest: 300));
    }

    [Fact]
    public void Closed_form_matches_a_search_over_every_vote_split_on_groups_of_up_to_nine()
    {
        Prop.ForAll(Arb.From(RiskGenerators.Case(maxGroupSize: 9)), c =>
            new RiskModel(c.Configuration).Evaluate(c.Compromised) == BruteForce.CountLevel(c.Configuration, c.Compromised))
            .Check(PropertyConfig.Default(0x7157_0002, maxTest: 500));
    }

    [Fact]
    public void Weighted_closed_form_matches_the_search_when_validators_carry_very_unequal_power()
    {
        // Unequal per-validator power is where reachable split powers have gaps and the interval test alone is wrong.
        var gen =
            from n in Gen.Choose(1, 4).Three()
            from w in Gen.Choose(1, 9).Three()
            from q in Gen.Choose(51, 100)
            from fault in Gen.Elements(FaultModel.Byzantine, FaultModel.Crash)
            let configuration = new RiskConfiguration(new GroupCounts(n.Item1, n.Item2, n.Item3),
                new GroupWeights(Rational.FromInteger(w.Item1), Rational.FromInteger(w.Item2), Rational.FromInteger(w.Item3)),
                new WeightedPolicy(new Rational(q, 100)), fault)
            from b1 in Gen.Choose(0, n.Item1)
            from b2 in Gen.Choose(0, n.Item2)
            from b3 in Gen.Choose(0, n.Item3)
            select new RiskCase(configuration, new GroupCounts(b1, b2, b3));
        Prop.ForAll(Arb.From(gen), c =>
            new RiskModel(c.Configuration).Evaluate(c.Compromised) == BruteForce.CountLevel(c.Configuration, c.Compromised))
            .Check(PropertyConfig.Default(0x7157_0003, maxTest: 500));
    }

    [Fact]
    public void Failures_are_monotone_in_the_direction_the_model_declares()
    {
        // The probability sums and the tolerance boundary rely on this monotonicity. It runs the other way for
        // safety under crashes: a crash removes a validator that could have been split between two ledgers.
        var gen =
            from c in RiskGenerators.Case(maxGroupSize: 12)
            from g in Gen.Choose(0, 2)
            select (c, g);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (c, g) = t;
            if (c.Compromised[g] == c.Configuration.GroupSizes[g]) return true;
            var model = new RiskModel(c.Configuration);
            var before = model.Evaluate(c.Compromised);
            var after = model.Evaluate(c.Compromised.With(g, c.Compromised[g] + 1));
            bool safetyMonotone = model.FailureGrowsWithCompromise(FailureKind.Safety)
                ? !before.SafetyCanBreak || after.SafetyCanBreak
                : !after.SafetyCanBreak || before.SafetyCanBreak;
            return safetyMonotone && model.FailureGrowsWithCompromise(FailureKind.Liveness)
                && (!before.LivenessCanBreak || after.LivenessCanBreak);
        }).Check(PropertyConfig.Default(0x7157_0004, maxTest: 500));
    }

    [Fact]
    public void Crash_faults_never_break_safety_that_byzantine_faults_of_the_same_count_leave_intact()
    {
        // And crash safety breaks only when it breaks with no fault at all.
        Prop.ForAll(Arb.From(RiskGenerators.Case(maxGroupSize: 12)), c =>
        {
            var crash = new RiskModel(c.Configuration.WithFault(FaultModel.Crash)).Evaluate(c.Compromised);
            var byzantine = new RiskModel(c.Configuration.WithFault(FaultModel.Byzantine)).Evaluate(c.Compromised);
            bool brokenByDesign = new RiskModel(c.Configuration.WithFault(FaultModel.Crash)).SafetyCanBreak(default);
            return (!crash.SafetyCanBreak || (byzantine.SafetyCanBreak && brokenByDesign))
                && crash.LivenessCanBreak == byzantine.LivenessCanBreak;
        }).Check(PropertyConfig.Default(0x7157_0005, maxTest: 300));
    }
}
