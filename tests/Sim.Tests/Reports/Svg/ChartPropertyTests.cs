using System.Globalization;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Reports.Svg;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Reports.Svg;

public class ChartPropertyTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private static readonly Gen<double> Values = Gen.OneOf(
        Gen.Choose(-1_000_000, 1_000_000).Select(i => (double)i),
        Gen.Choose(0, 1_000_000).Select(i => i / 1e6),
        Gen.Elements(0.0, 1e-9, 1e9, 42.0, double.NaN));

    /// <summary>Well-formed, no NaN or infinity leaked into attributes, every text anchored inside the canvas.</summary>
    private static bool Sound(string svg, ChartOptions options)
    {
        if (svg.Contains("NaN", StringComparison.Ordinal) || svg.Contains("Infinity", StringComparison.Ordinal))
            throw new InvalidOperationException("NaN or infinity in the SVG:\n" + svg);
        XDocument document = XDocument.Parse(svg);
        foreach (XElement text in document.Descendants(Ns + "text"))
        {
            double x = double.Parse(text.Attribute("x")!.Value, CultureInfo.InvariantCulture);
            double y = double.Parse(text.Attribute("y")!.Value, CultureInfo.InvariantCulture);
            if (x < 0 || x > options.WidthPx || y < 0 || y > options.HeightPx)
                throw new InvalidOperationException($"Text '{text.Value}' at ({x}, {y}) is outside the canvas.");
        }
        return true;
    }

    [Fact]
    public void Line_charts_are_sound_and_deterministic()
    {
        var series = Gen.NonEmptyListOf(Gen.Zip(Gen.Choose(-500, 500).Select(i => i / 10.0), Values));
        Prop.ForAll(Arb.From(Gen.ListOf(series)), all =>
        {
            string Render()
            {
                var chart = new LineChart("random", new AxisLabel("x", "s"), new AxisLabel("y", "tx/s")) { YIncludesZero = false };
                for (int i = 0; i < all.Count; i++)
                    chart.Add(new LineSeries($"series {i}", all[i].Select(p => p.Item1).ToList(), all[i].Select(p => p.Item2).ToList()));
                return chart.ToSvg();
            }
            string svg = Render();
            return svg == Render() && Sound(svg, ChartOptions.Default);
        }).Check(PropertyConfig.Default(seed: 5301, maxTest: 60));
    }

    [Fact]
    public void Log_line_charts_with_markers_are_sound_and_deterministic()
    {
        var point = Gen.Zip(Gen.Choose(-12, 3).Select(e => Math.Pow(10, e)), Values);
        var marker = Gen.Zip(Gen.Choose(-12, 3).Select(e => Math.Pow(10, e) * 3), Gen.Elements<double?>(null, 5.0, 0.0, 1e9));
        Prop.ForAll(Arb.From(Gen.Zip(Gen.ListOf(Gen.NonEmptyListOf(point)), Gen.ListOf(marker))), input =>
        {
            var (all, marks) = input;
            string Render()
            {
                var chart = new LineChart("log", new AxisLabel("p", ""), new AxisLabel("cost", ""))
                {
                    LogX = true, LogY = true, Markers = marks.Select((m, i) => new ChartMarker(m.Item1, m.Item2, $"marker {i}")).ToList(),
                };
                for (int i = 0; i < all.Count; i++)
                    chart.Add(new LineSeries($"series {i}", all[i].Select(p => p.Item1).ToList(), all[i].Select(p => p.Item2).ToList()));
                return chart.ToSvg();
            }
            string svg = Render();
            return svg == Render() && Sound(svg, ChartOptions.Default)
                   && marks.Select((_, i) => $"marker {i}").All(label => svg.Contains(label, StringComparison.Ordinal) || marks.Count > 15);
        }).Check(PropertyConfig.Default(seed: 5307, maxTest: 60));
    }

    [Fact]
    public void Cdf_charts_are_sound_and_deterministic_on_linear_and_log_axes()
    {
        var samples = Gen.ListOf(Gen.OneOf(Gen.Choose(-10, 100_000).Select(i => (double)i), Gen.Choose(1, 1000).Select(i => i / 1000.0)));
        Prop.ForAll(Arb.From(Gen.Zip(Gen.ListOf(samples), Gen.Elements(true, false))), pair =>
        {
            var (all, logX) = pair;
            string Render()
            {
                var chart = new CdfChart("random", new AxisLabel("latency", "ms")) { LogX = logX, MaxPointsPerSeries = 50 };
                for (int i = 0; i < all.Count; i++) chart.Add(new CdfSeries($"s{i}", all[i]));
                return chart.ToSvg();
            }
            string svg = Render();
            return svg == Render() && Sound(svg, ChartOptions.Default);
        }).Check(PropertyConfig.Default(seed: 5302, maxTest: 60));
    }

    [Fact]
    public void Bar_charts_are_sound_and_deterministic()
    {
        var gen = Gen.Choose(0, 30).SelectMany(categories =>
            Gen.ListOf(Gen.ArrayOf(Values, categories)).Select(series => (categories, series)));
        Prop.ForAll(Arb.From(gen), input =>
        {
            string Render()
            {
                var names = Enumerable.Range(0, input.categories).Select(i => $"node-{i}").ToArray();
                var chart = new BarChart("random", new AxisLabel("node", ""), new AxisLabel("bytes", "B"), names);
                for (int i = 0; i < input.series.Count; i++) chart.Add(new BarSeries($"kind {i}", input.series[i]));
                return chart.ToSvg();
            }
            string svg = Render();
            return svg == Render() && Sound(svg, ChartOptions.Default);
        }).Check(PropertyConfig.Default(seed: 5303, maxTest: 60));
    }

    [Fact]
    public void Heat_maps_are_sound_and_deterministic()
    {
        var gen = Gen.Zip(Gen.Choose(0, 12), Gen.Choose(0, 12)).SelectMany(size =>
            Gen.ArrayOf(Values, size.Item1 * size.Item2).Select(cells => (size.Item1, size.Item2, cells)));
        Prop.ForAll(Arb.From(gen), input =>
        {
            var (rows, columns, cells) = input;
            var matrix = new double[rows, columns];
            for (int i = 0; i < cells.Length; i++) matrix[i / columns, i % columns] = cells[i];
            string Render() => new HeatMap("random", new AxisLabel("to", ""), new AxisLabel("from", ""),
                Enumerable.Range(0, columns).Select(i => $"c{i}").ToArray(), Enumerable.Range(0, rows).Select(i => $"r{i}").ToArray(),
                matrix, new AxisLabel("messages", "count")).ToSvg();
            string svg = Render();
            return svg == Render() && Sound(svg, ChartOptions.Default);
        }).Check(PropertyConfig.Default(seed: 5304, maxTest: 60));
    }

    [Fact]
    public void Mismatched_inputs_are_rejected_with_a_message()
    {
        Assert.Throws<ArgumentException>(() => new LineSeries("s", [1, 2], [1]));
        var bar = new BarChart("t", new AxisLabel("x", ""), new AxisLabel("y", ""), ["a", "b"]);
        Assert.Throws<ArgumentException>(() => bar.Add(new BarSeries("s", [1])));
        Assert.Throws<ArgumentException>(() => new HeatMap("t", new AxisLabel("x", ""), new AxisLabel("y", ""), ["a"], ["b"],
            new double[2, 1], new AxisLabel("v", "")));
        Assert.Throws<ArgumentException>(() => new CdfSeries("s", [double.PositiveInfinity]));
    }
}
