using System.Text;

namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// A line chart of one or more numeric series over a numeric x axis, for example throughput over simulated time.
/// Points are marked when a series is short enough for the marks to help (≤ 40 points).
/// </summary>
public sealed class LineChart
{
    private const int MaxMarkedPoints = 40;
    private readonly List<LineSeries> _series = [];

    /// <summary>A chart with a title and labelled axes.</summary>
    public LineChart(string title, AxisLabel xAxis, AxisLabel yAxis, ChartOptions? options = null)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XAxis = xAxis ?? throw new ArgumentNullException(nameof(xAxis));
        YAxis = yAxis ?? throw new ArgumentNullException(nameof(yAxis));
        Options = options ?? ChartOptions.Default;
    }

    /// <summary>The chart title.</summary>
    public string Title { get; }

    /// <summary>The x axis title and unit.</summary>
    public AxisLabel XAxis { get; }

    /// <summary>The y axis title and unit.</summary>
    public AxisLabel YAxis { get; }

    /// <summary>Size and fonts.</summary>
    public ChartOptions Options { get; }

    /// <summary>Whether the y axis always includes 0 (default): a throughput that looks halved should be halved.</summary>
    public bool YIncludesZero { get; init; } = true;

    /// <summary>A base-10 logarithmic x axis; points with x ≤ 0 cannot be placed and leave a gap.</summary>
    public bool LogX { get; init; }

    /// <summary>A base-10 logarithmic y axis (overrides <see cref="YIncludesZero"/>); y ≤ 0 leaves a gap.</summary>
    public bool LogY { get; init; }

    /// <summary>Vertical markers drawn over the series (see <see cref="ChartMarker"/>).</summary>
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    /// <summary>The series added so far.</summary>
    public IReadOnlyList<LineSeries> Series => _series;

    /// <summary>Adds a series; series are drawn and listed in the legend in the order added.</summary>
    public LineChart Add(LineSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series.Add(series);
        return this;
    }

    /// <summary>The chart as an SVG document.</summary>
    public string ToSvg()
    {
        var xs = _series.SelectMany(s => s.X).Concat(Markers.Select(m => m.X)).Where(x => !LogX || x > 0).ToList();
        var ys = _series.SelectMany(s => s.Y).Concat(Markers.Where(m => m.Y is not null).Select(m => m.Y!.Value))
            .Where(y => double.IsFinite(y) && (!LogY || y > 0)).ToList();
        (double xMin, double xMax) = xs.Count > 0 ? (xs.Min(), xs.Max()) : LogX ? (1, 10) : (0, 1);
        (double yMin, double yMax) = ys.Count > 0 ? (ys.Min(), ys.Max()) : LogY ? (1, 10) : (0, 1);
        if (YIncludesZero && !LogY) (yMin, yMax) = (Math.Min(0, yMin), Math.Max(0, yMax));

        var legend = _series.Select((s, i) => new LegendEntry(s.Name, Palette.Series(i), LegendMark.Line)).ToList();
        var frame = PlotFrame.Layout(Options, Title, XAxis, YAxis,
            target => LogX ? LogScale.Create(xMin, xMax) : LinearScale.Create(xMin, xMax, target),
            target => LogY ? LogScale.Create(yMin, yMax) : LinearScale.Create(yMin, yMax, target),
            Legend.WidthPx(legend, Options));

        var svg = new SvgBuilder(Options.WidthPx, Options.HeightPx, Title);
        frame.DrawBackground(svg);
        PlotFrame.OpenPlotGroup(svg, "series");
        for (int i = 0; i < _series.Count; i++) DrawSeries(svg, frame, _series[i], Palette.Series(i));
        svg.CloseGroup();
        if (Markers.Count > 0) DrawMarkers(svg, frame);
        if (_series.Count == 0) NoData.Draw(svg, frame, Options.FontSizePx);
        frame.DrawAxes(svg);
        Legend.Draw(svg, legend, frame.RightPx + 16, frame.TopPx, Options);
        return svg.Finish();
    }

    private bool Placeable(double x, double y) => !double.IsNaN(y) && (!LogX || x > 0) && (!LogY || y > 0);

    private void DrawMarkers(SvgBuilder svg, PlotFrame frame)
    {
        svg.OpenGroup("class=\"markers\"");
        int row = 0;
        foreach (var marker in Markers)
        {
            if (!double.IsFinite(marker.X) || (LogX && marker.X <= 0)) continue;
            double x = frame.PxX(marker.X);
            if (x < frame.LeftPx - 0.5 || x > frame.RightPx + 0.5) continue;
            svg.Line(x, frame.TopPx, x, frame.BottomPx, ChartText.Colour, 1, "4 3");
            if (marker.Y is { } y && double.IsFinite(y) && (!LogY || y > 0)) svg.Circle(x, frame.PxY(y), 4, ChartText.Colour);
            bool rightHalf = x > frame.LeftPx + frame.WidthPx / 2;
            // Each label on its own row, so that markers close together do not print over each other; rows wrap to
            // the top once the plot's height is used up.
            int rows = Math.Max(1, (int)((frame.HeightPx - Options.FontSizePx) / (1.4 * Options.FontSizePx)) + 1);
            double labelY = frame.TopPx + Options.FontSizePx * (1 + 1.4 * (row++ % rows));
            svg.Text(rightHalf ? x - 4 : x + 4, labelY, marker.Label, rightHalf ? TextAnchor.End : TextAnchor.Start, Options.FontSizePx);
        }
        svg.CloseGroup();
    }

    private void DrawSeries(SvgBuilder svg, PlotFrame frame, LineSeries series, string colour)
    {
        var path = new StringBuilder();
        bool penDown = false;
        for (int i = 0; i < series.X.Count; i++)
        {
            if (!Placeable(series.X[i], series.Y[i])) { penDown = false; continue; }
            if (path.Length > 0) path.Append(' ');
            path.Append(penDown ? 'L' : 'M').Append(SvgBuilder.Num(frame.PxX(series.X[i]))).Append(' ').Append(SvgBuilder.Num(frame.PxY(series.Y[i])));
            penDown = true;
        }
        if (path.Length > 0) svg.Path(path.ToString(), colour, 2);
        if (series.X.Count > MaxMarkedPoints) return;
        for (int i = 0; i < series.X.Count; i++)
            if (Placeable(series.X[i], series.Y[i])) svg.Circle(frame.PxX(series.X[i]), frame.PxY(series.Y[i]), 3, colour);
    }
}
