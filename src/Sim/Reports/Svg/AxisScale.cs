namespace HealthLedger.Sim.Reports.Svg;

/// <summary>Maps data values on one axis to a fraction of the plot's length, and says where its ticks go.</summary>
internal abstract class AxisScale
{
    /// <summary>0 at the axis origin, 1 at its far end; values outside the range map outside [0, 1].</summary>
    public abstract double ToFraction(double value);

    /// <summary>Ticks in increasing order of value.</summary>
    public abstract IReadOnlyList<AxisTick> Ticks { get; }

    /// <summary>Whether grid lines are drawn at the ticks (not for categories, whose ticks mark bands).</summary>
    public virtual bool HasGrid => true;
}
