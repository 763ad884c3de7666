namespace HealthLedger.Sim.Reports.Svg;

/// <summary>How a legend entry shows its colour.</summary>
internal enum LegendMark
{
    Line,
    Box,
}

/// <summary>One legend entry.</summary>
internal sealed record LegendEntry(string Name, string Colour, LegendMark Mark);

/// <summary>A column of legend entries placed to the right of the plot, where it can never cover data.</summary>
internal static class Legend
{
    private const double SwatchPx = 18;
    private const double SwatchGapPx = 6;

    public static double WidthPx(IReadOnlyList<LegendEntry> entries, double fontSizePx) =>
        entries.Count == 0 ? 0 : SwatchPx + SwatchGapPx + entries.Max(e => ChartText.WidthPx(e.Name, fontSizePx));

    public static void Draw(SvgBuilder svg, IReadOnlyList<LegendEntry> entries, double leftPx, double topPx, double fontSizePx)
    {
        if (entries.Count == 0) return;
        svg.OpenGroup("class=\"legend\"");
        double rowPx = fontSizePx * 1.6;
        for (int i = 0; i < entries.Count; i++)
        {
            LegendEntry entry = entries[i];
            double middleY = topPx + rowPx * i + rowPx / 2;
            if (entry.Mark == LegendMark.Line)
                svg.Line(leftPx, middleY, leftPx + SwatchPx, middleY, entry.Colour, 2.5);
            else
                svg.Rect(leftPx + 3, middleY - 6, 12, 12, entry.Colour);
            svg.Text(leftPx + SwatchPx + SwatchGapPx, middleY + fontSizePx * 0.35, entry.Name, TextAnchor.Start, fontSizePx);
        }
        svg.CloseGroup();
    }
}
