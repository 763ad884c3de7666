namespace HealthLedger.Sim.Reports.Svg;

/// <summary>A named series of (x, y) points, drawn in the order given; a NaN y leaves a gap in the line.</summary>
public sealed record LineSeries
{
    /// <summary>A series from parallel lists of x and y values (equal lengths).</summary>
    public LineSeries(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"Series '{name}' has {x.Count} x values but {y.Count} y values.", nameof(y));
        if (x.Any(v => !double.IsFinite(v))) throw new ArgumentException($"Series '{name}' has an x value that is not finite.", nameof(x));
        if (y.Any(double.IsInfinity)) throw new ArgumentException($"Series '{name}' has an infinite y value.", nameof(y));
        Name = name;
        X = x.ToArray();
        Y = y.ToArray();
    }

    /// <summary>The legend text.</summary>
    public string Name { get; }

    /// <summary>X values.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Y values (NaN for "no value here").</summary>
    public IReadOnlyList<double> Y { get; }
}
