using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Reports.Svg;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// The standard charts of a run, built from the metrics types: <c>latency-cdf.svg</c> and <c>throughput.svg</c>.
/// Latencies are recorded in microseconds and drawn in milliseconds; virtual time is drawn in seconds.
/// </summary>
public static class ReportCharts
{
    private const double MicrosecondsPerMillisecond = 1000;
    private const double MicrosecondsPerSecond = 1_000_000;

    /// <summary>
    /// The submit-to-validated latency CDF, one curve per named recorder (for example per transaction kind), on a
    /// log-x axis unless <paramref name="logX"/> is false.
    /// </summary>
    public static CdfChart LatencyCdf(string title, IEnumerable<(string Name, LatencyRecorder Recorder)> series, bool logX = true,
        ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var chart = new CdfChart(title, new AxisLabel("submit-to-validated latency", "ms"), options) { LogX = logX };
        foreach (var (name, recorder) in series)
        {
            var samplesMs = new double[recorder.Count];
            ReadOnlySpan<long> sortedUs = recorder.SortedSamplesUs;
            for (int i = 0; i < samplesMs.Length; i++) samplesMs[i] = sortedUs[i] / MicrosecondsPerMillisecond;
            chart.Add(new CdfSeries(name, samplesMs));
        }
        return chart;
    }

    /// <summary>
    /// Events per second over virtual time, one line per named series (for example submitted and validated), each
    /// point at the start of its bucket; <paramref name="endUs"/> pads every series to the run's length.
    /// </summary>
    public static LineChart Throughput(string title, IEnumerable<(string Name, ThroughputSeries Series)> series, long? endUs = null,
        string eventUnit = "tx/s", ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var chart = new LineChart(title, new AxisLabel("simulated time", "s"), new AxisLabel("throughput", eventUnit), options);
        foreach (var (name, throughput) in series)
        {
            var buckets = throughput.Buckets(endUs);
            chart.Add(new LineSeries(name,
                buckets.Select(b => b.StartUs / MicrosecondsPerSecond).ToList(),
                buckets.Select(b => b.EventsPerSecond).ToList()));
        }
        return chart;
    }

    /// <summary>A Markdown table of latency summaries in milliseconds, one row per name, for <c>summary.md</c>.</summary>
    public static MarkdownTable LatencyTable(IEnumerable<(string Name, LatencySummary Summary)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string[] headers = ["series", "count", "mean ms", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"];
        var table = new MarkdownTable(headers, [ColumnAlign.Left, .. Enumerable.Repeat(ColumnAlign.Right, headers.Length - 1)]);
        foreach (var (name, s) in rows)
        {
            table.AddRow(name, ReportFormat.Integer(s.Count), ReportFormat.Fixed(s.LatencyUsMean / MicrosecondsPerMillisecond, 3),
                ReportFormat.MicrosecondsAsMs(s.LatencyUsP50), ReportFormat.MicrosecondsAsMs(s.LatencyUsP90),
                ReportFormat.MicrosecondsAsMs(s.LatencyUsP99), ReportFormat.MicrosecondsAsMs(s.LatencyUsP999),
                ReportFormat.MicrosecondsAsMs(s.LatencyUsMax));
        }
        return table;
    }
}
