using System.Globalization;
using System.Text;
using HealthLedger.Sim.Metrics;

namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// Empirical CDFs of one or more sample sets (for example submit-to-validated latency per scenario), drawn as step
/// functions: y is the share of samples ≤ x, in percent. With <see cref="LogX"/>, samples ≤ 0 cannot be placed on the
/// axis and are left out of the drawing, but still count in the shares, so the curve starts above 0%.
/// </summary>
public sealed class CdfChart
{
    private readonly List<CdfSeries> _series = [];

    /// <summary>A chart with a title and the axis of the sample values.</summary>
    public CdfChart(string title, AxisLabel valueAxis, ChartOptions? options = null)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
        ValueAxis = valueAxis ?? throw new ArgumentNullException(nameof(valueAxis));
        Options = options ?? ChartOptions.Default;
    }

    /// <summary>The chart title.</summary>
    public string Title { get; }

    /// <summary>The x axis: what the samples measure and their unit.</summary>
    public AxisLabel ValueAxis { get; }

    /// <summary>The y axis title.</summary>
    public AxisLabel ShareAxis { get; init; } = new("share of samples ≤ x", "%");

    /// <summary>Size and fonts.</summary>
    public ChartOptions Options { get; }

    /// <summary>Whether the x axis is logarithmic, which shows a long latency tail next to a narrow body.</summary>
    public bool LogX { get; init; }

    /// <summary>Percents marked by dashed horizontal guide lines (default p50, p90, p99).</summary>
    public IReadOnlyList<double> GuidePercents { get; init; } = [50, 90, 99];

    /// <summary>The most points drawn per series; see <see cref="EmpiricalCdf.Points{T}"/>.</summary>
    public int MaxPointsPerSeries { get; init; } = EmpiricalCdf.DefaultMaxPoints;

    /// <summary>The series added so far.</summary>
    public IReadOnlyList<CdfSeries> Series => _series;

    /// <summary>Adds a series; series are drawn and listed in the order added.</summary>
    public CdfChart Add(CdfSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series.Add(series);
        return this;
    }

    /// <summary>The chart as an SVG document.</summary>
    public string ToSvg()
    {
        var drawable = _series.SelectMany(s => s.SortedSamples).Where(v => !LogX || v > 0).ToList();
        bool empty = drawable.Count == 0;
        double xMin = empty ? (LogX ? 1 : 0) : drawable.Min();
        double xMax = empty ? (LogX ? 10 : 1) : drawable.Max();

        var legend = _series.Select((s, i) => new LegendEntry(s.Name, Palette.Series(i), LegendMark.Line)).ToList();
        var frame = PlotFrame.Layout(Options, Title, ValueAxis, ShareAxis,
            target => LogX ? LogScale.Create(xMin, xMax) : LinearScale.Create(xMin, xMax, target),
            target => LinearScale.Create(0, 100, target),
            Legend.WidthPx(legend, Options));

        var svg = new SvgBuilder(Options.WidthPx, Options.HeightPx, Title);
        frame.DrawBackground(svg);
        DrawGuides(svg, frame);
        PlotFrame.OpenPlotGroup(svg, "series");
        for (int i = 0; i < _series.Count; i++) DrawSeries(svg, frame, _series[i], Palette.Series(i));
        svg.CloseGroup();
        if (empty) NoData.Draw(svg, frame, Options.FontSizePx);
        frame.DrawAxes(svg);
        Legend.Draw(svg, legend, frame.RightPx + 16, frame.TopPx, Options);
        return svg.Finish();
    }

    private void DrawGuides(SvgBuilder svg, PlotFrame frame)
    {
        svg.OpenGroup("class=\"guides\"");
        foreach (double percent in GuidePercents)
        {
            if (!(percent > 0 && percent < 100)) continue;
            double y = frame.PxY(percent);
            svg.Line(frame.LeftPx, y, frame.RightPx, y, "#999999", 1, "4 3");
            string label = "p" + percent.ToString("0.###", CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal);
            svg.Text(frame.LeftPx + 4, y - 3, label, TextAnchor.Start, Options.FontSizePx * 0.85, "#777777");
        }
        svg.CloseGroup();
    }

    private void DrawSeries(SvgBuilder svg, PlotFrame frame, CdfSeries series, string colour)
    {
        double[] samples = series.SortedSamples as double[] ?? series.SortedSamples.ToArray();
        var points = EmpiricalCdf.Points<double>(samples, MaxPointsPerSeries);
        var path = new StringBuilder();
        double previousShare = 0;
        foreach (var point in points)
        {
            if (LogX && point.Value <= 0)
            {
                previousShare = point.CumulativeFraction;
                continue;
            }
            string x = SvgBuilder.Num(frame.PxX(point.Value));
            // Step function: move right at the previous share, then rise to this one.
            if (path.Length == 0) path.Append('M').Append(x).Append(' ').Append(SvgBuilder.Num(frame.PxY(previousShare * 100)));
            else path.Append(" H").Append(x);
            path.Append(" V").Append(SvgBuilder.Num(frame.PxY(point.CumulativeFraction * 100)));
            previousShare = point.CumulativeFraction;
        }
        if (path.Length == 0) return;
        path.Append(" H").Append(SvgBuilder.Num(frame.RightPx));
        svg.Path(path.ToString(), colour, 2);
    }
}
