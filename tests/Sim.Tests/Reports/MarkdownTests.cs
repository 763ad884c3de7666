using HealthLedger.Sim.Reports;

namespace HealthLedger.Sim.Tests.Reports;

public class MarkdownTests
{
    [Fact]
    public void Table_is_padded_and_aligned()
    {
        var table = new MarkdownTable(["metric", "value"], [ColumnAlign.Left, ColumnAlign.Right])
            .AddRow("latency p50", "12.300 ms")
            .AddRow("p99", "412.000 ms");
        Assert.Equal(
            "| metric      |      value |\n" +
            "| ----------- | ---------: |\n" +
            "| latency p50 |  12.300 ms |\n" +
            "| p99         | 412.000 ms |\n",
            table.ToMarkdown());
    }

    [Fact]
    public void Pipes_and_line_breaks_cannot_break_the_table()
    {
        string markdown = new MarkdownTable("a").AddRow("x|y\nz").ToMarkdown();
        Assert.Equal("| a      |\n| ------ |\n| x\\|y z |\n", markdown);
    }

    [Fact]
    public void Row_with_the_wrong_number_of_cells_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new MarkdownTable("a", "b").AddRow("only one"));
    }

    [Fact]
    public void Document_separates_blocks_by_one_blank_line()
    {
        string markdown = new MarkdownDocument()
            .Heading(1, "Run baseline")
            .Paragraph("Seed 42.")
            .Bullets(["agreement: held", "no loss: held"])
            .Table(new MarkdownTable("k", "v").AddRow("1", "2"))
            .ToMarkdown();
        Assert.Equal(
            "# Run baseline\n\nSeed 42.\n\n- agreement: held\n- no loss: held\n\n| k   | v   |\n| --- | --- |\n| 1   | 2   |\n",
            markdown);
    }

    [Theory]
    [InlineData(12.345, 2, "12.35")]
    [InlineData(-0.0001, 2, "0.00")]
    [InlineData(1234.5, 0, "1235")]
    [InlineData(double.NaN, 1, "NaN")]
    public void Fixed_formatting_is_invariant(double value, int decimals, string expected)
    {
        Assert.Equal(expected, ReportFormat.Fixed(value, decimals));
    }

    [Fact]
    public void Helpers_format_units()
    {
        Assert.Equal("12.346", ReportFormat.MicrosecondsAsMs(12346));
        Assert.Equal("1,234,567", ReportFormat.Integer(1234567));
        Assert.Equal("12.34%", ReportFormat.Percent(0.1234));
    }
}
