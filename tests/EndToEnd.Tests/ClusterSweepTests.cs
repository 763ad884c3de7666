using HealthLedger.Bench.Commands;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Reports;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.EndToEnd.Tests;

/// <summary>The loopback sweep: its window statistics, its saturation rule, and one short sweep with the simulator
/// calibrated beside it.</summary>
public sealed class ClusterSweepTests
{
    private static TxRecord Tx(int i, long plannedMs, long? doneMs, TxOutcome outcome) =>
        new($"tx{i}", "Notarize", plannedMs * 1000, plannedMs * 1000, doneMs is { } d ? d * 1000 : -1, outcome, "", 1, 0);

    private static SimulationResult Result(IReadOnlyList<TxRecord> txs, long cpuUsPerNode = 1_000_000, IReadOnlyList<LedgerRecord>? ledgers = null) => new()
    {
        Transactions = txs,
        Ledgers = ledgers ?? [],
        Nodes = [.. Enumerable.Range(0, 4).Select(i => new NodeRecord(i, ValidatorGroup.Generators, cpuUsPerNode, 0, 0, 0, 0, 0, 1, 0, 0, ""))],
        Invariants = [],
        Latency = new LatencyRecorder(),
        Throughput = new ThroughputSeries(1_000_000),
        SimulatedUs = 20_000_000,
        Events = 0,
        Network = (0, 0, 0),
    };

    [Fact]
    public void The_window_counts_what_was_planned_and_answered_inside_it()
    {
        // Window [2 s, 12 s): 100 planned inside (1 per 0.1 s), each answered 1 s later; 20 planned before, 10 after.
        var txs = new List<TxRecord>();
        int i = 0;
        for (int k = 0; k < 20; k++) txs.Add(Tx(i++, k * 100, k * 100 + 1_000, TxOutcome.Validated));
        for (int k = 0; k < 100; k++) txs.Add(Tx(i++, 2_000 + k * 100, 3_000 + k * 100, TxOutcome.Validated));
        for (int k = 0; k < 10; k++) txs.Add(Tx(i++, 12_000 + k * 100, 13_000 + k * 100, TxOutcome.Validated));
        var w = ClusterSweep.Measure(Result(txs), 2, 12);
        Assert.Equal(100, w.Planned);
        Assert.Equal(10.0, w.OfferedTxPerSec);
        Assert.Equal(10.0, w.CommittedTxPerSec);
        Assert.Equal(1000.0, w.LatencyMsP50, 1);
        Assert.Equal(1000.0, w.LatencyMsP99, 1);
        Assert.Equal(0, w.Unfinished);
        Assert.False(ClusterSweep.IsSaturated(w, 1_000));
    }

    [Fact]
    public void Refusals_as_busy_are_counted_apart_from_other_rejections_and_over_one_percent_the_run_is_saturated()
    {
        // 200 planned in the window, answered in 0.5 s: the first `busy` refused as busy (admission control), one more
        // rejected by a ledger rule.
        static List<TxRecord> Txs(int busy) => Enumerable.Range(0, 200).Select(k =>
            k < busy ? Tx(k, k * 50, k * 50 + 1, TxOutcome.Rejected) with { Reason = nameof(HealthLedger.Engine.Ledger.TxResult.NodeBusy) }
            : k == busy ? Tx(k, k * 50, k * 50 + 1, TxOutcome.Rejected) with { Reason = nameof(HealthLedger.Engine.Ledger.TxResult.Replayed) }
            : Tx(k, k * 50, k * 50 + 500, TxOutcome.Validated)).ToList();
        var two = ClusterSweep.Measure(Result(Txs(2)), 0, 10);
        Assert.Equal((200, 0, 2), (two.Planned, two.Unfinished, two.Refused));
        Assert.Equal(500.0, two.LatencyMsP99, 1); // refused ones have no latency
        Assert.False(ClusterSweep.IsSaturated(two, 1_000)); // 1% exactly
        var three = ClusterSweep.Measure(Result(Txs(3)), 0, 10);
        Assert.Equal(3, three.Refused);
        Assert.True(ClusterSweep.IsSaturated(three, 1_000));
    }

    [Fact]
    public void Unanswered_transactions_make_the_percentiles_they_reach_unbounded_and_the_run_saturated()
    {
        // 100 planned in the window: 97 answered in 0.5 s, 3 never answered. p50 is bounded, p99 is not.
        var txs = Enumerable.Range(0, 100).Select(k => Tx(k, k * 100, k < 97 ? k * 100 + 500 : null, k < 97 ? TxOutcome.Validated : TxOutcome.Pending)).ToList();
        var w = ClusterSweep.Measure(Result(txs), 0, 10);
        Assert.Equal(500.0, w.LatencyMsP50, 1);
        Assert.Equal(-1, w.LatencyMsP99);
        Assert.Equal(3, w.Unfinished);
        Assert.True(ClusterSweep.IsSaturated(w, 1_000));
    }

    [Fact]
    public void A_run_that_keeps_up_in_count_but_not_in_latency_is_saturated()
    {
        // Steady 10 tx/s from 0 to 28 s, every one answered, most in 1 s but every 20th 16 s after it was planned;
        // window [18 s, 28 s): as many answered as offered, but a p99 of 16 s is more than 15 close intervals of 1 s
        // (and less than 15 of 2 s).
        var txs = Enumerable.Range(0, 280).Select(k => Tx(k, k * 100, k * 100 + (k % 20 == 0 ? 16_000 : 1_000), TxOutcome.Validated)).ToList();
        var w = ClusterSweep.Measure(Result(txs), 18, 28);
        Assert.Equal(w.OfferedTxPerSec, w.CommittedTxPerSec);
        Assert.True(ClusterSweep.IsSaturated(w, 1_000));
        Assert.False(ClusterSweep.IsSaturated(w, 2_000));
    }

    [Fact]
    public void A_latency_that_grows_across_the_window_is_a_queue_building_up()
    {
        // Latency 1 s for two thirds of the window, then rising to 9 s: p99 under 15 close intervals, every one
        // answered, the median 1 s, but the last third's median is far above the first third's.
        static long Latency(int k) => k < 67 ? 1_000 : 1_000 + (k - 67) * 250;
        var txs = Enumerable.Range(0, 100).Select(k => Tx(k, k * 100, k * 100 + Latency(k), TxOutcome.Validated)).ToList();
        var w = ClusterSweep.Measure(Result(txs), 0, 10);
        Assert.True(w.LatencyMsP99 < 15_000);
        Assert.True(w.LatencyMsP50 < 3_000);
        Assert.Equal(0, w.Unfinished);
        Assert.True(ClusterSweep.IsSaturated(w, 1_000));
        // The same latencies in shuffled order over time do not grow: not saturated.
        var flat = Enumerable.Range(0, 100).Select(k => Tx(k, k * 100, k * 100 + Latency(k * 37 % 100), TxOutcome.Validated)).ToList();
        Assert.False(ClusterSweep.IsSaturated(ClusterSweep.Measure(Result(flat), 0, 10), 1_000));
    }

    [Fact]
    public void A_steady_median_above_three_close_intervals_is_a_standing_queue()
    {
        // Every transaction answered 5 s after it was planned, no growth: a queue that formed and holds at 1 s closes,
        // two and a half rounds at 2 s closes.
        var txs = Enumerable.Range(0, 100).Select(k => Tx(k, k * 100, k * 100 + 5_000, TxOutcome.Validated)).ToList();
        var w = ClusterSweep.Measure(Result(txs), 0, 10);
        Assert.Equal(w.LatencyMsP50FirstThird, w.LatencyMsP50LastThird);
        Assert.True(ClusterSweep.IsSaturated(w, 1_000));
        Assert.False(ClusterSweep.IsSaturated(w, 2_000));
    }

    [Fact]
    public async Task Bad_sweep_arguments_are_refused_with_exit_code_2()
    {
        var output = new StringWriter();
        var options = new ClusterOptions { Nodes = 4, DurationSec = 10, OutDir = Path.Combine(Path.GetTempPath(), $"hl-sweep-bad-{Environment.ProcessId}") };
        Assert.Equal(2, await ClusterSweep.RunAsync(options, [], 0, false, output));
        Assert.Equal(2, await ClusterSweep.RunAsync(options, [100, -5], 0, false, output));
        Assert.Equal(2, await ClusterSweep.RunAsync(options, [100], 10, false, output)); // warm-up as long as the run
        Assert.Equal(2, await ClusterSweep.RunAsync(options with { ChaosKill = true }, [100], 2, false, output));
        Assert.Equal(2, await ClusterSweep.RunAsync(options, [100], 2, false, output, repeats: 0));
        Assert.Equal(2, await ClusterSweep.RunAsync(options, [100], 2, false, output, repeats: ClusterSweep.MaxRepeats + 1));
    }

    [Fact]
    public async Task A_short_repeated_sweep_writes_every_run_and_compares_the_simulator_with_their_median()
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"hl-e2e-sweep-{Environment.ProcessId}");
        // A kept work directory: every run gets its own (the second run once found the first's data directories and its
        // nodes exited at start).
        string workDir = Path.Combine(outDir, "work");
        var options = new ClusterOptions { Nodes = 4, DurationSec = 6, DrainSec = 15, CloseIntervalMs = 500, OutDir = outDir, ReadyTimeoutSec = 60, WorkDir = workDir };
        var output = new StringWriter();
        int exit = await ClusterSweep.RunAsync(options, [20], 2, true, output, repeats: 2).WaitAsync(TimeSpan.FromMinutes(6));
        string text = output.ToString();
        Assert.True(exit == 0, text);
        var rows = CsvReport.Parse<SweepRow>(File.ReadAllText(Path.Combine(outDir, "sweep.csv")));
        var loopback = rows.Where(r => r.Source == "loopback").ToList();
        var simulated = rows.Where(r => r.Source == "simulator").ToList();
        // 20 tx/s keeps up on any machine that runs the suite, so the 80%-of-saturation runs follow: two runs of each.
        Assert.Equal(4, loopback.Count);
        Assert.Equal([1, 2, 1, 2], loopback.OrderBy(r => r.Role != "sweep").ThenBy(r => r.Run).Select(r => r.Run));
        Assert.Contains(loopback, r => r.Role == "80% of saturation" && r.OfferedTxPerSec > 0);
        Assert.All(loopback, r =>
        {
            Assert.True(r.Ed25519VerifyPerSec > 0);
            // Both columns are written rounded; the bound was computed from the unrounded rate, so allow one unit.
            Assert.InRange(r.BoundTxPerSec, Environment.ProcessorCount * r.Ed25519VerifyPerSec / 4 - 1, Environment.ProcessorCount * r.Ed25519VerifyPerSec / 4 + 1);
            // The machine's bound: every core verifying at once, over the validators.
            Assert.True(r.Ed25519VerifyPerSecAllCores > 0);
            Assert.InRange(r.MachineBoundTxPerSec, r.Ed25519VerifyPerSecAllCores / 4 - 1, r.Ed25519VerifyPerSecAllCores / 4 + 1);
            // A verification in place, from the nodes' closing lines (every node stopped cleanly).
            Assert.True(r.CheckerUsPerVerification > 0, text);
            Assert.True(r.NodeCpuUsPerTx > 0, text);
            // The loops' work of building and validating ledgers, from the same lines.
            Assert.True(r.BuildUsPerTx > 0 && r.StoreUsPerTx > 0, text);
        });
        // The all-cores rate recorded is at least the one printed before the run (the higher of before and after).
        var allCoresBefore = System.Text.RegularExpressions.Regex.Matches(text, @"verify ([\d,]+)/s on all \d+ at once").Select(m => double.Parse(m.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, allCoresBefore.Count);
        Assert.All(loopback.OrderBy(r => r.Role != "sweep").ThenBy(r => r.Run).Zip(allCoresBefore), p => Assert.True(p.First.Ed25519VerifyPerSecAllCores >= p.Second - 1, text));
        // Each run's verification rate is the higher of the rates measured just before and just after it, as printed.
        var before = System.Text.RegularExpressions.Regex.Matches(text, @"Ed25519 verify ([\d,]+)/s, sign").Select(m => double.Parse(m.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var after = System.Text.RegularExpressions.Regex.Matches(text, @"verify ([\d,]+)/s after the run").Select(m => double.Parse(m.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, before.Count);
        Assert.Equal(4, after.Count);
        // The runs were printed in the order they ran: the sweep's two, then the 80% run's two.
        var expected = before.Zip(after, Math.Max).ToList();
        var recorded = loopback.OrderBy(r => r.Role != "sweep").ThenBy(r => r.Run).Select(r => r.Ed25519VerifyPerSec).ToList();
        // Printed with thousands separators and rounded, as the CSV is: allow one unit.
        Assert.All(recorded.Zip(expected), p => Assert.InRange(p.First, p.Second - 1, p.Second + 1));
        // The simulator is deterministic: one run per rate and role, on one machine of this machine's cores.
        Assert.Equal(2, simulated.Count);
        Assert.All(simulated, r => Assert.True(r.Run == 0 && r.CommittedTxPerSec > 0 && r.LoadCpuUsPerTx > 0, text));
        var comparison = CsvReport.Parse<ComparisonRow>(File.ReadAllText(Path.Combine(outDir, "comparison.csv")));
        Assert.Equal(2, comparison.Count);
        foreach (var c in comparison)
        {
            var runs = loopback.Where(r => r.Role == c.Role).ToList();
            Assert.Equal(2, c.Runs);
            Assert.Equal(runs.Count(r => !r.Saturated), c.RunsKeptUp);
            Assert.Equal(ClusterSweep.Median(runs.Select(r => r.LatencyMsP50)), c.LoopbackLatencyMsP50);
            Assert.Equal(Math.Round(runs.Average(r => r.CommittedTxPerSec), 1), c.LoopbackCommittedTxPerSec);
            Assert.Equal(Math.Round(runs.Average(r => r.ServedTxPerSec), 1), c.LoopbackServedTxPerSec);
            // 20 tx/s keeps up: the cluster serves what is offered while the window runs (within a ledger's worth).
            Assert.All(runs, r => Assert.InRange(r.ServedTxPerSec, 0.5 * r.OfferedTxPerSec, 1.5 * r.OfferedTxPerSec));
            Assert.Equal(Math.Abs(c.ServedDelta) <= ClusterSweep.WithinShare && Math.Abs(c.LatencyP50Delta) <= ClusterSweep.WithinShare, c.Within15Percent);
        }
        var calibration = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "calibration", "cpu.json"))).RootElement;
        Assert.Equal(Environment.ProcessorCount, calibration.GetProperty("Cpu").GetProperty("MachineCores").GetInt32());
        // The residual is split: the measured ledger work at the build and the validation, the rest as transactions arrive.
        Assert.True(calibration.GetProperty("MeasuredBuildUsPerTx").GetDouble() > 0, text);
        Assert.True(calibration.GetProperty("Cpu").GetProperty("ApplyUsPerTx").GetDouble() > 0, text);
        Assert.True(calibration.GetProperty("Cpu").GetProperty("StoreUsPerTx").GetDouble() > 0, text);
        Assert.True(calibration.GetProperty("Cpu").GetProperty("ReceiveUsPerTx").GetDouble() > 0, text);
        // The simulated validators start as late as the reference runs' nodes trailed the first build, by rank (each
        // run's lags sorted, the median of each rank, the first at 0), and the simulator's rows report their own lags.
        var referenceLags = loopback.Where(r => r.Role == "sweep").Select(r => ClusterSweep.ParseLags(r.BuildLagsMsP50, 4).Order().ToList()).ToList();
        Assert.All(referenceLags, l => Assert.Equal(4, l.Count));
        double[] medianLags = [.. Enumerable.Range(0, 4).Select(i => ClusterSweep.Median(referenceLags.Select(l => l[i])))];
        double[] expectedDelays = [.. medianLags.Select(m => Math.Round(m - medianLags[0], 1))];
        Assert.Equal(expectedDelays.Max(), calibration.GetProperty("StartStaggerMs").GetDouble());
        if (expectedDelays.Max() > 0)
            Assert.Equal(expectedDelays, calibration.GetProperty("StartDelaysMs").EnumerateArray().Select(d => d.GetDouble()));
        Assert.All(simulated, r => Assert.Equal(4, ClusterSweep.ParseLags(r.BuildLagsMsP50, 4).Count));
        foreach (var file in new[] { "sweep.md", "sweep-throughput.svg", "sweep-latency.svg", "calibration/cpu.json", "rate-20/run-1/run.json", "rate-20/run-2/run.json",
                     "rate-20/simulated/run.json", "rate-16-80pct/run-2/run.json", "rate-16-80pct/simulated/run.json" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} missing\n{text}");
        foreach (var run in new[] { "rate-20/run-1", "rate-20/run-2", "rate-16-80pct/run-1", "rate-16-80pct/run-2" })
        {
            Assert.True(File.Exists(Path.Combine(workDir, run, "n0", "node.log")), $"{run}'s work directory missing\n{text}");
            // How far apart the nodes built and validated each ledger, read from their built and validated lines.
            var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, run, "host.json"))).RootElement;
            Assert.True(host.GetProperty("NodeBuildSpreadMsP50").GetDouble() >= 0 && host.GetProperty("NodeValidationSpreadMsP90").GetDouble() >= 0, text);
            // Each node's lag behind the first build: one per node, the first to build a ledger at 0 ms behind itself.
            var lags = host.GetProperty("NodeBuildLagMsP50").EnumerateArray().Select(l => l.GetDouble()).ToList();
            // sweep.csv's row of the run carries its validation spread.
            var row = loopback.Single(r => run == $"{(r.Role == "sweep" ? "rate-20" : "rate-16-80pct")}/run-{r.Run}");
            Assert.Equal(host.GetProperty("NodeValidationSpreadMsP50").GetDouble(), row.ValidationSpreadMsP50);
            Assert.Equal(host.GetProperty("NodeValidationAfterLastBuildMsP50").GetDouble(), row.ValidationAfterLastBuildMsP50);
            Assert.Equal(4, lags.Count);
            Assert.All(lags, l => Assert.True(l >= 0 && l <= host.GetProperty("NodeBuildSpreadMsP90").GetDouble() + 1000, text));
        }
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(text, "rounds on the nodes: from the first node to the last").Count);
        // A node logs each validated ledger with how far its signature checks are behind.
        Assert.Matches(@"validated ledger \d+ [0-9a-f]+ \(\d+ txs; \d+ awaiting signature checks\)", File.ReadAllText(Path.Combine(workDir, "rate-20", "run-1", "n0", "node.log")));

        // The simulator's side again from what the sweep wrote, under the other sharing discipline, without the
        // clusters: the same loopback rows, one simulated row a rate, and a bad directory refused.
        string again = Path.Combine(outDir, "resimulated");
        var resimOutput = new StringWriter();
        Assert.Equal(0, ClusterSweep.Resimulate(outDir, again, SimulatedMachine.FirstComeFirstServed, resimOutput));
        var resimRows = CsvReport.Parse<SweepRow>(File.ReadAllText(Path.Combine(again, "sweep.csv")));
        Assert.Equal(loopback, resimRows.Where(r => r.Source == "loopback"));
        Assert.Equal(2, resimRows.Count(r => r.Source == "simulator"));
        Assert.Equal(2, CsvReport.Parse<ComparisonRow>(File.ReadAllText(Path.Combine(again, "comparison.csv"))).Count);
        Assert.False(System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(again, "calibration", "cpu.json"))).RootElement
            .GetProperty("Cpu").TryGetProperty("ProcessorSharing", out _), resimOutput.ToString()); // first come, first served: the default, not written
        // The sweep's own: processor sharing, each node's checks on a checker of the host's weight.
        Assert.True(calibration.GetProperty("Cpu").GetProperty("ProcessorSharing").GetBoolean());
        Assert.Equal(SimulatedMachine.Checkers.CheckerWeight, calibration.GetProperty("Cpu").GetProperty("CheckerWeight").GetDouble());
        Assert.Equal(2, ClusterSweep.Resimulate(Path.Combine(outDir, "no-such-sweep"), again, SimulatedMachine.Processor, resimOutput));
        // As calibrations before session 39 did: the whole residual at the build, nothing charged as transactions arrive.
        string atBuild = Path.Combine(outDir, "resimulated-at-build");
        Assert.Equal(0, ClusterSweep.Resimulate(outDir, atBuild, SimulatedMachine.Checkers, resimOutput, residualAtBuild: true));
        var atBuildCpu = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(atBuild, "calibration", "cpu.json"))).RootElement.GetProperty("Cpu");
        Assert.False(atBuildCpu.TryGetProperty("ReceiveUsPerTx", out _) || atBuildCpu.TryGetProperty("StoreUsPerTx", out _), resimOutput.ToString());
        Assert.True(atBuildCpu.GetProperty("ApplyUsPerTx").GetDouble() > calibration.GetProperty("Cpu").GetProperty("ApplyUsPerTx").GetDouble(), resimOutput.ToString());

        // Start delays by hand: one a validator, within range, and not with a stagger as well; else exit code 2.
        Assert.Equal(2, ClusterSweep.Resimulate(outDir, atBuild, SimulatedMachine.Checkers, resimOutput, startDelaysMs: [0, 10, 20]));
        Assert.Equal(2, ClusterSweep.Resimulate(outDir, atBuild, SimulatedMachine.Checkers, resimOutput, startDelaysMs: [0, 10, 20, -1]));
        Assert.Equal(2, ClusterSweep.Resimulate(outDir, atBuild, SimulatedMachine.Checkers, resimOutput, startStaggerMs: 60_001));
        Assert.Equal(2, ClusterSweep.Resimulate(outDir, atBuild, SimulatedMachine.Checkers, resimOutput, startStaggerMs: 10, startDelaysMs: [0, 10, 20, 30]));
        // A sweep of session 40 (the spread measured, not each node's lag): the validators start evenly over the
        // reference runs' median spread.
        string sweepCsv = Path.Combine(outDir, "sweep.csv"), measuredCsv = File.ReadAllText(sweepCsv), evenDir = Path.Combine(outDir, "resimulated-even");
        int lagAt = Array.IndexOf(measuredCsv.Split('\n')[0].Split(','), "BuildLagsMsP50");
        File.WriteAllLines(sweepCsv, measuredCsv.Split('\n').Where(l => l.Length > 0).Select(line => string.Join(',', line.Split(',').Where((_, i) => i != lagAt))));
        Assert.Equal(0, ClusterSweep.Resimulate(outDir, evenDir, SimulatedMachine.Checkers, resimOutput));
        File.WriteAllText(sweepCsv, measuredCsv);
        var evenCalibration = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(evenDir, "calibration", "cpu.json"))).RootElement;
        double stagger = ClusterSweep.Median(loopback.Where(r => r.Role == "sweep").Select(r => r.BuildSpreadMsP50));
        Assert.Equal(stagger, evenCalibration.GetProperty("StartStaggerMs").GetDouble());
        if (stagger > 0)
            Assert.Equal([0, Math.Round(stagger / 3, 1), Math.Round(2 * stagger / 3, 1), stagger],
                evenCalibration.GetProperty("StartDelaysMs").EnumerateArray().Select(d => d.GetDouble()));

        // A sweep written before the served rate and the all-cores verification rate were reported (no such columns):
        // each run's served rate is read from its ledgers.csv and its validation spread from its host.json, both come
        // out as the sweep itself measured them and are written into the new sweep.csv; the machine's bound, never
        // measured, is n/a.
        string old = Path.Combine(outDir, "sweep.csv"), oldAgain = Path.Combine(outDir, "resimulated-old");
        var header = File.ReadLines(old).First().Split(',');
        int[] dropped = [.. new[] { "ServedTxPerSec", "Refused", "Ed25519VerifyPerSecAllCores", "MachineBoundTxPerSec", "CheckerUsPerVerification", "BuildUsPerTx", "StoreUsPerTx", "BuildSpreadMsP50", "BuildLagsMsP50", "ValidationSpreadMsP50", "ValidationAfterLastBuildMsP50" }.Select(c => Array.IndexOf(header, c))];
        Assert.DoesNotContain(-1, dropped);
        File.WriteAllLines(old, File.ReadAllLines(old).Select(line => string.Join(',', line.Split(',').Where((_, i) => !dropped.Contains(i)))));
        Assert.DoesNotContain("ServedTxPerSec", File.ReadLines(old).First());
        Assert.Equal(0, ClusterSweep.Resimulate(outDir, oldAgain, SimulatedMachine.FirstComeFirstServed, resimOutput));
        var upgraded = CsvReport.Parse<ComparisonRow>(File.ReadAllText(Path.Combine(oldAgain, "comparison.csv")));
        Assert.Equal(comparison.Select(c => (c.Role, c.LoopbackServedTxPerSec)), upgraded.Select(c => (c.Role, c.LoopbackServedTxPerSec)));
        var upgradedRows = CsvReport.Parse<SweepRow>(File.ReadAllText(Path.Combine(oldAgain, "sweep.csv")));
        Assert.All(upgradedRows.Where(r => r.Source == "loopback"), r => Assert.Equal((0.0, 0.0, 0.0, 0.0, 0.0, 0.0, ""),
            (r.Ed25519VerifyPerSecAllCores, r.MachineBoundTxPerSec, r.CheckerUsPerVerification, r.BuildUsPerTx, r.StoreUsPerTx, r.BuildSpreadMsP50, r.BuildLagsMsP50)));
        // Without a measured spread the simulated validators start together.
        Assert.False(System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(oldAgain, "calibration", "cpu.json"))).RootElement
            .TryGetProperty("StartDelaysMs", out var delays) && delays.ValueKind == System.Text.Json.JsonValueKind.Array, resimOutput.ToString());
        Assert.Equal(loopback.Select(r => r with { Refused = 0, Ed25519VerifyPerSecAllCores = 0, MachineBoundTxPerSec = 0, CheckerUsPerVerification = 0, BuildUsPerTx = 0, StoreUsPerTx = 0, BuildSpreadMsP50 = 0, BuildLagsMsP50 = "" }),
            upgradedRows.Where(r => r.Source == "loopback"));
        Assert.Matches(@"\|\s+n/a\s+\|", File.ReadAllText(Path.Combine(oldAgain, "sweep.md")));
        // A file that is no sweep's is refused with exit code 2, not an exception.
        File.WriteAllText(old, "Source,Nodes\nloopback,4\n");
        Assert.Equal(2, ClusterSweep.Resimulate(outDir, oldAgain, SimulatedMachine.FirstComeFirstServed, resimOutput));
        Directory.Delete(outDir, recursive: true);
    }

    [Fact]
    public void The_nodes_closing_lines_are_summed_over_every_log_and_life()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hl-closing-lines-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string a = Path.Combine(dir, "a.log"), b = Path.Combine(dir, "b.log"), none = Path.Combine(dir, "none.log");
            // Node a stopped cleanly twice (a restart between), node b once; a killed life writes no line; other lines
            // and malformed ones are ignored, and each reader takes only its own lines.
            File.WriteAllLines(a, ["05:00:00.000 [abc] validated ledger 3 ff (10 txs; 0 awaiting signature checks)",
                "signature checkers: 1000 verifications in 0.060 s of the checker threads' processor time (60.0 us each)",
                "ledger work: 1000 transactions built in 0.010 s, 900 validated in 0.004 s of the node loop's processor time (10.0 and 4.4 us each)",
                "signature checkers: lots of verifications",
                "ledger work: garbled",
                "signature checkers: 500 verifications in 0.025 s of the checker threads' processor time (50.0 us each)",
                "ledger work: 1000 transactions built in 0.006 s, 1100 validated in 0.006 s of the node loop's processor time (6.0 and 5.5 us each)"]);
            File.WriteAllLines(b, ["signature checkers: 500 verifications in 0.040 s of the checker threads' processor time (80.0 us each)",
                "ledger work: 2000 transactions built in 0.016 s, 2000 validated in 0.010 s of the node loop's processor time (8.0 and 5.0 us each)"]);
            File.WriteAllLines(none, ["Ed25519 since start: 10 verifications, 0 signatures"]);
            string[] logs = [a, b, none, Path.Combine(dir, "missing.log")];
            var checks = ClusterRun.ReadSignatureChecks(logs);
            Assert.NotNull(checks);
            Assert.Equal(2_000, checks.Value.Verifications);
            Assert.Equal(0.125, checks.Value.ProcessorTime!.Value.TotalSeconds, 6);
            Assert.Equal(62.5, checks.Value.MicrosecondsPerVerification!.Value, 6);
            var work = ClusterRun.ReadLedgerWork(logs);
            Assert.NotNull(work);
            Assert.Equal((4_000, 4_000), (work.Value.BuiltTransactions, work.Value.ValidatedTransactions));
            Assert.Equal(8.0, work.Value.BuildUsPerTransaction!.Value, 6);
            Assert.Equal(5.0, work.Value.ValidationUsPerTransaction!.Value, 6);
            Assert.Null(ClusterRun.ReadSignatureChecks([none]));
            Assert.Null(ClusterRun.ReadLedgerWork([none]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void How_far_apart_the_nodes_built_and_validated_each_ledger_is_read_from_their_logs()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hl-round-spread-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string a = Path.Combine(dir, "a.log"), b = Path.Combine(dir, "b.log"), c = Path.Combine(dir, "c.log");
            // Ledger 2 holds no transaction (left out); ledgers 3-5 do. Node c fetched ledger 5 instead of building it
            // (no built line), so builds count ledgers 3 and 4 and validations 3, 4 and 5. Node b's log passes midnight;
            // a second validated line for a ledger (a restarted life catching up) does not move the first.
            File.WriteAllLines(a, [
                "23:59:58.000 [a] built ledger 2 aa (0 txs; establish 300 ms)", "23:59:58.100 [a] validated ledger 2 aa (0 txs; 0 awaiting signature checks)",
                "23:59:59.000 [a] built ledger 3 bb (10 txs; establish 300 ms)", "23:59:59.150 [a] validated ledger 3 bb (10 txs; 0 awaiting signature checks)",
                "00:00:00.500 [a] built ledger 4 cc (12 txs; establish 310 ms)", "00:00:00.700 [a] validated ledger 4 cc (12 txs; 3 awaiting signature checks)",
                "00:00:02.000 [a] built ledger 5 dd (7 txs; establish 300 ms; abandoned)", "00:00:02.100 [a] validated ledger 5 dd (7 txs; 0 awaiting signature checks)",
                "00:00:03.000 [a] validated ledger 5 dd (7 txs; 0 awaiting signature checks)", "ledger work: garbled"]);
            File.WriteAllLines(b, [
                "23:59:58.900 [b] built ledger 2 aa (0 txs; establish 300 ms)", "23:59:59.950 [b] validated ledger 2 aa (0 txs; 0 awaiting signature checks)",
                "23:59:59.040 [b] built ledger 3 bb (10 txs; establish 300 ms)", "23:59:59.190 [b] validated ledger 3 bb (10 txs; 0 awaiting signature checks)",
                "00:00:00.700 [b] built ledger 4 cc (12 txs; establish 300 ms)", "00:00:00.760 [b] validated ledger 4 cc (12 txs; 0 awaiting signature checks)",
                "00:00:02.030 [b] built ledger 5 dd (7 txs; establish 300 ms)", "00:00:02.180 [b] validated ledger 5 dd (7 txs; 0 awaiting signature checks)"]);
            File.WriteAllLines(c, [
                "23:59:58.000 [c] built ledger 2 aa (0 txs; establish 300 ms)", "23:59:58.100 [c] validated ledger 2 aa (0 txs; 0 awaiting signature checks)",
                "23:59:59.020 [c] built ledger 3 bb (10 txs; establish 300 ms)", "23:59:59.160 [c] validated ledger 3 bb (10 txs; 0 awaiting signature checks)",
                "00:00:00.580 [c] built ledger 4 cc (12 txs; establish 300 ms)", "00:00:00.720 [c] validated ledger 4 cc (12 txs; 0 awaiting signature checks)",
                "00:00:02.400 [c] validated ledger 5 dd (7 txs; 0 awaiting signature checks)"]);
            var spread = ClusterRun.ReadRoundSpread([a, b, c]);
            Assert.NotNull(spread);
            // Builds: ledger 3 over 40 ms, ledger 4 over 200 ms. Validations: 40, 60 and 300 ms. Each node's lag behind
            // the first build of ledgers 3 and 4: a 0 and 0, b 40 and 200, c 20 and 80 (the lower of two, nearest rank).
            // The first validation after the last build: ledger 3 110 ms, ledger 4 0 ms; the median (nearest rank) 0.
            Assert.Equal(new RoundSpread(2, 40, 200, 3, 60, 300, [0, 40, 20], ValidationAfterLastBuildMsP50: 0), spread);
            Assert.Null(ClusterRun.ReadRoundSpread([a, Path.Combine(dir, "missing.log")])); // no ledger every node has
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_all_cores_verification_rate_counts_every_thread_and_refuses_none()
    {
        // Each thread verifies for the window; the rate sums them. No timing is asserted, only that every thread's work
        // is counted (two threads on a machine that runs the suite verify something each) and that the input is checked.
        double one = ClusterSweep.MeasureEd25519VerifyRateAllCores(1, TimeSpan.FromMilliseconds(50));
        double two = ClusterSweep.MeasureEd25519VerifyRateAllCores(2, TimeSpan.FromMilliseconds(50));
        Assert.True(one > 0 && two > 0, $"{one} {two}");
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterSweep.MeasureEd25519VerifyRateAllCores(0, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Served_counts_the_whole_ledgers_validated_inside_the_window()
    {
        // Ledgers every 2 s from 1 s, 100 transactions each: inside [4 s, 14 s] are those at 5, 7, 9, 11 and 13 s; the
        // four after the first carry 400 transactions over 8 s.
        var steady = Enumerable.Range(0, 10).Select(k => (1_000_000L + 2_000_000L * k, 100)).ToList();
        Assert.Equal(50.0, ClusterSweep.Served(steady, 4, 14));
        // Where the window starts inside a ledger's interval does not change it.
        Assert.Equal(50.0, ClusterSweep.Served(steady, 4.9, 14));
        // Fewer than two ledgers inside: nothing measurable.
        Assert.Equal(0, ClusterSweep.Served(steady, 4, 6));
        Assert.Equal(0, ClusterSweep.Served([], 0, 10));
    }

    [Fact]
    public void A_cluster_that_falls_behind_serves_less_than_it_commits_by_the_end_of_the_drain()
    {
        // 10 tx/s planned over [0 s, 10 s), all validated in the end, but in ledgers 4 s apart that carry 20 each while
        // the load runs and the rest in one big ledger during the drain.
        var txs = Enumerable.Range(0, 100).Select(k => Tx(k, k * 100, 15_000, TxOutcome.Validated)).ToList();
        var ledgers = new List<LedgerRecord>();
        for (int k = 0; k < 3; k++) ledgers.Add(new LedgerRecord((uint)(k + 1), Hash256.Compute([(byte)k]), 0, 20, 1_000_000 + 4_000_000L * k, 4));
        ledgers.Add(new LedgerRecord(4, Hash256.Compute([9]), 0, 40, 15_000_000, 4));
        var w = ClusterSweep.Measure(Result(txs, ledgers: ledgers), 0, 10);
        Assert.Equal(10.0, w.CommittedTxPerSec);
        Assert.Equal(5.0, w.ServedTxPerSec); // 40 transactions over the 8 s between the first and the third ledger
    }

    [Fact]
    public void The_simulated_validators_start_as_late_as_each_node_trailed_in_the_reference_runs()
    {
        // Three reference runs of four nodes (generator, generator, receiver, monitor), their lags behind the first build
        // in order; a different node leads in each. Sorted: 0, 30, 171, 197; 0, 27, 150, 180; 5, 10, 40, 190. The
        // median of each rank: 0, 27, 150, 190 (not the median per node, 27, 150, 10, 190, which would shrink the spread
        // if the orders disagreed more); shifted so the first starts at 0, given to the validators in order.
        double[] lags = [0, 171, 30, 197, 27, 150, 0, 180, 40, 5, 10, 190];
        var (delays, from) = ClusterSweep.StartDelays(lags, runs: 3, n: 4, staggerMs: null, delaysMs: null, spreadMs: 200);
        Assert.Equal([0.0, 27.0, 150.0, 190.0], delays);
        Assert.Contains("each rank's median lag", from);
        // By hand, in precedence: the delays given, then the stagger given, each over the measured lags.
        Assert.Equal([5.0, 0, 0, 5], ClusterSweep.StartDelays(lags, 3, 4, staggerMs: 90, delaysMs: [5, 0, 0, 5], 200).Delays);
        Assert.Equal([0, 30.0, 60, 90], ClusterSweep.StartDelays(lags, 3, 4, staggerMs: 90, delaysMs: null, 200).Delays);
        // Lags not measured (a session-40 sweep): the measured spread, evenly in order; nothing measured: together.
        Assert.Equal([0, 66.7, 133.3, 200], ClusterSweep.StartDelays([], 3, 4, null, null, spreadMs: 200).Delays);
        Assert.Null(ClusterSweep.StartDelays([], 3, 4, null, null, spreadMs: 0).Delays);
        // All zero is together.
        Assert.Null(ClusterSweep.StartDelays(lags, 3, 4, staggerMs: 0, delaysMs: null, 200).Delays);
        // sweep.csv's cell: one lag per node, or none.
        Assert.Equal("0;27.5;171", ClusterSweep.FormatLags([0, 27.5, 171]));
        Assert.Equal([0, 27.5, 171], ClusterSweep.ParseLags("0;27.5;171", 3));
        foreach (string bad in new[] { "", "0;27.5", "0;x;171", "0;-1;3", "0;NaN;3" }) Assert.Empty(ClusterSweep.ParseLags(bad, 3));
    }

    [Fact]
    public void The_median_of_runs_counts_an_unbounded_median_as_later_than_any()
    {
        Assert.Equal(2_000, ClusterSweep.Median([3_000, 1_000, 2_000]));
        Assert.Equal(1_500, ClusterSweep.Median([1_000, 2_000]));
        Assert.Equal(3_000, ClusterSweep.Median([-1, 1_000, 3_000]));
        Assert.Equal(-1, ClusterSweep.Median([-1, -1, 3_000]));
        Assert.Equal(-1, ClusterSweep.Median([-1, 3_000])); // halfway to unbounded is unbounded
    }

    [Fact]
    public void Cpu_in_a_window_is_the_difference_of_the_samples_inside_it_scaled_to_its_length()
    {
        var trace = new CpuTrace();
        for (int i = 0; i <= 20; i++) trace.Add(new CpuSample(i * 500_000L + 100_000, NodeSec: i * 0.5, LoadSec: i * 0.1)); // 1 core of nodes, 0.2 of load
        var (node, load) = trace.Between(2, 8);
        Assert.Equal(6, node, 6);
        Assert.Equal(1.2, load, 6);
        Assert.Equal((0.0, 0.0), trace.Between(20, 30)); // no two samples inside
    }
}
