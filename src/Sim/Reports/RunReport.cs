using HealthLedger.Sim.Cost.Reporting;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Sim.Reports;

/// <summary>The summary figures of a run, as written to run.json.</summary>
/// <param name="Planned">Operations the workload planned.</param>
/// <param name="Validated">Transactions fully validated.</param>
/// <param name="Rejected">Transactions rejected.</param>
/// <param name="Expired">Transactions past their last valid ledger.</param>
/// <param name="Pending">Operations still pending at the end.</param>
/// <param name="RejectedByReason">Rejections per reason.</param>
/// <param name="ThroughputTxPerSec">Validated transactions per simulated second of workload.</param>
/// <param name="Latency">Planned-to-validated latency, µs.</param>
/// <param name="Ledgers">Ledgers validated.</param>
/// <param name="LedgerIntervalMsMean">Mean simulated time between consecutive validated ledgers.</param>
/// <param name="TxPerLedgerMean">Mean transactions per validated ledger.</param>
/// <param name="SimulatedSec">Simulated time covered.</param>
/// <param name="Events">Events processed.</param>
/// <param name="MessagesLost">Messages lost by the network.</param>
/// <param name="MessagesPartitioned">Messages cut by partitions.</param>
/// <param name="MessagesDuplicated">Messages the network duplicated.</param>
public sealed record RunSummary(int Planned, int Validated, int Rejected, int Expired, int Pending, SortedDictionary<string, int> RejectedByReason,
    double ThroughputTxPerSec, LatencySummary Latency, int Ledgers, double LedgerIntervalMsMean, double TxPerLedgerMean, double SimulatedSec,
    long Events, long MessagesLost, long MessagesPartitioned, long MessagesDuplicated);

/// <summary>run.json.</summary>
/// <param name="Scenario">The resolved scenario (defaults filled in).</param>
/// <param name="Seed">The seed in force.</param>
/// <param name="ScenarioHash">SHA-256 of the resolved scenario's canonical JSON.</param>
/// <param name="GitCommit">The commit the harness was built from.</param>
/// <param name="Summary">Summary metrics.</param>
/// <param name="Invariants">Invariant verdicts.</param>
/// <param name="Risk">The analytic risk of the scenario's configuration and of the takeover it stages (docs/risk-model.md).</param>
/// <param name="Cost">Measured resources and the cost comparison with the centralized baseline (docs/cost-model.md).</param>
public sealed record RunDocument(Scenario Scenario, ulong Seed, string ScenarioHash, string GitCommit, RunSummary Summary, IReadOnlyList<InvariantResult> Invariants,
    HealthLedger.Sim.Risk.Reporting.RunRisk? Risk = null, RunCost? Cost = null);

/// <summary>host.json: the only file that differs between two runs of the same scenario and seed.</summary>
/// <param name="WallSeconds">Wall-clock time of the run.</param>
/// <param name="EventsPerWallSecond">Simulator speed.</param>
/// <param name="ValidatedTxPerWallSecond">Validated transactions per wall-clock second.</param>
/// <param name="Machine">Host name.</param>
/// <param name="ProcessorCount">Logical processors.</param>
/// <param name="Os">Operating system.</param>
/// <param name="Runtime">.NET runtime.</param>
/// <param name="PeakWorkingSetBytes">Peak memory.</param>
/// <param name="CpuSeconds">Processor time the process used during the run, all threads (the garbage collector's
/// background thread and the JIT's included): close to <paramref name="WallSeconds"/> on a quiet machine when the run
/// used one core; far below it when other processes took the cores. For a cluster run: this process (the load
/// generator) from the start of the load to the end of the drain, as are the collections, pauses and allocation.</param>
/// <param name="GcCollections">Garbage collections during the run, per generation (0, 1, 2).</param>
/// <param name="GcPauseSeconds">Time the garbage collector paused the run.</param>
/// <param name="Ed25519VerifyPerSec">Single-core Ed25519 verifications per second in the same process, for a real-crypto
/// run (absent for modelled crypto): the bound on a one-core validator's throughput. The higher of the rates measured
/// just before and just after the run, so that a host that slows down around the run does not flatter the ratio.</param>
/// <param name="VerifyBoundRatio"><paramref name="ValidatedTxPerWallSecond"/> ÷ <paramref name="Ed25519VerifyPerSec"/>.</param>
/// <param name="AllocatedBytes">Bytes the process allocated on the managed heap during the run, all threads.</param>
/// <param name="Ed25519VerifyPerSecBefore">The rate measured just before the run.</param>
/// <param name="Ed25519VerifyPerSecAfter">The rate measured just after the run (they differ when the host's speed moved).</param>
/// <param name="JitSeconds">Time the JIT spent compiling during the run, all threads (<c>JitInfo.GetCompilationTime</c>).</param>
/// <param name="JitMethods">Methods the JIT compiled during the run (each tier of a method counts).</param>
/// <param name="GcHugePages">Whether the process backed the front of its managed heap with transparent huge pages
/// ("on: ..."), or why not ("off: ..."); docs/simulator.md, "Performance".</param>
/// <param name="Ed25519Signatures">Ed25519 signatures the process made during the run, all threads (clients' and
/// validators').</param>
/// <param name="Ed25519Verifications">Ed25519 verifications the process did during the run, all threads: with real
/// crypto about one per transaction plus the consensus messages' (each signature is checked once, its answer kept by
/// id for every copy).</param>
/// <param name="NodeSignatureChecks">For a cluster run: Ed25519 verifications the nodes' signature checker threads did,
/// summed over the node processes that stopped cleanly.</param>
/// <param name="NodeCheckerUsPerVerification">For a cluster run: those threads' processor time per verification, the cost
/// of a verification in place on the shared machine (everything the checkers did included).</param>
/// <param name="NodeBuildSpreadMsP50">For a cluster run: over the ledgers holding transactions that every node built,
/// the median time from the first node's build to the last one's, in ms (from the nodes' logs).</param>
/// <param name="NodeBuildSpreadMsP90">The same, 90th percentile.</param>
/// <param name="NodeValidationSpreadMsP50">For a cluster run: the same for the nodes' validations of each ledger.</param>
/// <param name="NodeValidationSpreadMsP90">The same, 90th percentile.</param>
/// <param name="NodeBuildLagMsP50">For a cluster run: for each node in order, the median time from the first node's build
/// of a ledger to its own, ms.</param>
/// <param name="NodeValidationAfterLastBuildMsP50">For a cluster run: over the ledgers holding transactions that every node
/// built and validated, the median time from the last node's build to the first node's validation, ms.</param>
public sealed record HostDocument(double WallSeconds, double EventsPerWallSecond, double ValidatedTxPerWallSecond, string Machine, int ProcessorCount,
    string Os, string Runtime, long PeakWorkingSetBytes, double? CpuSeconds = null, IReadOnlyList<int>? GcCollections = null, double? GcPauseSeconds = null,
    double? Ed25519VerifyPerSec = null, double? VerifyBoundRatio = null, long? AllocatedBytes = null,
    double? Ed25519VerifyPerSecBefore = null, double? Ed25519VerifyPerSecAfter = null, double? JitSeconds = null, long? JitMethods = null,
    string? GcHugePages = null, long? Ed25519Signatures = null, long? Ed25519Verifications = null, long? NodeSignatureChecks = null,
    double? NodeCheckerUsPerVerification = null, double? NodeBuildSpreadMsP50 = null, double? NodeBuildSpreadMsP90 = null,
    double? NodeValidationSpreadMsP50 = null, double? NodeValidationSpreadMsP90 = null, IReadOnlyList<double>? NodeBuildLagMsP50 = null,
    double? NodeValidationAfterLastBuildMsP50 = null);

/// <summary>Writes the report files of a run into a directory.</summary>
public static class RunReport
{
    /// <summary>The files every run writes, host.json last.</summary>
    public static readonly string[] Files =
        ["run.json", "summary.md", "latency.csv", "ledgers.csv", "nodes.csv", "invariants.csv", "cost.csv", "cost-curve.csv", "latency-cdf.svg",
         "throughput.svg", "cost.svg", "cost-failure.svg", "host.json"];

    /// <summary>The summary of a result.</summary>
    public static RunSummary Summarize(Scenario scenario, SimulationResult result)
    {
        var txs = result.Transactions;
        var byReason = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in txs.Where(t => t.Outcome == TxOutcome.Rejected))
            byReason[t.Reason] = byReason.GetValueOrDefault(t.Reason) + 1;
        int validated = txs.Count(t => t.Outcome == TxOutcome.Validated);
        var ledgers = result.Ledgers;
        double interval = ledgers.Count > 1 ? (ledgers[^1].FirstValidatedUs - ledgers[0].FirstValidatedUs) / 1000.0 / (ledgers.Count - 1) : 0;
        return new RunSummary(txs.Count, validated, txs.Count(t => t.Outcome == TxOutcome.Rejected), txs.Count(t => t.Outcome == TxOutcome.Expired),
            txs.Count(t => t.Outcome == TxOutcome.Pending), byReason, Math.Round(validated / scenario.DurationSec, 3), result.Latency.Summarize(),
            ledgers.Count, Math.Round(interval, 3), ledgers.Count == 0 ? 0 : Math.Round(ledgers.Average(l => (double)l.TxCount), 3),
            result.SimulatedUs / 1e6, result.Events, result.Network.Lost, result.Network.Partitioned, result.Network.Duplicated);
    }

    /// <summary>Writes every file but host.json (those are byte-identical for the same scenario and seed).</summary>
    public static RunDocument Write(string directory, Scenario scenario, ulong seed, string gitCommit, SimulationResult result)
    {
        Directory.CreateDirectory(directory);
        var resolved = scenario with { Seed = seed };
        var summary = Summarize(scenario, result);
        var risk = HealthLedger.Sim.Risk.Reporting.RunRisk.For(scenario, result.Nodes.Where(n => n.Byzantine.Length > 0).Select(n => n.Node));
        var cost = RunCost.For(scenario, result);
        var document = new RunDocument(resolved, seed, ScenarioLoader.Hash(resolved).ToString(), gitCommit, summary, result.Invariants, risk, cost);
        JsonReport.WriteFile(Path.Combine(directory, "run.json"), document);

        CsvReport.WriteFile(Path.Combine(directory, "latency.csv"), result.Transactions.Select(t => new LatencyRow(t.TxId, t.Kind, t.PlannedUs,
            t.SubmittedUs, t.DoneUs, t.Outcome == TxOutcome.Validated ? t.DoneUs - t.PlannedUs : -1, t.Outcome.ToString(), t.Reason, t.Ledger, t.Node)));
        CsvReport.WriteFile(Path.Combine(directory, "ledgers.csv"), result.Ledgers.Select(l => new LedgerRow(l.Sequence, l.Hash.ToString(),
            l.CloseTimeMs, l.TxCount, l.FirstValidatedUs, l.NodesValidated)));
        CsvReport.WriteFile(Path.Combine(directory, "nodes.csv"), result.Nodes.Select(n => new NodeRow(n.Node, n.Group.ToString(), n.CpuUs,
            n.MessagesSent, n.BytesSent, n.MessagesReceived, n.BytesReceived, n.StorageBytes, n.ValidatedSequence, n.Dropped, n.Crashes, n.Byzantine)));
        CsvReport.WriteFile(Path.Combine(directory, "invariants.csv"), result.Invariants.Select(i => new InvariantRow(i.Name, i.Expected, i.Actual, i.AsExpected, i.Detail)));

        var byKind = result.Transactions.Where(t => t.Outcome == TxOutcome.Validated).GroupBy(t => t.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var r = new LatencyRecorder();
                foreach (var t in g) r.Record(t.DoneUs - t.PlannedUs);
                return (g.Key, r);
            }).ToList();
        var cdf = ReportCharts.LatencyCdf($"{scenario.Name}: planned-to-validated latency", [("all", result.Latency), .. byKind]);
        ReportFile.WriteText(Path.Combine(directory, "latency-cdf.svg"), cdf.ToSvg());

        var planned = new ThroughputSeries(1_000_000);
        foreach (var t in result.Transactions) planned.Record(t.PlannedUs);
        var tput = ReportCharts.Throughput($"{scenario.Name}: throughput", [("planned", planned), ("validated", result.Throughput)], result.SimulatedUs);
        ReportFile.WriteText(Path.Combine(directory, "throughput.svg"), tput.ToSvg());

        WriteCost(directory, scenario.Name, cost.Inputs, cost.Result);
        ReportFile.WriteText(Path.Combine(directory, "summary.md"), Markdown(document, result, byKind));
        return document;
    }

    /// <summary>Writes cost.csv, cost-curve.csv, cost.svg and cost-failure.svg (empty tables and "no data" charts when
    /// the comparison is unavailable).</summary>
    public static void WriteCost(string directory, string name, HealthLedger.Sim.Cost.CostInputs? inputs, HealthLedger.Sim.Cost.CostResult? result)
    {
        Directory.CreateDirectory(directory);
        CsvReport.WriteFile(Path.Combine(directory, "cost.csv"), result is null ? [] : CostRows.Of(result));
        CsvReport.WriteFile(Path.Combine(directory, "cost-curve.csv"), inputs is null || result is null ? [] : CostRows.Curve(inputs, result));
        string title = $"{name}: expected cost per period vs per-machine compromise probability";
        var vsP = inputs is null || result is null ? new Svg.LineChart(title, new Svg.AxisLabel("p", ""), new Svg.AxisLabel("expected cost", ""))
            : CostCharts.VersusCompromise(title, inputs, result);
        ReportFile.WriteText(Path.Combine(directory, "cost.svg"), vsP.ToSvg());
        string titleF = $"{name}: expected cost per period vs cost of failure per record";
        var vsF = result is null ? new Svg.LineChart(titleF, new Svg.AxisLabel("cost of failure per record", ""), new Svg.AxisLabel("expected cost", ""))
            : CostCharts.VersusCostPerRecord(titleF, result);
        ReportFile.WriteText(Path.Combine(directory, "cost-failure.svg"), vsF.ToSvg());
    }

    /// <summary>Writes host.json.</summary>
    public static void WriteHost(string directory, HostDocument host) => JsonReport.WriteFile(Path.Combine(directory, "host.json"), host);

    private static string Markdown(RunDocument run, SimulationResult result, IReadOnlyList<(string Name, LatencyRecorder Recorder)> byKind)
    {
        var s = run.Summary;
        var md = new MarkdownDocument();
        md.Heading(1, $"Run: {run.Scenario.Name}");
        if (run.Scenario.Description.Length > 0) md.Paragraph(run.Scenario.Description);
        md.Bullets([
            $"seed {run.Seed}, scenario hash `{run.ScenarioHash[..16]}`, commit `{run.GitCommit}`",
            $"{run.Scenario.NodeCount} validators ({run.Scenario.Validators.Generators} generators, {run.Scenario.Validators.Receivers} receivers, {run.Scenario.Validators.Monitors} monitors; weights {run.Scenario.Validators.Weights}), quorum {run.Scenario.Consensus.Quorum}, {run.Scenario.Crypto} crypto",
            $"{run.Scenario.DurationSec:0.###} s of workload + {run.Scenario.DrainSec:0.###} s drain; {s.Events:N0} events",
        ]);
        md.Heading(2, "Outcomes");
        var outcomes = new MarkdownTable(["planned", "validated", "rejected", "expired", "pending", "throughput tx/s", "ledgers", "ledger interval ms", "tx per ledger"],
            [ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right]);
        outcomes.AddRow(s.Planned.ToString(), s.Validated.ToString(), s.Rejected.ToString(), s.Expired.ToString(), s.Pending.ToString(),
            ReportFormat.Fixed(s.ThroughputTxPerSec, 2), s.Ledgers.ToString(), ReportFormat.Fixed(s.LedgerIntervalMsMean, 1), ReportFormat.Fixed(s.TxPerLedgerMean, 1));
        md.Table(outcomes);
        if (s.RejectedByReason.Count > 0) md.Bullets(s.RejectedByReason.Select(kv => $"rejected {kv.Key}: {kv.Value}"));
        md.Heading(2, "Latency (planned send to full validation)");
        md.Table(ReportCharts.LatencyTable([("all", result.Latency.Summarize()), .. byKind.Select(k => (k.Name, k.Recorder.Summarize()))]));
        md.Heading(2, "Invariants");
        var inv = new MarkdownTable(["invariant", "expected", "actual", "detail"], [ColumnAlign.Left, ColumnAlign.Left, ColumnAlign.Left, ColumnAlign.Left]);
        foreach (var i in run.Invariants) inv.AddRow(i.Name, i.Expected, i.AsExpected ? i.Actual : $"**{i.Actual}**", i.Detail);
        md.Table(inv);
        if (run.Risk is { } r)
        {
            md.Heading(2, "Analytic risk of this configuration");
            md.Bullets([
                $"staged takeover: {string.Join(",", r.Byzantine)} Byzantine per group: safety can break {(r.ByzantineSafetyCanBreak ? "yes" : "no")}, liveness can break {(r.ByzantineLivenessCanBreak ? "yes" : "no")} (worst case over schedules)",
                $"crashed for good: {string.Join(",", r.CrashedForGood)} per group: liveness can break {(r.CrashLivenessCanBreak ? "yes" : "no")}",
                $"each validator Byzantine with p = 0.01: P[safety] {r.SafetyFailureP01:G3}, P[liveness] {r.LivenessFailureP01:G3}; p = 0.1: P[safety] {r.SafetyFailureP10:G3}, P[liveness] {r.LivenessFailureP10:G3}",
            ]);
        }
        if (run.Cost is { } cost) CostText.Append(md, cost.Result, cost.Measured, cost.Unavailable);
        md.Heading(2, "Nodes");
        var nodes = new MarkdownTable(["node", "group", "CPU ms", "msgs sent", "KiB sent", "msgs recv", "KiB recv", "storage KiB", "validated"],
            [ColumnAlign.Right, ColumnAlign.Left, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right]);
        foreach (var n in result.Nodes.Take(50))
            nodes.AddRow(n.Node.ToString(), n.Group.ToString(), ReportFormat.Fixed(n.CpuUs / 1000.0, 1), n.MessagesSent.ToString(), ReportFormat.Fixed(n.BytesSent / 1024.0, 1),
                n.MessagesReceived.ToString(), ReportFormat.Fixed(n.BytesReceived / 1024.0, 1), ReportFormat.Fixed(n.StorageBytes / 1024.0, 1), n.ValidatedSequence.ToString());
        md.Table(nodes);
        if (result.Nodes.Count > 50) md.Paragraph($"(first 50 of {result.Nodes.Count} nodes; all are in nodes.csv)");
        md.Paragraph("Charts: latency-cdf.svg, throughput.svg, cost.svg, cost-failure.svg. Data: latency.csv, ledgers.csv, nodes.csv, invariants.csv, cost.csv, cost-curve.csv.");
        return md.ToString();
    }
}
