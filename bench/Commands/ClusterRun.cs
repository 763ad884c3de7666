using System.Diagnostics;
using System.Globalization;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Sim.Core;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Network;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Bench.Commands;

/// <summary>One restart under chaos: when the node was killed and restarted, and how long it took to catch up.</summary>
internal sealed record RecoveryRecord(int Node, double KilledAtSec, double RestartedAtSec, uint TargetSequence, double RecoveryMs);

/// <summary>CPU seconds used so far by the node processes and by this process (the load generator), at a time of the run.</summary>
public sealed record CpuSample(long AtUs, double NodeSec, double LoadSec);

/// <summary>CPU samples of a run, every half second from the start of the load to the end of the drain.</summary>
public sealed class CpuTrace
{
    private readonly List<CpuSample> _samples = [];
    private readonly Lock _lock = new();

    public void Add(CpuSample sample)
    {
        lock (_lock) _samples.Add(sample);
    }

    /// <summary>CPU seconds of the nodes and of the load generator over [<paramref name="fromSec"/>,
    /// <paramref name="toSec"/>): the difference between the samples closest inside it, scaled to its length; zero when
    /// fewer than two samples fall inside.</summary>
    public (double NodeSec, double LoadSec) Between(double fromSec, double toSec)
    {
        lock (_lock)
        {
            var inside = _samples.Where(x => x.AtUs >= fromSec * 1e6 && x.AtUs <= toSec * 1e6).ToList();
            if (inside.Count < 2 || inside[^1].AtUs == inside[0].AtUs) return (0, 0);
            double scale = (toSec - fromSec) * 1e6 / (inside[^1].AtUs - inside[0].AtUs);
            return ((inside[^1].NodeSec - inside[0].NodeSec) * scale, (inside[^1].LoadSec - inside[0].LoadSec) * scale);
        }
    }
}

/// <summary>
/// A loopback cluster run: N <c>healthledger node</c> processes on 127.0.0.1, open-loop load from the simulator's
/// workload generator in real time, optional SIGKILL chaos, then every node's chain fetched and checked.
/// </summary>
internal sealed partial class ClusterRun(ClusterOptions options, TextWriter log)
{
    private readonly Stopwatch _clock = new();
    private readonly List<RecoveryRecord> _recoveries = [];
    private readonly List<CrashSpec> _crashes = [];
    private readonly List<PartitionSpec> _cuts = [];
    private NetworkNamespaces? _hosts;
    private readonly SortedDictionary<uint, long> _firstSeenUs = [];
    private readonly Lock _lock = new();
    private ClusterProcess[] _processes = [];

    public IReadOnlyList<RecoveryRecord> Recoveries => _recoveries;

    /// <summary>CPU time of every node process from the start of the load to the end of the drain (start-up, the first
    /// ledger and the end-of-run checks left out).</summary>
    public TimeSpan NodeCpuDuringLoad { get; private set; }

    /// <summary>CPU time of this process (the load generator: workload, signing, clients, status polling) over the same span.</summary>
    public TimeSpan LoadCpuDuringLoad { get; private set; }

    /// <summary>This process's collections, pauses, allocation and JIT work over the same span.</summary>
    public RuntimeCounters LoadRuntime { get; private set; }

    /// <summary>The nodes' signature checkers over the whole run, summed from the closing line each node process that
    /// stopped cleanly wrote to its node.log (<see cref="NodeCommand.SignatureChecksLine"/>; a node killed by chaos
    /// writes none for that life): verifications and the checker threads' processor time. Null when no node wrote one.</summary>
    public SignatureCheckWork? NodeSignatureChecks { get; private set; }

    /// <summary>The nodes' work of building and validating ledgers, summed the same way from their closing lines
    /// (<see cref="NodeCommand.LedgerWorkLine"/>): transactions, and the processor time of the loops' inputs that built
    /// and that validated them. Null when no node wrote one.</summary>
    public LedgerWork? NodeLedgerWork { get; private set; }

    /// <summary>How far apart in time the nodes built, and validated, the same ledger (<see cref="ReadRoundSpread"/>);
    /// null when no ledger with transactions was built and validated by every node.</summary>
    public RoundSpread? NodeRoundSpread { get; private set; }

    /// <summary>Reads the <c>built ledger</c> and <c>validated ledger</c> lines of the node logs (one log per node, every
    /// life appended) and, over the ledgers holding transactions, how long after the first node the last one built each
    /// (counting the ledgers every node built in a round, not fetched) and validated each (counting those every node
    /// validated). The log's clock is the machine's, to the millisecond; a log that passes midnight is read on. In the
    /// simulator every node runs on one symmetric machine model, and they build and validate within a millisecond of
    /// each other; real nodes sharing two cores do not (docs/network.md, "The simulator against loopback").</summary>
    internal static RoundSpread? ReadRoundSpread(IReadOnlyList<string> logPaths)
    {
        var built = new Dictionary<uint, long>[logPaths.Count];
        var validated = new Dictionary<uint, long>[logPaths.Count];
        var holdsTransactions = new HashSet<uint>();
        for (int i = 0; i < logPaths.Count; i++)
        {
            built[i] = [];
            validated[i] = [];
            if (!File.Exists(logPaths[i])) continue;
            long previous = -1, day = 0;
            foreach (string line in File.ReadLines(logPaths[i]))
            {
                if (RoundLine().Match(line) is not { Success: true } m) continue;
                long ms = ((int.Parse(m.Groups[1].ValueSpan) * 60L + int.Parse(m.Groups[2].ValueSpan)) * 60 + int.Parse(m.Groups[3].ValueSpan)) * 1000
                    + int.Parse(m.Groups[4].ValueSpan);
                if (previous >= 0 && ms + day < previous - 43_200_000) day += 86_400_000; // past midnight
                previous = ms + day;
                uint sequence = uint.Parse(m.Groups[6].ValueSpan, CultureInfo.InvariantCulture);
                (m.Groups[5].ValueSpan is "built" ? built[i] : validated[i]).TryAdd(sequence, previous);
                if (m.Groups[7].ValueSpan is not "0") holdsTransactions.Add(sequence);
            }
        }
        // With the spreads, each node's own lag: over the same ledgers, how long after the first node's build its own came
        // (median). How far the nodes trail decides how long a quorum that needs the trailing ones waits (docs/network.md).
        if (BuildSpread.Of(built, holdsTransactions, 1) is not var (builds, lags) || BuildSpread.Of(validated, holdsTransactions, 1) is not var (validations, _)) return null;
        var afterLastBuild = BuildSpread.ValidationAfterLastBuild(built, validated, holdsTransactions, 1);
        return new RoundSpread(builds.Length, NearestRank.Of<double>(builds, 50), NearestRank.Of<double>(builds, 90),
            validations.Length, NearestRank.Of<double>(validations, 50), NearestRank.Of<double>(validations, 90), lags,
            afterLastBuild is null ? 0 : NearestRank.Of<double>(afterLastBuild, 50));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) \[[^\]]*\] (built|validated) ledger (\d+) \S+ \((\d+) txs[;)]")]
    private static partial System.Text.RegularExpressions.Regex RoundLine();

    /// <summary>Sums the checker lines of the given node logs; null when there are none.</summary>
    internal static SignatureCheckWork? ReadSignatureChecks(IEnumerable<string> logPaths) =>
        SumClosingLines(logPaths, CheckerLine()) is [var checks] ? new SignatureCheckWork(checks.Count, checks.Time) : null;

    /// <summary>Sums the ledger-work lines of the given node logs; null when there are none.</summary>
    internal static LedgerWork? ReadLedgerWork(IEnumerable<string> logPaths) =>
        SumClosingLines(logPaths, LedgerWorkLine()) is [var built, var validated] ? new LedgerWork(built.Count, built.Time, validated.Count, validated.Time) : null;

    /// <summary>Sums, over every matching line of the logs, each pair of the pattern's groups: a count, then seconds.</summary>
    private static (long Count, TimeSpan Time)[]? SumClosingLines(IEnumerable<string> logPaths, System.Text.RegularExpressions.Regex pattern)
    {
        (long Count, TimeSpan Time)[]? sums = null;
        foreach (string path in logPaths.Where(File.Exists))
            foreach (string line in File.ReadLines(path))
                if (pattern.Match(line) is { Success: true } m)
                {
                    sums ??= new (long, TimeSpan)[(m.Groups.Count - 1) / 2];
                    for (int i = 0; i < sums.Length; i++)
                        sums[i] = (sums[i].Count + long.Parse(m.Groups[2 * i + 1].Value, CultureInfo.InvariantCulture),
                            sums[i].Time + TimeSpan.FromSeconds(double.Parse(m.Groups[2 * i + 2].Value, CultureInfo.InvariantCulture)));
                }
        return sums;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^" + NodeCommand.SignatureChecksLine + @" (\d+) verifications in ([\d.]+) s ")]
    private static partial System.Text.RegularExpressions.Regex CheckerLine();

    [System.Text.RegularExpressions.GeneratedRegex("^" + NodeCommand.LedgerWorkLine + @" (\d+) transactions built in ([\d.]+) s, (\d+) validated in ([\d.]+) s ")]
    private static partial System.Text.RegularExpressions.Regex LedgerWorkLine();

    /// <summary>CPU samples over the load and the drain, for CPU use in a steady-state window.</summary>
    public CpuTrace Cpu { get; } = new();

    private async Task SampleCpuAsync(TimeSpan nodeCpuAtStart, TimeSpan loadCpuAtStart, CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            do Cpu.Add(new CpuSample(_clock.Elapsed.Ticks / 10, (TotalNodeCpu() - nodeCpuAtStart).TotalSeconds,
                (Process.GetCurrentProcess().TotalProcessorTime - loadCpuAtStart).TotalSeconds));
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private TimeSpan TotalNodeCpu()
    {
        var total = TimeSpan.Zero;
        foreach (var p in _processes) total += p.CpuTime;
        return total;
    }

    public Scenario BuildScenario()
    {
        var (g, r, m) = ClusterOptions.Split(options.Nodes);
        int owners = Math.Max(200, (int)(options.RatePerSec * 8));
        return new Scenario
        {
            Name = $"cluster-{options.Nodes}",
            Description = $"{options.Nodes} validator processes on loopback TCP, {options.RatePerSec:0.##} tx/s open-loop" + (options.ChaosKill ? ", SIGKILL chaos" : "") + (options.ChaosPartition ? ", links cut and healed" : ""),
            Seed = options.Seed,
            DurationSec = options.DurationSec,
            DrainSec = options.DrainSec,
            Validators = new ValidatorsSpec { Generators = g, Receivers = r, Monitors = m },
            Consensus = new ConsensusSpec { CloseIntervalMs = options.CloseIntervalMs, MaxTransactionsPerLedger = options.MaxTransactionsPerLedger, SubmissionQueueLimit = options.SubmissionLimit, SubmissionQueueMs = options.SubmissionQueueMs },
            Network = new NetworkSpec(),
            // Each submission is answered by the node it went to, when that node validates it.
            Workload = new WorkloadSpec { Arrivals = Arrivals(), Patients = owners, AnsweredBy = WorkloadSpec.AnsweredBySubmitter, SendTickMs = options.SendBatchMs },
        };
    }

    /// <summary>Poisson arrivals at the rate; with a warm-up, its first half at a share of the rate (the JIT's tiers
    /// settle) and its second half at the full rate already (the step from the low rate settles before measuring).</summary>
    private List<ArrivalSpec> Arrivals()
    {
        if (options.WarmupSec <= 0) return [new ArrivalSpec { Kind = "poisson", RatePerSec = options.RatePerSec }];
        double switchMs = options.WarmupSec * 1000 / 2;
        return
        [
            new ArrivalSpec { Kind = "poisson", RatePerSec = options.RatePerSec * ClusterOptions.WarmupRateShare, EndMs = switchMs },
            new ArrivalSpec { Kind = "poisson", RatePerSec = options.RatePerSec, StartMs = switchMs },
        ];
    }

    public async Task<(Scenario Scenario, Sim.Simulation.SimulationResult Result, double WallSec)> RunAsync()
    {
        var scenario = BuildScenario();
        if (options.ChaosPartition && !options.NetworkNamespaces)
            throw new InvalidOperationException("--chaos partition cuts the nodes' own links, so it needs --netns");
        using var hosts = options.NetworkNamespaces ? NetworkNamespaces.Create(options.Nodes) : null;
        _hosts = hosts;
        // Created atomically under a fresh name: two clusters started in the same second (tests run side by side) must
        // never share node files, data directories or block logs.
        string workDir = options.WorkDir ?? Directory.CreateTempSubdirectory("healthledger-cluster-").FullName;
        var root = new SimRandom(options.Seed);
        var population = new Population(scenario.Workload);
        var factory = new TxFactory(scenario.Workload, population, root.Derive("workload"));
        // Kill cycles: plan load well past the last cycle's worst case; issuing stops when the cycles are done.
        double horizonSec = options.KillCycles > 0 ? options.KillCycles * (options.ChaosIntervalSec + options.ChaosDownSec + 65) : options.DurationSec;
        var planned = ArrivalSchedule.Plan(scenario.Workload.Arrivals, (long)(horizonSec * 1e6), root.Derive("arrivals"));
        var layout = ClusterLayout.Create(options, scenario.Workload, workDir, hosts);
        var simGenesis = ClosedLedger.Genesis(new GenesisConfig(Sim.Simulation.Simulation.GenesisTimeMs, population.GenesisAccounts().ToList()));
        if (simGenesis.Hash != layout.Genesis.Hash) throw new InvalidOperationException("The node files' genesis differs from the workload population's: labels or order changed.");
        string where = hosts is null
            ? $"ports {string.Join(",", layout.EndPoints.Select(e => e.Port))}"
            : $"each in a network namespace of its own ({string.Join(",", hosts.Names)}) on bridge subnet {hosts.Subnet}, at {string.Join(",", layout.EndPoints)}";
        log.WriteLine($"cluster: {options.Nodes} nodes in {workDir}, {where}, {planned.Length} operations planned");

        _processes = layout.ConfigPaths.Select((p, i) => new ClusterProcess(i, p, Path.Combine(Path.GetDirectoryName(p)!, "node.log"), hosts)).ToArray();
        using var stop = new CancellationTokenSource();
        var load = new ClusterLoad(layout, factory, root.Derive("clients"), _clock, stop.Token, options.SendBatchMs);
        var wall = Stopwatch.StartNew();
        try
        {
            foreach (var p in _processes) p.Start();
            await WaitReadyAsync(load);
            var nodeCpuAtStart = TotalNodeCpu();
            var loadCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            var runtimeAtStart = RuntimeCounters.Now();
            _clock.Start();
            using var monitorStop = new CancellationTokenSource();
            var monitor = MonitorAsync(load, monitorStop.Token);
            var sampler = SampleCpuAsync(nodeCpuAtStart, loadCpuAtStart, monitorStop.Token);
            using var chaosStop = new CancellationTokenSource();
            using var cyclesDone = new CancellationTokenSource();
            var chaos = ChaosAsync(load, root.Derive("chaos"), chaosStop.Token, cyclesDone);
            await load.RunAsync(planned, options.KillCycles > 0 ? cyclesDone.Token : default);
            long workloadEndUs = _clock.Elapsed.Ticks / 10;
            if (options.KillCycles > 0) scenario = scenario with { DurationSec = Math.Round(workloadEndUs / 1e6, 3) };
            chaosStop.Cancel();
            await chaos;
            // Every killed node is running again before the drain, so the drain measures recovery too.
            foreach (var p in _processes.Where(p => !p.IsRunning)) p.Start();
            await load.DrainAsync(TimeSpan.FromSeconds(options.DrainSec));
            NodeCpuDuringLoad = TotalNodeCpu() - nodeCpuAtStart;
            LoadCpuDuringLoad = Process.GetCurrentProcess().TotalProcessorTime - loadCpuAtStart;
            LoadRuntime = RuntimeCounters.Now() - runtimeAtStart;
            await stop.CancelAsync();
            await load.CloseClientsAsync();
            var result = await CollectAsync(layout, load, scenario, Math.Max(workloadEndUs, _clock.Elapsed.Ticks / 10));
            monitorStop.Cancel();
            await monitor;
            await sampler;
            return (scenario with { Faults = new FaultsSpec { Crashes = [.. _crashes] }, Network = scenario.Network with { Partitions = [.. _cuts] } },
                result, wall.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var p in _processes) p.Stop();
            foreach (var p in _processes)
                if (p.ExitCode is { } code and not 0) log.WriteLine($"cluster: node {p.Index} exited with code {code} on SIGTERM (see {Path.GetDirectoryName(p.ConfigPath)}/node.log)");
            NodeSignatureChecks = ReadSignatureChecks(_processes.Select(p => p.LogPath));
            NodeLedgerWork = ReadLedgerWork(_processes.Select(p => p.LogPath));
            NodeRoundSpread = ReadRoundSpread([.. _processes.Select(p => p.LogPath)]);
            if (options.WorkDir is null)
            {
                try
                {
                    Directory.Delete(workDir, recursive: true);
                }
                catch (IOException)
                {
                    // Left for inspection.
                }
            }
        }
    }

    private async Task WaitReadyAsync(ClusterLoad load)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            int ready = 0;
            for (int i = 0; i < _processes.Length; i++)
            {
                if (await load.StatusClientAsync(i, CancellationToken.None) is not { } c) continue;
                try
                {
                    // Connected to every peer, and past the first ledger: the first round of fresh processes runs while
                    // they are still compiling the consensus code, and under load it can miss agreement and wait for the
                    // core's 30 s abandon (seen at 200-1,000 tx/s on the shared machine); an idle first ledger keeps that
                    // start-up cost out of the measured load.
                    var status = await c.GetStatusAsync();
                    if (status.Peers >= _processes.Length - 1 && status.ValidatedSequence >= 1) ready++;
                }
                catch (Engine.Client.LedgerUnavailableException)
                {
                    // Not yet.
                }
            }
            if (ready == _processes.Length) return;
            foreach (var p in _processes)
                if (p.ExitCode is { } code) throw new InvalidOperationException($"node {p.Index} exited with code {code} before the cluster was ready (see {Path.GetDirectoryName(p.ConfigPath)}/node.log)");
            if (deadline.Elapsed.TotalSeconds > options.ReadyTimeoutSec) throw new TimeoutException($"only {ready} of {_processes.Length} nodes were connected to every peer and had validated the first ledger after {options.ReadyTimeoutSec} s");
            await Task.Delay(200);
        }
    }

    /// <summary>Polls every node's validated sequence: the first time any node reports a ledger validated.</summary>
    private async Task MonitorAsync(ClusterLoad load, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            for (int i = 0; i < _processes.Length; i++)
            {
                if (!_processes[i].IsRunning) continue;
                try
                {
                    if (await load.StatusClientAsync(i, token) is not { } c) continue;
                    var status = await c.GetStatusAsync(token).AsTask().WaitAsync(TimeSpan.FromSeconds(1), token);
                    long now = _clock.Elapsed.Ticks / 10;
                    lock (_lock)
                        for (uint s = status.ValidatedSequence; s >= 1 && !_firstSeenUs.ContainsKey(s); s--) _firstSeenUs[s] = now;
                }
                catch (Exception e) when (e is Engine.Client.LedgerUnavailableException or TimeoutException or OperationCanceledException)
                {
                    // A node down or slow: the others still report.
                }
            }
            try
            {
                await Task.Delay(100, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>How far apart in time the nodes of a cluster built, and validated, the same ledger, over the ledgers holding
/// transactions (<see cref="ClusterRun.ReadRoundSpread"/>): for each ledger, the time from the first node's build (or
/// validation) to the last one's, in ms, as the median and the 90th percentile over the ledgers; and for each node, in the
/// order of the logs, the median time from the first node's build to its own (<see cref="BuildLagMsP50"/>); and over the
/// ledgers every node built and validated, the median time from the last node's build to the first node's validation
/// (<see cref="ValidationAfterLastBuildMsP50"/>).</summary>
public sealed record RoundSpread(int LedgersBuilt, double BuildMsP50, double BuildMsP90, int LedgersValidated, double ValidationMsP50, double ValidationMsP90,
    IReadOnlyList<double> BuildLagMsP50, double ValidationAfterLastBuildMsP50 = 0)
{
    /// <summary>Equal when every figure and every node's lag are.</summary>
    public bool Equals(RoundSpread? other) => other is not null && (LedgersBuilt, BuildMsP50, BuildMsP90, LedgersValidated, ValidationMsP50, ValidationMsP90)
        == (other.LedgersBuilt, other.BuildMsP50, other.BuildMsP90, other.LedgersValidated, other.ValidationMsP50, other.ValidationMsP90)
        && BuildLagMsP50.SequenceEqual(other.BuildLagMsP50) && ValidationAfterLastBuildMsP50 == other.ValidationAfterLastBuildMsP50;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(LedgersBuilt, BuildMsP50, ValidationMsP50, BuildLagMsP50.Count);
}
