namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// A grouped bar chart: one group per category along x, one bar per series inside each group, bars rising from 0
/// (or falling, for negative values). For example messages sent per node, one series per message kind.
/// </summary>
public sealed class BarChart
{
    private const double GroupFillFraction = 0.8; // the rest of each band is the gap between groups
    private readonly List<BarSeries> _series = [];
    private readonly string[] _categories;

    /// <summary>A chart with a title, labelled axes and the category names along x.</summary>
    public BarChart(string title, AxisLabel xAxis, AxisLabel yAxis, IReadOnlyList<string> categories, ChartOptions? options = null)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XAxis = xAxis ?? throw new ArgumentNullException(nameof(xAxis));
        YAxis = yAxis ?? throw new ArgumentNullException(nameof(yAxis));
        ArgumentNullException.ThrowIfNull(categories);
        _categories = categories.ToArray();
        Options = options ?? ChartOptions.Default;
    }

    /// <summary>The chart title.</summary>
    public string Title { get; }

    /// <summary>The x axis title (the categories' kind).</summary>
    public AxisLabel XAxis { get; }

    /// <summary>The y axis title and unit.</summary>
    public AxisLabel YAxis { get; }

    /// <summary>Size and fonts.</summary>
    public ChartOptions Options { get; }

    /// <summary>The category names, in drawing order.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>Adds a series with one value per category.</summary>
    public BarChart Add(BarSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Values.Count != _categories.Length)
            throw new ArgumentException($"Series '{series.Name}' has {series.Values.Count} values for {_categories.Length} categories.", nameof(series));
        _series.Add(series);
        return this;
    }

    /// <summary>The chart as an SVG document.</summary>
    public string ToSvg()
    {
        var values = _series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        double yMin = Math.Min(0, values.Count > 0 ? values.Min() : 0);
        double yMax = Math.Max(0, values.Count > 0 ? values.Max() : 1);

        var legend = _series.Select((s, i) => new LegendEntry(s.Name, Palette.Series(i), LegendMark.Box)).ToList();
        var xScale = new CategoryScale(_categories);
        var frame = PlotFrame.Layout(Options, Title, XAxis, YAxis,
            _ => xScale,
            target => LinearScale.Create(yMin, yMax, target),
            _series.Count > 1 ? Legend.WidthPx(legend, Options) : 0);

        var svg = new SvgBuilder(Options.WidthPx, Options.HeightPx, Title);
        frame.DrawBackground(svg);
        PlotFrame.OpenPlotGroup(svg, "bars");
        double bandPx = frame.WidthPx * xScale.BandFraction;
        double barPx = _series.Count == 0 ? 0 : bandPx * GroupFillFraction / _series.Count;
        double zeroPx = frame.PxY(0);
        for (int c = 0; c < _categories.Length; c++)
        {
            double groupLeftPx = frame.PxX(c) - bandPx * GroupFillFraction / 2;
            for (int s = 0; s < _series.Count; s++)
            {
                double value = _series[s].Values[c];
                if (double.IsNaN(value)) continue;
                double valuePx = frame.PxY(value);
                // A hairline gap between neighbouring bars keeps equal colours apart.
                double gapPx = Math.Min(1, barPx * 0.1);
                svg.Rect(groupLeftPx + s * barPx + gapPx / 2, Math.Min(valuePx, zeroPx), barPx - gapPx, Math.Abs(zeroPx - valuePx), Palette.Series(s));
            }
        }
        svg.CloseGroup();
        if (_series.Count == 0 || _categories.Length == 0) NoData.Draw(svg, frame, Options.FontSizePx);
        if (yMin < 0) svg.Line(frame.LeftPx, zeroPx, frame.RightPx, zeroPx, "#444444");
        frame.DrawAxes(svg);
        if (_series.Count > 1) Legend.Draw(svg, legend, frame.RightPx + 16, frame.TopPx, Options);
        return svg.Finish();
    }
}
