using System.Text;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// A GitHub-flavoured Markdown table for <c>summary.md</c>: a header row, an alignment row and one row per
/// <see cref="AddRow"/>, with columns padded to equal width so the file also reads well as plain text. Cells are
/// strings: format numbers before adding them (see <see cref="ReportFormat"/>), so the table decides nothing about
/// precision.
/// </summary>
public sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly ColumnAlign[] _aligns;
    private readonly List<string[]> _rows = [];

    /// <summary>A table with the given column headers, all left-aligned.</summary>
    public MarkdownTable(params string[] headers)
        : this(headers, headers.Select(_ => ColumnAlign.Left).ToArray())
    {
    }

    /// <summary>A table with the given column headers and alignments (one per column).</summary>
    public MarkdownTable(IReadOnlyList<string> headers, IReadOnlyList<ColumnAlign> aligns)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(aligns);
        if (headers.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(headers));
        if (aligns.Count != headers.Count) throw new ArgumentException($"{headers.Count} headers but {aligns.Count} alignments.", nameof(aligns));
        _headers = headers.Select(Escape).ToArray();
        _aligns = aligns.ToArray();
    }

    /// <summary>Number of data rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Adds a row; it must have one cell per column.</summary>
    public MarkdownTable AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
            throw new ArgumentException($"The table has {_headers.Length} columns; the row has {cells.Length} cells.", nameof(cells));
        _rows.Add(cells.Select(Escape).ToArray());
        return this;
    }

    /// <summary>The table as Markdown, each line ending with "\n".</summary>
    public string ToMarkdown()
    {
        int[] widths = new int[_headers.Length];
        for (int c = 0; c < widths.Length; c++)
        {
            widths[c] = Math.Max(3, _headers[c].Length); // "---" is the shortest alignment cell
            foreach (string[] row in _rows) widths[c] = Math.Max(widths[c], row[c].Length);
        }

        var text = new StringBuilder();
        AppendRow(text, _headers, widths);
        text.Append('|');
        for (int c = 0; c < widths.Length; c++)
        {
            string dashes = _aligns[c] switch
            {
                ColumnAlign.Right => new string('-', widths[c] - 1) + ":",
                ColumnAlign.Center => ":" + new string('-', widths[c] - 2) + ":",
                _ => new string('-', widths[c]),
            };
            text.Append(' ').Append(dashes).Append(" |");
        }
        text.Append('\n');
        foreach (string[] row in _rows) AppendRow(text, row, widths);
        return text.ToString();
    }

    /// <inheritdoc cref="ToMarkdown"/>
    public override string ToString() => ToMarkdown();

    private void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (int c = 0; c < cells.Length; c++)
        {
            string cell = _aligns[c] == ColumnAlign.Right ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]);
            text.Append(' ').Append(cell).Append(" |");
        }
        text.Append('\n');
    }

    /// <summary>A pipe would end the cell and a line break the row, so both are neutralised.</summary>
    private static string Escape(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ');
    }
}
