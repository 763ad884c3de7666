namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// The layout and furniture shared by every chart: title, plot rectangle, grid, axes with ticks and labels, axis
/// titles and the space for a legend on the right. Margins are computed from the estimated label sizes (see
/// <see cref="ChartText"/>) so that nothing is clipped; tick density is reduced until tick labels do not overlap,
/// and category labels turn 45° (then thin out) when they do not fit side by side.
/// </summary>
internal sealed class PlotFrame
{
    private const double PaddingPx = 10;
    private const double TickPx = 5;
    private const double TickGapPx = 3;
    private const string AxisColour = "#444444";
    private const string GridColour = "#e2e2e2";
    private const string MinorGridColour = "#f2f2f2";

    private readonly ChartOptions _options;
    private readonly string _title;
    private readonly AxisLabel _xLabel;
    private readonly AxisLabel _yLabel;
    private double _titleFontPx;

    private PlotFrame(ChartOptions options, string title, AxisLabel xLabel, AxisLabel yLabel, AxisScale x, AxisScale y)
    {
        _options = options;
        _title = title;
        _xLabel = xLabel;
        _yLabel = yLabel;
        X = x;
        Y = y;
    }

    public AxisScale X { get; private set; }
    public AxisScale Y { get; private set; }
    public double LeftPx { get; private set; }
    public double TopPx { get; private set; }
    public double WidthPx { get; private set; }
    public double HeightPx { get; private set; }
    public double RightPx => LeftPx + WidthPx;
    public double BottomPx => TopPx + HeightPx;

    /// <summary>Whether x tick labels are drawn at 45°.</summary>
    public bool XLabelsRotated { get; private set; }

    /// <summary>Every how many labelled x ticks one is drawn (1 = all).</summary>
    public int XLabelStride { get; private set; } = 1;

    /// <summary>Every how many labelled y ticks one is drawn (1 = all).</summary>
    public int YLabelStride { get; private set; } = 1;

    private double FontPx => _options.FontSizePx;

    public double PxX(double value) => LeftPx + X.ToFraction(value) * WidthPx;

    public double PxY(double value) => TopPx + (1 - Y.ToFraction(value)) * HeightPx;

    /// <summary>
    /// Lays out a chart. <paramref name="makeX"/> and <paramref name="makeY"/> build an axis for a target tick
    /// count; <paramref name="rightReservePx"/> is the width kept free right of the plot (legend or colour bar).
    /// </summary>
    public static PlotFrame Layout(ChartOptions options, string title, AxisLabel xLabel, AxisLabel yLabel,
        Func<int, AxisScale> makeX, Func<int, AxisScale> makeY, double rightReservePx)
    {
        var frame = new PlotFrame(options, title, xLabel, yLabel, makeX(2), makeY(2));
        frame._titleFontPx = FitFont(title, options.TitleFontSizePx, options.WidthPx - 2 * PaddingPx);
        double fontPx = options.FontSizePx;
        double topPx = PaddingPx + (title.Length > 0 ? frame._titleFontPx * 1.2 + 10 : 0) + fontPx / 2;
        double rightPx = PaddingPx + (rightReservePx > 0 ? rightReservePx + 16 : 0);
        double bottomPx = PaddingPx + fontPx * 1.2 + 8 + TickPx + TickGapPx + fontPx;
        double leftPx = PaddingPx + 60;

        // Each pass refines the margins from the labels the previous pass chose; three passes settle in practice.
        for (int pass = 0; pass < 3; pass++)
        {
            frame.TopPx = topPx;
            frame.HeightPx = Math.Max(20, options.HeightPx - topPx - bottomPx);
            frame.Y = frame.ChooseY(makeY);
            double yLabelWidthPx = frame.Y.Ticks.Where(t => t.Label.Length > 0).Select(t => ChartText.WidthPx(t.Label, fontPx)).DefaultIfEmpty(0).Max();
            leftPx = PaddingPx + (yLabel.Text.Length > 0 ? fontPx * 1.2 + 8 : 0) + yLabelWidthPx + TickPx + TickGapPx;

            frame.LeftPx = leftPx;
            frame.WidthPx = Math.Max(20, options.WidthPx - leftPx - rightPx);
            frame.X = frame.ChooseX(makeX);
            var (overhangLeftPx, overhangRightPx, labelBlockPx) = frame.XLabelExtent();
            double neededLeftPx = PaddingPx + overhangLeftPx;
            if (neededLeftPx > leftPx)
            {
                leftPx = neededLeftPx;
                frame.LeftPx = leftPx;
            }
            double frameRightPx = Math.Max(rightPx, PaddingPx + overhangRightPx);
            frame.WidthPx = Math.Max(20, options.WidthPx - leftPx - frameRightPx);
            bottomPx = PaddingPx + (xLabel.Text.Length > 0 ? fontPx * 1.2 + 8 : 0) + TickPx + TickGapPx + labelBlockPx;
        }
        frame.HeightPx = Math.Max(20, options.HeightPx - frame.TopPx - bottomPx);
        return frame;
    }

    /// <summary>White background, title, grid and clip path; call before drawing data.</summary>
    public void DrawBackground(SvgBuilder svg)
    {
        svg.Rect(0, 0, _options.WidthPx, _options.HeightPx, "#ffffff");
        if (_title.Length > 0)
            svg.Text(_options.WidthPx / 2, PaddingPx + _titleFontPx, _title, TextAnchor.Middle, _titleFontPx, bold: true);
        svg.Raw($"<defs><clipPath id=\"plot-area\"><rect x=\"{SvgBuilder.Num(LeftPx - 2)}\" y=\"{SvgBuilder.Num(TopPx - 2)}\" " +
                $"width=\"{SvgBuilder.Num(WidthPx + 4)}\" height=\"{SvgBuilder.Num(HeightPx + 4)}\"/></clipPath></defs>");
        svg.OpenGroup("class=\"grid\"");
        if (X.HasGrid)
            foreach (AxisTick tick in X.Ticks)
            {
                double x = PxX(tick.Value);
                svg.Line(x, TopPx, x, BottomPx, tick.IsMajor ? GridColour : MinorGridColour);
            }
        if (Y.HasGrid)
            foreach (AxisTick tick in Y.Ticks)
            {
                double y = PxY(tick.Value);
                svg.Line(LeftPx, y, RightPx, y, tick.IsMajor ? GridColour : MinorGridColour);
            }
        svg.CloseGroup();
    }

    /// <summary>Opens the group whose drawing is clipped to the plot rectangle; close it with <see cref="SvgBuilder.CloseGroup"/>.</summary>
    public static void OpenPlotGroup(SvgBuilder svg, string cssClass) =>
        svg.OpenGroup($"class=\"{cssClass}\" clip-path=\"url(#plot-area)\"");

    /// <summary>Axis lines, ticks, tick labels and axis titles; call after drawing data so the axes stay on top.</summary>
    public void DrawAxes(SvgBuilder svg)
    {
        svg.OpenGroup("class=\"axes\"");
        svg.Line(LeftPx, BottomPx, RightPx, BottomPx, AxisColour);
        svg.Line(LeftPx, TopPx, LeftPx, BottomPx, AxisColour);

        int labelled = 0;
        foreach (AxisTick tick in X.Ticks)
        {
            double x = PxX(tick.Value);
            svg.Line(x, BottomPx, x, BottomPx + (tick.IsMajor ? TickPx : TickPx / 2), AxisColour);
            if (tick.Label.Length == 0 || labelled++ % XLabelStride != 0) continue;
            double y = BottomPx + TickPx + TickGapPx;
            if (XLabelsRotated)
                svg.Text(x + FontPx * 0.3, y + FontPx * 0.5, tick.Label, TextAnchor.End, FontPx, rotateDeg: -45);
            else
                svg.Text(x, y + FontPx * 0.8, tick.Label, TextAnchor.Middle, FontPx);
        }

        labelled = 0;
        foreach (AxisTick tick in Y.Ticks)
        {
            double y = PxY(tick.Value);
            svg.Line(LeftPx - (tick.IsMajor ? TickPx : TickPx / 2), y, LeftPx, y, AxisColour);
            if (tick.Label.Length == 0 || labelled++ % YLabelStride != 0) continue;
            svg.Text(LeftPx - TickPx - TickGapPx, y + FontPx * 0.35, tick.Label, TextAnchor.End, FontPx);
        }

        if (_xLabel.Text.Length > 0)
            svg.Text(LeftPx + WidthPx / 2, _options.HeightPx - PaddingPx - FontPx * 0.25, _xLabel.Text, TextAnchor.Middle, FontPx);
        if (_yLabel.Text.Length > 0)
        {
            double x = PaddingPx + FontPx;
            double y = TopPx + HeightPx / 2;
            svg.Text(x, y, _yLabel.Text, TextAnchor.Middle, FontPx, rotateDeg: -90);
        }
        svg.CloseGroup();
    }

    private AxisScale ChooseX(Func<int, AxisScale> makeX)
    {
        XLabelsRotated = false;
        XLabelStride = 1;
        AxisScale scale = makeX(2);
        if (scale is CategoryScale categories)
        {
            double bandPx = WidthPx / Math.Max(1, categories.Count);
            double widestPx = MaxLabelWidth(categories);
            if (widestPx + 8 > bandPx)
            {
                XLabelsRotated = true;
                XLabelStride = Math.Max(1, (int)Math.Ceiling(FontPx * 1.5 / bandPx));
            }
            return scale;
        }

        for (int target = Math.Max(2, (int)(WidthPx / 60)); target >= 2; target--)
        {
            scale = makeX(target);
            if (XLabelsFitSideBySide(scale)) return scale;
        }
        // Even two ticks collide (very long labels): keep every other label.
        XLabelStride = 2;
        return scale;
    }

    private AxisScale ChooseY(Func<int, AxisScale> makeY)
    {
        YLabelStride = 1;
        AxisScale scale = makeY(2);
        if (scale is CategoryScale categories)
        {
            double bandPx = HeightPx / Math.Max(1, categories.Count);
            YLabelStride = Math.Max(1, (int)Math.Ceiling(FontPx * 1.3 / bandPx));
            return scale;
        }
        for (int target = Math.Max(2, (int)(HeightPx / (FontPx * 3.5))); target >= 2; target--)
        {
            scale = makeY(target);
            var positions = scale.Ticks.Where(t => t.Label.Length > 0).Select(t => PxY(scale, t.Value)).ToList();
            bool fits = true;
            for (int i = 1; i < positions.Count; i++)
                if (Math.Abs(positions[i] - positions[i - 1]) < FontPx * 1.4) fits = false;
            if (fits) return scale;
        }
        YLabelStride = 2;
        return scale;
    }

    private bool XLabelsFitSideBySide(AxisScale scale)
    {
        double previousRightPx = double.NegativeInfinity;
        foreach (AxisTick tick in scale.Ticks)
        {
            if (tick.Label.Length == 0) continue;
            double centrePx = LeftPx + scale.ToFraction(tick.Value) * WidthPx;
            double halfPx = ChartText.WidthPx(tick.Label, FontPx) / 2;
            if (centrePx - halfPx < previousRightPx + 8) return false;
            previousRightPx = centrePx + halfPx;
        }
        return true;
    }

    /// <summary>How far the x labels reach left of the plot, right of it, and below the ticks.</summary>
    private (double LeftPx, double RightPx, double BelowPx) XLabelExtent()
    {
        var labelled = X.Ticks.Where(t => t.Label.Length > 0).ToList();
        if (labelled.Count == 0) return (0, 0, FontPx);
        double firstPx = X.ToFraction(labelled[0].Value) * WidthPx;
        double lastPx = X.ToFraction(labelled[^1].Value) * WidthPx;
        double firstWidthPx = ChartText.WidthPx(labelled[0].Label, FontPx);
        double lastWidthPx = ChartText.WidthPx(labelled[^1].Label, FontPx);
        if (XLabelsRotated)
        {
            // A label at -45° anchored at its end runs down and to the left by width / √2.
            double reachPx = MaxLabelWidth(X) * Math.Sqrt(0.5) + FontPx;
            return (Math.Max(0, firstWidthPx * Math.Sqrt(0.5) - firstPx), 0, reachPx);
        }
        return (Math.Max(0, firstWidthPx / 2 - firstPx), Math.Max(0, lastWidthPx / 2 - (WidthPx - lastPx)), FontPx);
    }

    private double MaxLabelWidth(AxisScale scale) =>
        scale.Ticks.Select(t => ChartText.WidthPx(t.Label, FontPx)).DefaultIfEmpty(0).Max();

    private double PxY(AxisScale scale, double value) => TopPx + (1 - scale.ToFraction(value)) * HeightPx;

    /// <summary>Shrinks a title's font (down to 10 px) until its estimated width fits.</summary>
    private static double FitFont(string text, double fontPx, double availablePx)
    {
        double widthPx = ChartText.WidthPx(text, fontPx);
        return widthPx <= availablePx ? fontPx : Math.Max(10, fontPx * availablePx / widthPx);
    }
}
