using HealthLedger.Sim.Risk;

namespace HealthLedger.Sim.Tests.Risk;

/// <summary>
/// The quorum rules exactly as the specification words them, in rationals, with none of the integer thresholds the
/// production code compiles: the reference the closed forms are checked against.
/// </summary>
internal static class SpecQuorum
{
    public static bool IsQuorum(RiskConfiguration configuration, GroupCounts signers)
    {
        var sizes = configuration.GroupSizes;
        switch (configuration.Policy)
        {
            case FlatPolicy flat:
                return Rational.FromInteger(signers.Total) >= flat.Quorum * Rational.FromInteger(sizes.Total);
            case WeightedPolicy weighted:
                var power = Rational.Zero;
                for (int g = 0; g < 3; g++)
                    power += configuration.Weights[g] / Rational.FromInteger(sizes[g]) * Rational.FromInteger(signers[g]);
                return power >= weighted.Quorum * configuration.Weights.Total;
            case GroupsPolicy groups:
                int reached = 0;
                for (int g = 0; g < 3; g++)
                    if (Rational.FromInteger(signers[g]) >= groups.GroupQuorum * Rational.FromInteger(sizes[g])) reached++;
                return reached >= groups.GroupsNeeded;
            default:
                throw new ArgumentException("unknown policy");
        }
    }
}
