using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Net;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Reports;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// <c>healthledger cluster --nodes N [--duration S] [--rate TPS] [--chaos kill] [--out DIR]</c>: starts N node
/// processes on 127.0.0.1 in three groups, drives open-loop load in real time, and writes the report files of
/// <c>healthledger run</c> (plus recovery.csv under chaos). Exit codes as for <c>run</c>: 0 every invariant held;
/// 2 bad argument; 3 a safety invariant broke; 4 liveness was lost; 1 the cluster could not start.
/// </summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Validator processes (at least 1).", DefaultValueFactory = _ => 4 };
        var duration = new Option<double>("--duration") { Description = "Seconds of load.", DefaultValueFactory = _ => 30 };
        var rate = new Option<double>("--rate") { Description = "Planned transactions per second (Poisson arrivals).", DefaultValueFactory = _ => 50 };
        var chaos = new Option<string?>("--chaos") { Description = "'kill': SIGKILL a random minority at intervals and restart it from its data directory; 'partition' (with --netns): cut a random minority's links at intervals, as a pulled cable would, and heal them after --chaos-down seconds." };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default results/cluster/<N>-nodes)." };
        var seed = new Option<ulong>("--seed") { Description = "Workload seed.", DefaultValueFactory = _ => 1 };
        var drain = new Option<double>("--drain") { Description = "Seconds to wait for outstanding transactions after the load.", DefaultValueFactory = _ => 10 };
        var closeMs = new Option<long>("--close-ms") { Description = "Ledger close interval, ms.", DefaultValueFactory = _ => 1_000 };
        var maxPerLedger = new Option<int>("--max-tx-per-ledger") { Description = "Most transactions a ledger takes (the rest wait in the pool for the next).", DefaultValueFactory = _ => new ClusterOptions().MaxTransactionsPerLedger };
        var admit = new Option<int?>("--submission-queue-limit") { Description = "Admission control: each node refuses clients' submissions (NodeBusy) while it holds this many unconfirmed transactions (default 1.5 × --max-tx-per-ledger; 0: only when its pool is full)." };
        var admitMs = new Option<long?>("--submission-queue-ms") { Description = "Admission control in time: while its clients' transactions waited longer than this many ms to be validated, each node refuses their submissions beyond this many ms of the capacity its recent ledgers showed, --submission-queue-limit being the ceiling (default: three close intervals; 0: the count limit alone)." };
        var killCycles = new Option<int>("--kill-cycles") { Description = "Run exactly this many SIGKILL-and-restart cycles one after another (implies --chaos kill; the load runs until they end, --duration is ignored); each restart is checked for loss and written to restarts.csv." };
        var chaosInterval = new Option<double>("--chaos-interval") { Description = "Seconds between kills.", DefaultValueFactory = _ => 8 };
        var chaosDown = new Option<double>("--chaos-down") { Description = "Seconds a killed node stays down.", DefaultValueFactory = _ => 2 };
        var sweep = new Option<string?>("--sweep") { Description = "Comma-separated offered rates (tx/s): one run each (fresh processes; --repeat for more), then one at 80% of the highest that kept up; writes sweep.csv, sweep.md and charts to --out." };
        var warmup = new Option<double>("--warmup") { Description = "Seconds at the start of the load a sweep leaves out of its measured window: the first half offered at a quarter of the rate while the node processes' JIT warms up, the second at the full rate.", DefaultValueFactory = _ => 0 };
        var repeat = new Option<int>("--repeat") { Description = "With --sweep: run each rate (and the 80% run) this many times, round robin over the rates; a rate counts as kept up when more than half of its runs kept up, and the simulator is compared with the median of the runs.", DefaultValueFactory = _ => 1 };
        var sharing = new Option<string>("--sharing") { Description = "With --simulate or --resimulate: how the simulated shared machine serves the processes' work: 'checkers' (processor sharing, as the kernel time-slices, with each node run as the real host runs it: signature checks on low-priority checkers, consensus inputs ahead of transactions), 'processor' (processor sharing, each node taking its inputs in arrival order with the checks on its loop) or 'fcfs' (first come, first served, an input holding a whole core).", DefaultValueFactory = _ => SimulatedMachine.Default.Name };
        var resimulate = new Option<string?>("--resimulate") { Description = "The simulator's side of a finished sweep again, from the directory it wrote (its scenarios, measured windows and costs), without running the clusters; reports to --out (default DIR/resimulated-<sharing>)." };
        var residualAtBuild = new Option<bool>("--residual-at-build") { Description = "With --resimulate: charge the whole residual of the nodes' cost at the ledger build, as calibrations before session 39 did, instead of splitting it by the loops' measured ledger work (to compare the two on the same measurements)." };
        var startStagger = new Option<double?>("--start-stagger-ms") { Description = "With --resimulate: start the simulated validators this many ms apart in all (evenly, in order), instead of the spread the sweep measured between the nodes' builds of a ledger (for a sweep written before it was measured, or to compare)." };
        var startDelays = new Option<string?>("--start-delays-ms") { Description = "With --resimulate: how late each simulated validator starts, ms, comma-separated in the validators' order (generators, receivers, monitors), instead of the lags the sweep measured behind the first build of a ledger, by rank (to try another order or spread on the same measurements)." };
        var simulate = new Option<bool>("--simulate") { Description = "With --sweep: run the same scenarios in the simulator with its CPU model calibrated from the sweep, side by side (calibration/ in --out)." };
        var snapshotMin = new Option<int>("--snapshot-min-tx") { Description = "Fewest transactions between two state snapshot writes (full or delta) of a node: what a restart replays at most (0: no snapshots; a restart replays its whole block log).", DefaultValueFactory = _ => new ClusterOptions().SnapshotMinTransactions };
        var snapshotDeltaFraction = new Option<double>("--snapshot-delta-fraction") { Description = "A node writes its state in full instead of a delta once the deltas since the last full snapshot would hold more entries than this share of it (0: always in full).", DefaultValueFactory = _ => new ClusterOptions().SnapshotDeltaFraction };
        var sendBatch = new Option<int>("--send-batch-ms") { Description = "The load generator sends the transactions that came due every this many ms, queued together so each connection writes them in one or a few sends (1: each as soon as it is due); latency still runs from each one's planned time.", DefaultValueFactory = _ => new ClusterOptions().SendBatchMs };
        var netns = new Option<bool>("--netns") { Description = "Run each node in a Linux network namespace of its own, joined to the others and to the load generator by veth pairs and a bridge: separate hosts on one LAN as far as the network can tell (own interface, address and TCP stack), with the same node command and files as on separate machines. Needs root and iproute2." };
        var deadLink = new Option<int>("--dead-link-ms") { Description = "Each node gives a connection up as dead, and dials a peer again, once the other end has answered nothing for this many ms (0: the kernel's own timeouts, which take minutes).", DefaultValueFactory = _ => new ClusterOptions().DeadLinkMs };
        var workDir = new Option<string?>("--work-dir") { Description = "Where node files, data and logs go (kept); default a temporary directory removed afterwards." };
        var command = new Command("cluster", "Run N validator processes on loopback TCP under open-loop load (optionally with SIGKILL chaos) and write reports.")
        {
            nodes, duration, rate, chaos, outDir, seed, drain, closeMs, maxPerLedger, admit, admitMs, workDir, killCycles, chaosInterval, chaosDown, sweep, warmup, simulate,
            repeat, sharing, resimulate, residualAtBuild, startStagger, startDelays, snapshotMin, snapshotDeltaFraction, sendBatch, netns, deadLink,
        };
        command.SetAction((parse, _) =>
        {
            string? chaosMode = parse.GetValue(chaos);
            if (chaosMode is not (null or "kill" or "partition"))
            {
                Console.Error.WriteLine($"error: --chaos '{chaosMode}' is not supported ('kill' or 'partition')");
                return Task.FromResult(Program.ExitBadInput);
            }
            if (chaosMode == "partition" && (!parse.GetValue(netns) || parse.GetValue(killCycles) > 0))
            {
                Console.Error.WriteLine("error: --chaos partition cuts the nodes' own links, so it needs --netns (and is not combined with --kill-cycles)");
                return Task.FromResult(Program.ExitBadInput);
            }
            if (parse.GetValue(deadLink) is var deadMs and not 0 and (< NodeFile.MinDeadLinkMs or > NodeFile.MaxDeadLinkMs))
            {
                Console.Error.WriteLine($"error: --dead-link-ms {deadMs}: 0 (the kernel's own timeouts) or {NodeFile.MinDeadLinkMs} to {NodeFile.MaxDeadLinkMs}");
                return Task.FromResult(Program.ExitBadInput);
            }
            string sharingMode = parse.GetValue(sharing)!;
            if (SimulatedMachine.Parse(sharingMode) is not { } machine)
            {
                Console.Error.WriteLine($"error: --sharing '{sharingMode}' is not supported ({string.Join(", ", SimulatedMachine.All.Select(m => $"'{m.Name}'"))})");
                return Task.FromResult(Program.ExitBadInput);
            }
            if (parse.GetValue(resimulate) is { } sweepDir)
            {
                double[]? delays = null;
                if (parse.GetValue(startDelays) is { } given && (delays = NumberList(given)) is null)
                {
                    Console.Error.WriteLine($"error: --start-delays-ms takes comma-separated ms, one per validator, e.g. 0,30,170,200 (got '{given}')");
                    return Task.FromResult(Program.ExitBadInput);
                }
                return Task.FromResult(ClusterSweep.Resimulate(sweepDir, parse.GetValue(outDir) ?? Path.Combine(sweepDir, $"resimulated-{sharingMode}"), machine,
                    parse.InvocationConfiguration.Output, parse.GetValue(residualAtBuild), parse.GetValue(startStagger), delays));
            }
            int n = parse.GetValue(nodes);
            var options = new ClusterOptions
            {
                Nodes = n,
                DurationSec = parse.GetValue(duration),
                RatePerSec = parse.GetValue(rate),
                ChaosKill = chaosMode == "kill" || parse.GetValue(killCycles) > 0,
                ChaosPartition = chaosMode == "partition",
                KillCycles = parse.GetValue(killCycles),
                ChaosIntervalSec = parse.GetValue(chaosInterval),
                ChaosDownSec = parse.GetValue(chaosDown),
                OutDir = parse.GetValue(outDir) ?? Path.Combine("results", "cluster", $"{n}-nodes"),
                Seed = parse.GetValue(seed),
                DrainSec = parse.GetValue(drain),
                CloseIntervalMs = parse.GetValue(closeMs),
                MaxTransactionsPerLedger = parse.GetValue(maxPerLedger),
                SubmissionQueueLimit = parse.GetValue(admit),
                SubmissionQueueMs = parse.GetValue(admitMs),
                WarmupSec = parse.GetValue(warmup),
                WorkDir = parse.GetValue(workDir),
                SnapshotMinTransactions = parse.GetValue(snapshotMin),
                SnapshotDeltaFraction = parse.GetValue(snapshotDeltaFraction),
                SendBatchMs = parse.GetValue(sendBatch),
                NetworkNamespaces = parse.GetValue(netns),
                DeadLinkMs = parse.GetValue(deadLink),
            };
            if (parse.GetValue(sweep) is { } rates)
            {
                if (NumberList(rates) is not { } list)
                {
                    Console.Error.WriteLine($"error: --sweep takes comma-separated rates in tx/s, e.g. 500,1000,1500 (got '{rates}')");
                    return Task.FromResult(Program.ExitBadInput);
                }
                return ClusterSweep.RunAsync(options with { OutDir = parse.GetValue(outDir) ?? Path.Combine("results", "cluster", $"sweep-{n}-nodes") },
                    list, parse.GetValue(warmup), parse.GetValue(simulate), parse.InvocationConfiguration.Output, parse.GetValue(repeat), machine);
            }
            return RunAsync(options, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    /// <summary>Comma-separated numbers ("500,1000,1500"), or separated by <paramref name="separator"/>; null when one is
    /// not a number.</summary>
    internal static double[]? NumberList(string text, char separator = ',')
    {
        var parts = text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out list[i])) return null;
        return list;
    }

    public static async Task<int> RunAsync(ClusterOptions options, TextWriter stdout) => (await RunOnceAsync(options, stdout)).Exit;

    /// <summary>One cluster run with its reports written; also returns what a sweep needs: the scenario, the result
    /// (null when the cluster could not start) and the CPU seconds the nodes and this process (the load generator) used
    /// from the start of the load to the end of the drain, and sampled through the run.</summary>
    internal static async Task<(int Exit, Sim.Scenarios.Scenario? Scenario, Sim.Simulation.SimulationResult? Result, double NodeCpuSec, double LoadCpuSec, CpuTrace? Cpu,
        SignatureCheckWork? Checks, LedgerWork? Ledgers, RoundSpread? Rounds)> RunOnceAsync(ClusterOptions options, TextWriter stdout)
    {
        if (options.Nodes < 1 || options.Nodes > 64 || options.DurationSec <= 0 || options.RatePerSec <= 0 || options.DrainSec < 0 || options.CloseIntervalMs < 10 || options.MaxTransactionsPerLedger < 1
            || options.SubmissionQueueLimit < 0 || options.SubmissionQueueLimit > Engine.Net.ConsensusFileSpec.MaxSubmissionQueueLimit
            || options.SubmissionQueueMs < 0 || options.SubmissionQueueMs > Engine.Consensus.ConsensusParameters.MaxSubmissionQueueMs
            || options.SnapshotMinTransactions < 0 || !(options.SnapshotDeltaFraction >= 0) || double.IsInfinity(options.SnapshotDeltaFraction)
            || options.WarmupSec < 0 || (options.WarmupSec > 0 && options.KillCycles == 0 && options.WarmupSec >= options.DurationSec)
            || options.SendBatchMs < 1 || options.SendBatchMs > 1_000
            || options.KillCycles < 0 || options.KillCycles > 10_000 || options.ChaosIntervalSec <= 0 || options.ChaosDownSec < 0 || (options.KillCycles > 0 && options.Nodes < 2))
        {
            Console.Error.WriteLine($"error: need 1 <= --nodes <= 64, --duration > 0, --rate > 0, --drain >= 0, --close-ms >= 10, --max-tx-per-ledger >= 1, 0 <= --submission-queue-limit <= {Engine.Net.ConsensusFileSpec.MaxSubmissionQueueLimit}, 0 <= --submission-queue-ms <= {Engine.Consensus.ConsensusParameters.MaxSubmissionQueueMs}, --snapshot-min-tx >= 0, finite --snapshot-delta-fraction >= 0, 0 <= --warmup < --duration, 1 <= --send-batch-ms <= 1000, 0 <= --kill-cycles <= 10000 (with at least 2 nodes), --chaos-interval > 0, --chaos-down >= 0");
            return (Program.ExitBadInput, null, null, 0, 0, null, null, null, null);
        }
        if (options.WorkDir is { } kept && Directory.Exists(kept) && Directory.EnumerateFileSystemEntries(kept).Any())
        {
            // A cluster run starts its nodes from fresh data directories; another run's would hold a different chain.
            Console.Error.WriteLine($"error: --work-dir {kept} is not empty; a cluster run starts its nodes on empty data directories (remove it, or name a new one)");
            return (Program.ExitBadInput, null, null, 0, 0, null, null, null, null);
        }
        if (SignatureSchemes.FallbackNotice is { } notice) Console.Error.WriteLine(notice);
        var run = new ClusterRun(options, stdout);
        Sim.Scenarios.Scenario scenario;
        Sim.Simulation.SimulationResult result;
        double wallSec;
        try
        {
            (scenario, result, wallSec) = await run.RunAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return (1, null, null, 0, 0, null, null, null, null);
        }

        var document = RunReport.Write(options.OutDir, scenario, options.Seed, RunCommand.GitCommit(), result);
        RunReport.WriteHost(options.OutDir, new HostDocument(Math.Round(wallSec, 3), Math.Round(result.Events / wallSec),
            Math.Round(document.Summary.Validated / wallSec, 1), Environment.MachineName, Environment.ProcessorCount,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            Process.GetCurrentProcess().PeakWorkingSet64, Math.Round(run.LoadCpuDuringLoad.TotalSeconds, 3), run.LoadRuntime.Collections,
            Math.Round(run.LoadRuntime.GcPause.TotalSeconds, 3), AllocatedBytes: run.LoadRuntime.AllocatedBytes,
            GcHugePages: GcHugePages.Status, NodeSignatureChecks: run.NodeSignatureChecks?.Verifications,
            NodeCheckerUsPerVerification: run.NodeSignatureChecks?.MicrosecondsPerVerification is { } us ? Math.Round(us, 1) : null,
            NodeBuildSpreadMsP50: run.NodeRoundSpread?.BuildMsP50, NodeBuildSpreadMsP90: run.NodeRoundSpread?.BuildMsP90,
            NodeValidationSpreadMsP50: run.NodeRoundSpread?.ValidationMsP50, NodeValidationSpreadMsP90: run.NodeRoundSpread?.ValidationMsP90,
            NodeBuildLagMsP50: run.NodeRoundSpread?.BuildLagMsP50, NodeValidationAfterLastBuildMsP50: run.NodeRoundSpread?.ValidationAfterLastBuildMsP50));
        if (run.Recoveries.Count > 0)
            File.WriteAllLines(Path.Combine(options.OutDir, "recovery.csv"), ["node,killedAtSec,restartedAtSec,targetSequence,recoveryMs",
                .. run.Recoveries.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Node},{r.KilledAtSec},{r.RestartedAtSec},{r.TargetSequence},{r.RecoveryMs}"))]);
        int lost = 0;
        if (run.Restarts.Count > 0)
        {
            CsvReport.WriteFile(Path.Combine(options.OutDir, "restarts.csv"), run.Restarts);
            string line = RestartSummary(run.Restarts);
            lost = run.Restarts.Sum(r => r.LostLedgers + r.LostTxs);
            File.AppendAllText(Path.Combine(options.OutDir, "summary.md"), $"\n## Kill and restart\n\n{line}\n\nPer restart: restarts.csv (recovery times in ms from the restart; -1: not within 60 s).\n");
            stdout.WriteLine(line);
        }
        if (run.Partitions.Count > 0)
        {
            CsvReport.WriteFile(Path.Combine(options.OutDir, "partitions.csv"), run.Partitions);
            string line = PartitionSummary(run.Partitions);
            File.AppendAllText(Path.Combine(options.OutDir, "summary.md"), $"\n## Links cut and healed\n\n{line}\n\nPer node cut off: partitions.csv (recovery times in ms from the heal; -1: not within 60 s).\n");
            stdout.WriteLine(line);
        }
        var s = document.Summary;
        stdout.WriteLine($"validated {s.Validated}/{s.Planned} ({s.ThroughputTxPerSec:0.##} tx/s), rejected {s.Rejected}, expired {s.Expired}, pending {s.Pending}; " +
            $"latency p50 {s.Latency.LatencyUsP50 / 1000.0:0.#} ms, p99 {s.Latency.LatencyUsP99 / 1000.0:0.#} ms; {s.Ledgers} ledgers; {run.Recoveries.Count} restarts");
        if (s.Planned > 0)
            stdout.WriteLine($"CPU from the start of the load to the end of the drain: nodes {run.NodeCpuDuringLoad.TotalSeconds:0.0} s " +
                $"({run.NodeCpuDuringLoad.TotalMicroseconds / s.Planned / options.Nodes:0} us per planned transaction and node), load generator " +
                $"{run.LoadCpuDuringLoad.TotalSeconds:0.0} s ({run.LoadCpuDuringLoad.TotalMicroseconds / s.Planned:0} us per transaction; " +
                $"{run.LoadRuntime.AllocatedBytes / 1e6:0} MB allocated, collections {string.Join('/', run.LoadRuntime.Collections)}, pauses {run.LoadRuntime.GcPause.TotalSeconds:0.00} s)");
        if (run.NodeSignatureChecks is { MicrosecondsPerVerification: { } inPlace } checks)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"signature checks in place: {checks.Verifications:N0} verifications on the nodes' checker threads, {inPlace:0.0} us of their processor time each"));
        if (run.NodeLedgerWork is { BuildUsPerTransaction: { } buildUs, ValidationUsPerTransaction: { } validationUs })
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ledger work on the nodes' loops: {buildUs:0.0} us of processor time per transaction building ledgers, {validationUs:0.0} us validating them"));
        if (run.NodeRoundSpread is { } spread)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rounds on the nodes: from the first node to the last, a ledger with transactions was built within {spread.BuildMsP50:0} ms (p50; p90 {spread.BuildMsP90:0} ms, {spread.LedgersBuilt} ledgers) and validated within {spread.ValidationMsP50:0} ms (p50; p90 {spread.ValidationMsP90:0} ms, {spread.LedgersValidated} ledgers); each node's build behind the first, p50: {string.Join(", ", spread.BuildLagMsP50.Select((lag, i) => $"n{i} {lag:0} ms"))}; the first validation {spread.ValidationAfterLastBuildMsP50:0} ms after the last build (p50)"));
        int exit = RunCommand.ReportInvariants(stdout, document, options.OutDir);
        return (lost > 0 ? RunCommand.ExitSafety : exit, scenario, result, run.NodeCpuDuringLoad.TotalSeconds, run.LoadCpuDuringLoad.TotalSeconds, run.Cpu,
            run.NodeSignatureChecks, run.NodeLedgerWork, run.NodeRoundSpread);
    }

    // p50 and max of recovery times in ms, -1 meaning "not within 60 s".
    private static string Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int missed = sorted.Count(v => v < 0);
        var ok = sorted.Where(v => v >= 0).ToArray();
        if (ok.Length == 0) return "none within 60 s";
        return string.Create(CultureInfo.InvariantCulture, $"p50 {NearestRank.Of<double>(ok, 50):0} ms, max {ok[^1]:0} ms") + (missed > 0 ? $", {missed} not within 60 s" : "");
    }

    /// <summary>One line: links cut, whether the rest went on without them, and recovery p50/max after the heal.</summary>
    internal static string PartitionSummary(IReadOnlyList<PartitionRow> cuts)
    {
        int cycles = cuts.Max(c => c.Cycle);
        int wentOn = cuts.GroupBy(c => c.Cycle).Count(g => g.First().ClusterHeadAtHeal > g.First().ClusterHeadAtCut);
        return $"{cuts.Count} nodes cut off in {cycles} partitions of {cuts.Average(c => c.HealedAtSec - c.CutAtSec):0.#} s; the rest validated new ledgers during {wentOn} of them " +
            $"(a quorum without the nodes cut off); after the heal, to the rest's head {Percentiles(cuts.Select(c => c.CatchUpMs))}, " +
            $"to a new validated ledger {Percentiles(cuts.Select(c => c.FirstNewLedgerMs))}";
    }

    /// <summary>One line: restarts, recovery p50/max (restart to the cluster's head, and to a new ledger), and loss.</summary>
    internal static string RestartSummary(IReadOnlyList<RestartRow> restarts)
    {
        int lostLedgers = restarts.Sum(r => r.LostLedgers), lostTxs = restarts.Sum(r => r.LostTxs);
        return $"{restarts.Count} restarts in {restarts.Max(r => r.Cycle)} kill cycles; recovery to the cluster's head {Percentiles(restarts.Select(r => r.CatchUpMs))}; " +
            $"to its first new validated ledger {Percentiles(restarts.Select(r => r.FirstNewLedgerMs))}; " +
            $"lost {lostLedgers} ledgers and {lostTxs} transactions ({restarts.Sum(r => (long)r.LedgersChecked)} ledgers and {restarts.Sum(r => (long)r.TxsBeforeKill)} transactions " +
            $"fetched back and compared over all restarts, {restarts.Sum(r => (long)r.ClientConfirmedBeforeKill)} of them confirmed to clients by the node killed); " +
            $"{restarts.Count(r => r.SnapshotLedger > 0)} restored from a state snapshot, the node's own restore {Percentiles(restarts.Where(r => r.RestoreMs >= 0).Select(r => r.RestoreMs))} " +
            $"replaying up to {restarts.Select(r => r.TxsReplayed).DefaultIfEmpty().Max():N0} transactions";
    }

}
