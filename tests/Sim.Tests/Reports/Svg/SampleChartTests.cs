using System.Xml.Linq;

namespace HealthLedger.Sim.Tests.Reports.Svg;

public class SampleChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> Names => new(SampleCharts.All().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Chart_is_well_formed_svg_with_a_title(string name)
    {
        string svg = SampleCharts.All().Single(c => c.Name == name).Svg;
        XDocument document = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", document.Root!.Name);
        Assert.NotNull(document.Root.Element(Svg + "title"));
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", svg, StringComparison.Ordinal);
        WriteForInspection(name, svg);
    }

    [Fact]
    public void Charts_are_byte_identical_when_built_twice()
    {
        var first = SampleCharts.All();
        var second = SampleCharts.All();
        Assert.Equal(first.Select(c => c.Svg), second.Select(c => c.Svg));
    }

    /// <summary>Writes the chart to HL_CHART_OUT when set, for a look in a browser or through rsvg-convert.</summary>
    private static void WriteForInspection(string name, string svg)
    {
        string? folder = Environment.GetEnvironmentVariable("HL_CHART_OUT");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".svg"), svg);
    }
}
