using HealthLedger.Sim.Risk;

namespace HealthLedger.Sim.Tests.Risk;

/// <summary>Networks the known-value tests share.</summary>
internal static class Networks
{
    public static RiskModel Model(string sizes, QuorumPolicy policy, FaultModel fault, string weights = "1,1,1")
    {
        var n = sizes.Split(',').Select(int.Parse).ToArray();
        var w = weights.Split(',').Select(Rational.Parse).ToArray();
        return new RiskModel(new RiskConfiguration(new GroupCounts(n[0], n[1], n[2]), new GroupWeights(w[0], w[1], w[2]), policy, fault));
    }

    public static QuorumPolicy Flat(string q = "0.8") => new FlatPolicy(Rational.Parse(q));

    public static QuorumPolicy Weighted(string q = "0.8") => new WeightedPolicy(Rational.Parse(q));

    public static QuorumPolicy Groups(int k = 2, string q = "0.67") => new GroupsPolicy(k, Rational.Parse(q));

    public static GroupCounts Counts(int a, int b, int c) => new(a, b, c);
}
