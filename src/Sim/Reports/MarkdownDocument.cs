using System.Text;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// Builds a small Markdown file such as <c>summary.md</c>: headings, paragraphs, bullet lists and tables, separated
/// by one blank line, with "\n" line endings and exactly one final newline.
/// </summary>
public sealed class MarkdownDocument
{
    private readonly List<string> _blocks = [];

    /// <summary>A heading of level 1 to 6.</summary>
    public MarkdownDocument Heading(int level, string text)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 6);
        _blocks.Add(new string('#', level) + " " + OneLine(text));
        return this;
    }

    /// <summary>A paragraph of text (line breaks inside it are kept).</summary>
    public MarkdownDocument Paragraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _blocks.Add(text.ReplaceLineEndings("\n").TrimEnd('\n'));
        return this;
    }

    /// <summary>A bullet list, one item per entry.</summary>
    public MarkdownDocument Bullets(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _blocks.Add(string.Join("\n", items.Select(item => "- " + OneLine(item))));
        return this;
    }

    /// <summary>A table.</summary>
    public MarkdownDocument Table(MarkdownTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _blocks.Add(table.ToMarkdown().TrimEnd('\n'));
        return this;
    }

    /// <summary>The document as Markdown.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        foreach (string block in _blocks)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(block).Append('\n');
        }
        return text.ToString();
    }

    /// <inheritdoc cref="ToMarkdown"/>
    public override string ToString() => ToMarkdown();

    private static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ReplaceLineEndings(" ");
    }
}
