using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Reports.Svg;

namespace HealthLedger.Sim.Tests.Reports.Svg;

/// <summary>
/// One chart of each kind built from fixed data, shared by the determinism and well-formedness tests. Set
/// HL_CHART_OUT to a folder to have <see cref="SampleChartTests"/> write them there for a visual check
/// (render with rsvg-convert).
/// </summary>
internal static class SampleCharts
{
    public static IReadOnlyList<(string Name, string Svg)> All() =>
    [
        ("line-throughput", Throughput().ToSvg()),
        ("bar-messages", Messages().ToSvg()),
        ("cdf-latency", LatencyCdf(logX: false).ToSvg()),
        ("cdf-latency-logx", LatencyCdf(logX: true).ToSvg()),
        ("heatmap-traffic", Traffic().ToSvg()),
        ("line-empty", new LineChart("Nothing yet", new AxisLabel("time", "s"), new AxisLabel("rate", "tx/s")).ToSvg()),
        ("bar-many-categories", ManyCategories().ToSvg()),
        ("line-small-values", SmallValues().ToSvg()),
        ("line-many-series", ManySeries().ToSvg()),
        ("heatmap-sweep", Sweep().ToSvg()),
        ("bar-negative", Negative().ToSvg()),
    ];

    public static LineChart Throughput()
    {
        var validated = new ThroughputSeries(bucketWidthUs: 1_000_000);
        var submitted = new ThroughputSeries(bucketWidthUs: 1_000_000);
        var random = new Random(7); // seeded: test data only
        for (int second = 0; second < 60; second++)
        {
            int rate = second is >= 20 and < 25 ? 40 : 1200 + random.Next(0, 300);
            submitted.Record(second * 1_000_000L + 10, 1300);
            validated.Record(second * 1_000_000L + 10, rate);
        }
        LineSeries ToLine(string name, ThroughputSeries series)
        {
            var buckets = series.Buckets(60_000_000);
            return new LineSeries(name, buckets.Select(b => b.StartUs / 1e6).ToList(), buckets.Select(b => b.EventsPerSecond).ToList());
        }
        return new LineChart("Throughput, baseline (7 validators)", new AxisLabel("simulated time", "s"), new AxisLabel("throughput", "tx/s"))
            .Add(ToLine("submitted", submitted))
            .Add(ToLine("validated", validated));
    }

    public static BarChart Messages()
    {
        string[] nodes = ["gen-1", "gen-2", "recv-1", "recv-2", "mon-1", "mon-2", "mon-3"];
        return new BarChart("Messages sent per node", new AxisLabel("node", ""), new AxisLabel("messages", "count"), nodes)
            .Add(new BarSeries("proposals", [1200, 1180, 1210, 1190, 1205, 1199, 1201]))
            .Add(new BarSeries("validations", [2400, 2390, 2410, 2405, 2399, 2401, 2395]))
            .Add(new BarSeries("transactions", [15000, 14000, 900, 950, 300, 310, 305]));
    }

    public static CdfChart LatencyCdf(bool logX)
    {
        var random = new Random(11);
        var fast = new List<double>();
        var slow = new List<double>();
        for (int i = 0; i < 5000; i++)
        {
            fast.Add(3000 + random.Next(0, 1500) + (random.Next(0, 100) == 0 ? random.Next(5000, 40000) : 0));
            slow.Add(4500 + random.Next(0, 4000) + (random.Next(0, 50) == 0 ? random.Next(10000, 90000) : 0));
        }
        return new CdfChart("Submit-to-validated latency", new AxisLabel("latency", "ms")) { LogX = logX }
            .Add(new CdfSeries("flat quorum", fast.Select(v => v / 1000)))
            .Add(new CdfSeries("groups quorum (k = 2)", slow.Select(v => v / 1000)));
    }

    public static HeatMap Traffic()
    {
        string[] nodes = ["v1", "v2", "v3", "v4", "v5", "v6", "v7"];
        var values = new double[nodes.Length, nodes.Length];
        for (int r = 0; r < nodes.Length; r++)
            for (int c = 0; c < nodes.Length; c++)
                values[r, c] = r == c ? double.NaN : 100 + 37 * ((r * 7 + c * 3) % 11);
        return new HeatMap("Messages between validators", new AxisLabel("receiver", ""), new AxisLabel("sender", ""),
            nodes, nodes, values, new AxisLabel("messages", "count"));
    }

    public static BarChart ManyCategories()
    {
        string[] names = Enumerable.Range(1, 40).Select(i => $"validator-{i:D2}").ToArray();
        return new BarChart("CPU time per validator", new AxisLabel("validator", ""), new AxisLabel("CPU time", "ms"), names)
            .Add(new BarSeries("cpu", names.Select((_, i) => 200.0 + (i * 37 % 50)).ToList()));
    }

    public static LineChart SmallValues() =>
        new LineChart("Loss probability vs. group compromise", new AxisLabel("compromised share", "%"), new AxisLabel("failure risk", "probability"))
            { YIncludesZero = false }
            .Add(new LineSeries("analytic", [0, 5, 10, 15, 20, 25, 30], [0.0001, 0.0003, 0.0009, 0.002, 0.0041, 0.0075, 0.0123]))
            .Add(new LineSeries("Monte Carlo", [0, 5, 10, 15, 20, 25, 30], [0.00012, 0.00028, 0.001, double.NaN, 0.0043, 0.0071, 0.0125]));

    public static LineChart ManySeries()
    {
        var chart = new LineChart("Ledger close time per validator (a long title that has to shrink to fit in the image)",
            new AxisLabel("ledger sequence", ""), new AxisLabel("close time", "µs"));
        for (int v = 0; v < 30; v++)
            chart.Add(new LineSeries($"validator {v}", Enumerable.Range(0, 20).Select(i => (double)i).ToList(),
                Enumerable.Range(0, 20).Select(i => 2_000_000.0 + 40_000 * v + 10_000 * (i % 5)).ToList()));
        return chart;
    }

    public static HeatMap Sweep()
    {
        string[] thresholds = Enumerable.Range(0, 12).Select(i => (0.5 + i * 0.04).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string[] weights = Enumerable.Range(0, 16).Select(i => $"weight {i * 5}%").ToArray();
        var values = new double[weights.Length, thresholds.Length];
        for (int r = 0; r < weights.Length; r++)
            for (int c = 0; c < thresholds.Length; c++)
                values[r, c] = 80 + r * r * 3.1 + c * 17.3;
        return new HeatMap("p99 latency over quorum threshold and generator weight", new AxisLabel("quorum threshold", "share"),
            new AxisLabel("generator group weight", ""), thresholds, weights, values, new AxisLabel("p99 latency", "ms"))
            { CellDecimals = 0 };
    }

    public static BarChart Negative() =>
        new BarChart("Cost difference vs. centralized baseline", new AxisLabel("scenario", ""), new AxisLabel("cost difference", "USD/month"),
                ["baseline", "scale-1000", "group takeover", "partition"])
            .Add(new BarSeries("normal", [-1200.5, 3400, -200, 150]))
            .Add(new BarSeries("risk-weighted", [-800, 4100, 2500, double.NaN]));
}
