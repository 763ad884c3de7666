using System.Xml.Linq;
using HealthLedger.Sim.Reports.Svg;

namespace HealthLedger.Sim.Tests.Reports.Svg;

public class SvgBuilderTests
{
    [Theory]
    [InlineData(3, "3")]
    [InlineData(12.345678, "12.35")]
    [InlineData(-0.001, "0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e6, "1000000")]
    public void Numbers_have_one_fixed_form(double value, string expected)
    {
        Assert.Equal(expected, SvgBuilder.Num(value));
    }

    [Fact]
    public void Text_with_markup_characters_survives_parsing()
    {
        const string title = "p99 < 5 ms & \"fast\" 'enough'";
        string svg = new LineChart(title, new AxisLabel("a<b", ""), new AxisLabel("c&d", "%")).ToSvg();
        XDocument document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(title, document.Root!.Element(ns + "title")!.Value);
        Assert.Contains(document.Descendants(ns + "text"), e => e.Value == "c&d (%)");
    }

    [Fact]
    public void Viridis_runs_from_purple_to_yellow()
    {
        Assert.Equal("#440154", ColorScale.Viridis(0));
        Assert.Equal("#fde725", ColorScale.Viridis(1));
        Assert.Equal("#fde725", ColorScale.Viridis(7)); // clamped
        Assert.Equal("#21908d", ColorScale.Viridis(0.5));
    }

    [Fact]
    public void Palette_repeats_after_its_last_colour()
    {
        Assert.Equal(Palette.Series(0), Palette.Series(7));
        Assert.NotEqual(Palette.Series(0), Palette.Series(1));
    }
}
