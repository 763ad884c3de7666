namespace HealthLedger.Sim.Reports.Svg;

/// <summary>Size and type sizes of a chart, in CSS pixels.</summary>
public sealed record ChartOptions
{
    /// <summary>The default: 800 × 480, 12 px labels, 16 px title.</summary>
    public static ChartOptions Default { get; } = new();

    /// <summary>Width of the whole image.</summary>
    public double WidthPx { get; init; } = 800;

    /// <summary>Height of the whole image.</summary>
    public double HeightPx { get; init; } = 480;

    /// <summary>Size of tick labels, axis titles and legend entries.</summary>
    public double FontSizePx { get; init; } = 12;

    /// <summary>Size of the chart title.</summary>
    public double TitleFontSizePx { get; init; } = 16;
}
