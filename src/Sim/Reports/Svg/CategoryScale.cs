namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// An axis of named categories, each owning an equal band; category i is centred at (i + 0.5) / count. Used for the
/// groups of a bar chart and the rows and columns of a heat map.
/// </summary>
internal sealed class CategoryScale : AxisScale
{
    private readonly AxisTick[] _ticks;

    public CategoryScale(IReadOnlyList<string> names)
    {
        Count = names.Count;
        _ticks = names.Select((name, i) => new AxisTick(i, name, IsMajor: true)).ToArray();
    }

    /// <summary>Number of categories.</summary>
    public int Count { get; }

    /// <summary>Width of one band as a fraction of the axis.</summary>
    public double BandFraction => Count == 0 ? 1 : 1.0 / Count;

    public override IReadOnlyList<AxisTick> Ticks => _ticks;

    public override bool HasGrid => false;

    /// <summary>The centre of category <paramref name="value"/> (its index).</summary>
    public override double ToFraction(double value) => Count == 0 ? 0.5 : (value + 0.5) / Count;
}
