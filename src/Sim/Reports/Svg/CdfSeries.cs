namespace HealthLedger.Sim.Reports.Svg;

/// <summary>A named set of raw samples whose empirical CDF a <see cref="CdfChart"/> draws.</summary>
public sealed record CdfSeries
{
    /// <summary>A series of samples in any order (NaN and infinities are not samples).</summary>
    public CdfSeries(string name, IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(samples);
        double[] sorted = samples.ToArray();
        if (sorted.Any(v => !double.IsFinite(v))) throw new ArgumentException($"Series '{name}' has a sample that is not finite.", nameof(samples));
        Array.Sort(sorted);
        Name = name;
        SortedSamples = sorted;
    }

    /// <summary>The legend text.</summary>
    public string Name { get; }

    /// <summary>The samples, ascending.</summary>
    public IReadOnlyList<double> SortedSamples { get; }
}
