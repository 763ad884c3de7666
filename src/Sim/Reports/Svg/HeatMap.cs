namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// A matrix of values as coloured cells (viridis, see <see cref="ColorScale"/>) with a colour bar legend, for example
/// messages sent from node to node, or p99 latency over a sweep of two parameters. Row 0 is drawn at the top, as a
/// matrix is read. Cell values are written in the cells when they fit; NaN cells are grey and marked "n/a".
/// </summary>
public sealed class HeatMap
{
    private const double ColourBarWidthPx = 16;
    private const string MissingColour = "#d9d9d9";
    private readonly string[] _columns;
    private readonly string[] _rows;
    private readonly double[,] _values;

    /// <summary>
    /// A heat map of <paramref name="values"/>[row, column], with one label per row and per column;
    /// <paramref name="valueAxis"/> titles the colour bar.
    /// </summary>
    public HeatMap(string title, AxisLabel xAxis, AxisLabel yAxis, IReadOnlyList<string> columnLabels,
        IReadOnlyList<string> rowLabels, double[,] values, AxisLabel valueAxis, ChartOptions? options = null)
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XAxis = xAxis ?? throw new ArgumentNullException(nameof(xAxis));
        YAxis = yAxis ?? throw new ArgumentNullException(nameof(yAxis));
        ValueAxis = valueAxis ?? throw new ArgumentNullException(nameof(valueAxis));
        ArgumentNullException.ThrowIfNull(columnLabels);
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) != rowLabels.Count || values.GetLength(1) != columnLabels.Count)
            throw new ArgumentException(
                $"The matrix is {values.GetLength(0)} × {values.GetLength(1)} but there are {rowLabels.Count} row and {columnLabels.Count} column labels.",
                nameof(values));
        foreach (double v in values)
            if (double.IsInfinity(v)) throw new ArgumentException("A heat map value is infinite.", nameof(values));
        _columns = columnLabels.ToArray();
        _rows = rowLabels.ToArray();
        _values = (double[,])values.Clone();
        Options = options ?? ChartOptions.Default;
    }

    /// <summary>The chart title.</summary>
    public string Title { get; }

    /// <summary>Title of the column axis.</summary>
    public AxisLabel XAxis { get; }

    /// <summary>Title of the row axis.</summary>
    public AxisLabel YAxis { get; }

    /// <summary>Title and unit of the values (shown by the colour bar).</summary>
    public AxisLabel ValueAxis { get; }

    /// <summary>Size and fonts.</summary>
    public ChartOptions Options { get; }

    /// <summary>The value drawn darkest; default the smallest value.</summary>
    public double? ValueMin { get; init; }

    /// <summary>The value drawn brightest; default the largest value.</summary>
    public double? ValueMax { get; init; }

    /// <summary>Decimals of the values written in cells, or null to write none.</summary>
    public int? CellDecimals { get; init; } = 0;

    /// <summary>The chart as an SVG document.</summary>
    public string ToSvg()
    {
        var finite = _values.Cast<double>().Where(double.IsFinite).ToList();
        double low = ValueMin ?? (finite.Count > 0 ? finite.Min() : 0);
        double high = ValueMax ?? (finite.Count > 0 ? finite.Max() : 1);
        if (high < low) throw new InvalidOperationException($"ValueMax {high} is below ValueMin {low}.");
        var colourScale = LinearScale.Create(low, high, 6, tight: true);
        double colourLow = colourScale.Min, colourHigh = colourScale.Max;

        double barLabelWidthPx = colourScale.Ticks.Select(t => ChartText.WidthPx(t.Label, Options.FontSizePx)).DefaultIfEmpty(0).Max();
        double reservePx = ColourBarWidthPx + 8 + barLabelWidthPx + 8 + Options.FontSizePx * 1.2;
        var columnScale = new CategoryScale(_columns);
        var rowScale = new CategoryScale(_rows.Reverse().ToArray()); // the scale counts from the bottom; row 0 goes on top
        var frame = PlotFrame.Layout(Options, Title, XAxis, YAxis, _ => columnScale, _ => rowScale, reservePx);

        var svg = new SvgBuilder(Options.WidthPx, Options.HeightPx, Title);
        frame.DrawBackground(svg);
        svg.OpenGroup("class=\"cells\"");
        double cellWidthPx = frame.WidthPx / Math.Max(1, _columns.Length);
        double cellHeightPx = frame.HeightPx / Math.Max(1, _rows.Length);
        for (int r = 0; r < _rows.Length; r++)
        {
            for (int c = 0; c < _columns.Length; c++)
            {
                double value = _values[r, c];
                double fraction = colourHigh > colourLow ? (value - colourLow) / (colourHigh - colourLow) : 0.5;
                double x = frame.LeftPx + c * cellWidthPx;
                double y = frame.TopPx + r * cellHeightPx;
                bool missing = double.IsNaN(value);
                svg.Rect(x, y, cellWidthPx, cellHeightPx, missing ? MissingColour : ColorScale.Viridis(fraction), "#ffffff", "stroke-width=\"0.5\"");
                if (CellDecimals is not int decimals) continue;
                string text = missing ? "n/a" : ReportFormat.Fixed(value, decimals);
                if (ChartText.WidthPx(text, Options.FontSizePx) + 4 > cellWidthPx || Options.FontSizePx + 4 > cellHeightPx) continue;
                svg.Text(x + cellWidthPx / 2, y + cellHeightPx / 2 + Options.FontSizePx * 0.35, text, TextAnchor.Middle,
                    Options.FontSizePx, missing ? "#444444" : ColorScale.TextOn(Math.Clamp(fraction, 0, 1)));
            }
        }
        svg.CloseGroup();
        if (_rows.Length == 0 || _columns.Length == 0) NoData.Draw(svg, frame, Options.FontSizePx);
        frame.DrawAxes(svg);
        DrawColourBar(svg, frame, colourScale);
        return svg.Finish();
    }

    /// <summary>A vertical gradient bar right of the plot with ticks of the value scale and the value axis title.</summary>
    private void DrawColourBar(SvgBuilder svg, PlotFrame frame, LinearScale scale)
    {
        double left = frame.RightPx + 16;
        double top = frame.TopPx;
        double height = frame.HeightPx;
        svg.OpenGroup("class=\"colour-bar\"");
        svg.Raw(ColorScale.ViridisGradient("colour-scale"));
        svg.Rect(left, top, ColourBarWidthPx, height, "url(#colour-scale)");
        svg.Rect(left, top, ColourBarWidthPx, height, "none", "#444444");
        foreach (AxisTick tick in scale.Ticks)
        {
            double fraction = scale.Max > scale.Min ? scale.ToFraction(tick.Value) : 0.5;
            double y = top + height * (1 - fraction);
            svg.Line(left + ColourBarWidthPx, y, left + ColourBarWidthPx + 4, y, "#444444");
            svg.Text(left + ColourBarWidthPx + 7, y + Options.FontSizePx * 0.35, tick.Label, TextAnchor.Start, Options.FontSizePx);
        }
        double titleX = Options.WidthPx - 10 - Options.FontSizePx * 0.3;
        svg.Text(titleX, top + height / 2, ValueAxis.Text, TextAnchor.Middle, Options.FontSizePx, rotateDeg: -90);
        svg.CloseGroup();
    }
}
