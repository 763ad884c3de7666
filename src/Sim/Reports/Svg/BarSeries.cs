namespace HealthLedger.Sim.Reports.Svg;

/// <summary>A named series with one value per category of its <see cref="BarChart"/>; NaN draws no bar.</summary>
public sealed record BarSeries
{
    /// <summary>A series of values, one per category in the chart's order.</summary>
    public BarSeries(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Any(double.IsInfinity)) throw new ArgumentException($"Series '{name}' has an infinite value.", nameof(values));
        Name = name;
        Values = values.ToArray();
    }

    /// <summary>The legend text.</summary>
    public string Name { get; }

    /// <summary>One value per category.</summary>
    public IReadOnlyList<double> Values { get; }
}
