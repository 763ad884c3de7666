namespace HealthLedger.Sim.Reports.Svg;

/// <summary>The "no data" note of an empty chart, so an empty run still yields a valid, self-explaining image.</summary>
internal static class NoData
{
    public static void Draw(SvgBuilder svg, PlotFrame frame, double fontSizePx) =>
        svg.Text(frame.LeftPx + frame.WidthPx / 2, frame.TopPx + frame.HeightPx / 2, "no data", TextAnchor.Middle, fontSizePx * 1.2, "#888888");
}
