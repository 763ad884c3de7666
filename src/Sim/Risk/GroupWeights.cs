namespace HealthLedger.Sim.Risk;

/// <summary>
/// The voting weight of each group (seed 3.4: a preset power per interest group, shared equally by its validators).
/// Only ratios matter; 1,1,1 gives every group a third.
/// </summary>
public readonly record struct GroupWeights(Rational Generators, Rational Receivers, Rational Monitors)
{
    /// <summary>Equal weights: every group holds a third of the power.</summary>
    public static GroupWeights Equal => new(Rational.One, Rational.One, Rational.One);

    /// <summary>The weight of group <paramref name="group"/> (0, 1 or 2).</summary>
    public Rational this[int group] => group switch
    {
        0 => Generators,
        1 => Receivers,
        2 => Monitors,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "There are three groups: 0, 1 and 2."),
    };

    /// <summary>The sum of the three weights.</summary>
    public Rational Total => Generators + Receivers + Monitors;

    /// <summary>"a,b,c", the form the command line takes.</summary>
    public override string ToString() => $"{Generators},{Receivers},{Monitors}";
}
