using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Risk;

namespace HealthLedger.Sim.Tests.Risk;

/// <summary>A network and a takeover, printed readably when a property fails.</summary>
public sealed record RiskCase(RiskConfiguration Configuration, GroupCounts Compromised)
{
    public override string ToString() => $"{Configuration.Describe()} [{Configuration.Policy}], compromised {Compromised}";
}

/// <summary>FsCheck generators of networks, with thresholds chosen around the interesting boundaries (1/2, 2/3).</summary>
internal static class RiskGenerators
{
    private static readonly string[] Shares = ["1/3", "0.5", "0.51", "2/3", "0.67", "0.7", "0.75", "0.8", "0.9", "1"];
    private static readonly string[] WeightTexts = ["1", "2", "3", "5", "1/2", "7/3"];

    public static Gen<QuorumPolicy> Policy =>
        Gen.OneOf(
            Gen.Elements(Shares).Select(q => (QuorumPolicy)new FlatPolicy(Rational.Parse(q))),
            Gen.Elements(Shares).Select(q => (QuorumPolicy)new WeightedPolicy(Rational.Parse(q))),
            Gen.Choose(1, 3).SelectMany(k => Gen.Elements(Shares).Select(q => (QuorumPolicy)new GroupsPolicy(k, Rational.Parse(q)))));

    public static Gen<RiskConfiguration> Configuration(int maxGroupSize) =>
        from n1 in Gen.Choose(1, maxGroupSize)
        from n2 in Gen.Choose(1, maxGroupSize)
        from n3 in Gen.Choose(1, maxGroupSize)
        from w in Gen.Elements(WeightTexts).Three()
        from policy in Policy
        from fault in Gen.Elements(FaultModel.Byzantine, FaultModel.Crash)
        select new RiskConfiguration(new GroupCounts(n1, n2, n3),
            new GroupWeights(Rational.Parse(w.Item1), Rational.Parse(w.Item2), Rational.Parse(w.Item3)), policy, fault);

    public static Gen<RiskCase> Case(int maxGroupSize) =>
        from configuration in Configuration(maxGroupSize)
        from b1 in Gen.Choose(0, configuration.GroupSizes[0])
        from b2 in Gen.Choose(0, configuration.GroupSizes[1])
        from b3 in Gen.Choose(0, configuration.GroupSizes[2])
        select new RiskCase(configuration, new GroupCounts(b1, b2, b3));
}
