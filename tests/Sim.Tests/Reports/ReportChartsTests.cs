using System.Xml.Linq;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Reports;

namespace HealthLedger.Sim.Tests.Reports;

public class ReportChartsTests
{
    private static (LatencyRecorder Recorder, ThroughputSeries Throughput) Run()
    {
        var recorder = new LatencyRecorder();
        var throughput = new ThroughputSeries(bucketWidthUs: 1_000_000);
        for (long i = 0; i < 2000; i++)
        {
            recorder.Record(2000 + i * 37 % 5000 + (i % 97 == 0 ? 80_000 : 0));
            throughput.Record(i * 5000);
        }
        return (recorder, throughput);
    }

    [Fact]
    public void Standard_charts_are_well_formed_and_repeatable()
    {
        string Render()
        {
            var (recorder, throughput) = Run();
            return ReportCharts.LatencyCdf("latency", [("all", recorder)]).ToSvg()
                + ReportCharts.Throughput("throughput", [("validated", throughput)], endUs: 12_000_000).ToSvg();
        }
        string first = Render();
        Assert.Equal(first, Render());
        var (r, t) = Run();
        XDocument.Parse(ReportCharts.LatencyCdf("latency", [("all", r)]).ToSvg());
        XDocument.Parse(ReportCharts.Throughput("throughput", [("validated", t)]).ToSvg());
    }

    [Fact]
    public void Latency_table_shows_milliseconds()
    {
        var summary = new LatencySummary(1234, 2500.5, 1000, 2000, 3000, 4000, 4500, 5000);
        string table = ReportCharts.LatencyTable([("register", summary)]).ToMarkdown();
        Assert.Equal(
            "| series   | count | mean ms | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n" +
            "| -------- | ----: | ------: | -----: | -----: | -----: | -------: | -----: |\n" +
            "| register | 1,234 |   2.501 |  2.000 |  3.000 |  4.000 |    4.500 |  5.000 |\n",
            table);
    }
}
