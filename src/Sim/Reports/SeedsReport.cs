using CsvHelper;
using MathNet.Numerics.Statistics;
using HealthLedger.Sim.Scenarios;

namespace HealthLedger.Sim.Reports;

/// <summary>seeds.csv: one row per seed of a multi-seed run (<c>healthledger run --seeds N</c>); every figure is
/// simulated, so the file is byte-identical for the same scenario and seeds.</summary>
[CsvRecord]
public sealed partial record SeedRow(ulong Seed, int Planned, int Validated, int Rejected, int Expired, int Pending, double ThroughputTxPerSec,
    double LatencyMsP50, double LatencyMsP99, int Ledgers, string Unexpected);

/// <summary>One run of a multi-seed run as the host saw it (host.json of the whole run).</summary>
public sealed record SeedHost(ulong Seed, double WallSeconds, double ValidatedTxPerWallSecond, double? VerifyBoundRatio, double CpuSeconds, double JitSeconds);

/// <summary>host.json of a multi-seed run: each run's wall-clock figures, in the order they ran. The first run of a
/// process also pays for the JIT's compiling and the heap's first growth; the later ones show the simulator's steady
/// state.</summary>
public sealed record SeedsHostDocument(IReadOnlyList<SeedHost> Runs, double? FirstRunVerifyBoundRatio, double? LaterRunsVerifyBoundRatioMin,
    double? LaterRunsVerifyBoundRatioMedian);

/// <summary>The reports of one scenario run under several seeds: seeds.csv and seeds.md beside one directory per seed.</summary>
public static class SeedsReport
{
    /// <summary>The row of one seed's run.</summary>
    public static SeedRow Row(RunDocument run) => new(run.Seed, run.Summary.Planned, run.Summary.Validated, run.Summary.Rejected, run.Summary.Expired,
        run.Summary.Pending, run.Summary.ThroughputTxPerSec, run.Summary.Latency.LatencyUsP50 / 1000.0, run.Summary.Latency.LatencyUsP99 / 1000.0,
        run.Summary.Ledgers, string.Join(' ', run.Invariants.Where(i => !i.AsExpected).Select(i => i.Name)));

    /// <summary>Writes seeds.csv and seeds.md for <paramref name="runs"/> (in seed order) into <paramref name="directory"/>.</summary>
    public static void Write(string directory, Scenario scenario, IReadOnlyList<RunDocument> runs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        Directory.CreateDirectory(directory);
        var rows = runs.Select(Row).ToList();
        CsvReport.WriteFile(Path.Combine(directory, "seeds.csv"), rows);

        var md = new MarkdownDocument();
        md.Heading(1, $"Seeds: {scenario.Name}");
        if (scenario.Description.Length > 0) md.Paragraph(scenario.Description);
        int asExpected = rows.Count(r => r.Unexpected.Length == 0);
        md.Bullets([
            $"{runs.Count} seeds, {runs[0].Seed} to {runs[^1].Seed}; scenario hash `{runs[0].ScenarioHash[..16]}` (seed {runs[0].Seed}), commit `{runs[0].GitCommit}`",
            $"every invariant as expected in {asExpected} of {runs.Count} runs",
            "each seed's reports are in `seed-<seed>/`, byte-identical to `healthledger run --seed <seed>`",
        ]);
        md.Heading(2, "Across seeds");
        var across = new MarkdownTable(["figure", "min", "median", "max"], [ColumnAlign.Left, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right]);
        void Across(string name, Func<SeedRow, double> figure, int decimals)
        {
            var values = rows.Select(figure).Order().ToArray();
            across.AddRow(name, ReportFormat.Fixed(values[0], decimals), ReportFormat.Fixed(SortedArrayStatistics.Median(values), decimals), ReportFormat.Fixed(values[^1], decimals));
        }
        Across("validated tx/s", r => r.ThroughputTxPerSec, 2);
        Across("latency p50 ms", r => r.LatencyMsP50, 1);
        Across("latency p99 ms", r => r.LatencyMsP99, 1);
        Across("ledgers", r => r.Ledgers, 0);
        Across("pending at the end", r => r.Pending, 0);
        md.Table(across);
        md.Heading(2, "Each seed");
        var each = new MarkdownTable(["seed", "planned", "validated", "rejected", "expired", "pending", "tx/s", "p50 ms", "p99 ms", "ledgers", "invariants"],
            [ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right,
             ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Left]);
        foreach (var r in rows)
            each.AddRow(r.Seed.ToString(), r.Planned.ToString(), r.Validated.ToString(), r.Rejected.ToString(), r.Expired.ToString(), r.Pending.ToString(),
                ReportFormat.Fixed(r.ThroughputTxPerSec, 2), ReportFormat.Fixed(r.LatencyMsP50, 1), ReportFormat.Fixed(r.LatencyMsP99, 1), r.Ledgers.ToString(),
                r.Unexpected.Length == 0 ? "as expected" : $"**unexpected: {r.Unexpected}**");
        md.Table(each);
        ReportFile.WriteText(Path.Combine(directory, "seeds.md"), md.ToMarkdown());
        ReportFile.WriteText(Path.Combine(directory, "seeds-latency.svg"), LatencyBySeed(scenario.Name, rows).ToSvg());
    }

    /// <summary>Median and p99 latency of each seed's run against its seed: a seed whose run stands out shows at once.</summary>
    public static Svg.LineChart LatencyBySeed(string name, IReadOnlyList<SeedRow> rows)
    {
        var chart = new Svg.LineChart($"{name}: latency by seed", new Svg.AxisLabel("seed", ""), new Svg.AxisLabel("planned-to-validated latency", "ms"));
        var seeds = rows.Select(r => (double)r.Seed).ToArray();
        chart.Add(new Svg.LineSeries("p50", seeds, rows.Select(r => r.LatencyMsP50).ToArray()));
        chart.Add(new Svg.LineSeries("p99", seeds, rows.Select(r => r.LatencyMsP99).ToArray()));
        return chart;
    }

    /// <summary>The host figures of a multi-seed run, with the first run's ratio apart from the later runs'.</summary>
    public static SeedsHostDocument Host(IReadOnlyList<SeedHost> runs)
    {
        var later = runs.Skip(1).Select(r => r.VerifyBoundRatio).OfType<double>().Order().ToArray();
        return new SeedsHostDocument(runs, runs.Count > 0 ? runs[0].VerifyBoundRatio : null, later.Length > 0 ? later[0] : null,
            later.Length > 0 ? Math.Round(SortedArrayStatistics.Median(later), 3) : null);
    }
}
