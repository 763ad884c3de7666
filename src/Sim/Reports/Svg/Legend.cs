namespace HealthLedger.Sim.Reports.Svg;

/// <summary>How a legend entry shows its colour.</summary>
internal enum LegendMark
{
    Line,
    Box,
}

/// <summary>One legend entry.</summary>
internal sealed record LegendEntry(string Name, string Colour, LegendMark Mark);

/// <summary>
/// Legend entries placed to the right of the plot, where they can never cover data: one column, wrapping into up to
/// <see cref="MaxColumns"/> columns when the chart is not tall enough, with the rest summarised as "… N more".
/// </summary>
internal static class Legend
{
    private const double SwatchPx = 18;
    private const double SwatchGapPx = 6;
    private const double ColumnGapPx = 12;
    private const int MaxColumns = 3;

    /// <summary>Height kept free of legend rows: the title above the plot and the padding below it.</summary>
    private const double ReservedHeightPx = 60;

    public static double WidthPx(IReadOnlyList<LegendEntry> entries, ChartOptions options)
    {
        var columns = Columns(entries, options);
        return columns.Sum(column => ColumnWidthPx(column, options.FontSizePx)) + ColumnGapPx * Math.Max(0, columns.Count - 1);
    }

    public static void Draw(SvgBuilder svg, IReadOnlyList<LegendEntry> entries, double leftPx, double topPx, ChartOptions options)
    {
        if (entries.Count == 0) return;
        double fontPx = options.FontSizePx;
        double rowPx = fontPx * 1.6;
        svg.OpenGroup("class=\"legend\"");
        double columnLeftPx = leftPx;
        foreach (var column in Columns(entries, options))
        {
            for (int i = 0; i < column.Count; i++)
            {
                LegendEntry entry = column[i];
                double middleY = topPx + rowPx * i + rowPx / 2;
                if (entry.Mark == LegendMark.Line)
                    svg.Line(columnLeftPx, middleY, columnLeftPx + SwatchPx, middleY, entry.Colour, 2.5);
                else if (entry.Colour.Length > 0)
                    svg.Rect(columnLeftPx + 3, middleY - 6, 12, 12, entry.Colour);
                svg.Text(columnLeftPx + SwatchPx + SwatchGapPx, middleY + fontPx * 0.35, entry.Name, TextAnchor.Start, fontPx);
            }
            columnLeftPx += ColumnWidthPx(column, fontPx) + ColumnGapPx;
        }
        svg.CloseGroup();
    }

    private static List<List<LegendEntry>> Columns(IReadOnlyList<LegendEntry> entries, ChartOptions options)
    {
        var columns = new List<List<LegendEntry>>();
        if (entries.Count == 0) return columns;
        int rowsPerColumn = Math.Max(1, (int)((options.HeightPx - ReservedHeightPx) / (options.FontSizePx * 1.6)));
        int capacity = rowsPerColumn * MaxColumns;
        var shown = entries.Count <= capacity
            ? entries.ToList()
            : entries.Take(capacity - 1).Append(new LegendEntry($"… {entries.Count - capacity + 1} more", "", LegendMark.Box)).ToList();
        for (int i = 0; i < shown.Count; i += rowsPerColumn) columns.Add(shown.Skip(i).Take(rowsPerColumn).ToList());
        return columns;
    }

    private static double ColumnWidthPx(List<LegendEntry> column, double fontSizePx) =>
        SwatchPx + SwatchGapPx + column.Max(e => ChartText.WidthPx(e.Name, fontSizePx));
}
