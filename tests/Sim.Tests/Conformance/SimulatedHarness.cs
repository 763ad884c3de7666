using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Sim.Network;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;
using HealthLedger.Sim.Workload;
using SimulationHost = HealthLedger.Sim.Simulation.Simulation;

namespace HealthLedger.Sim.Tests.Conformance;

/// <summary>
/// The conformance harness over the deterministic simulator: the production node cores under virtual time, every
/// message through the binary codec and the simulator's network model (1 ms links), partitions from the network
/// model. Waiting processes events one at a time until the condition holds or the virtual deadline passes, so a run is
/// the same for the same seed and the same test.
/// </summary>
public sealed class SimulatedHarness : IConsensusHarness
{
    private readonly SimulationHost _sim;
    private readonly List<string> _conflicts = [];

    public SimulatedHarness(ClusterShape shape, ulong seed = 6)
    {
        var (g, r, m) = shape.Split;
        var scenario = new Scenario
        {
            Name = "conformance",
            Seed = seed,
            DurationSec = 86_400, // control mode: the host decides how long to run
            Validators = new ValidatorsSpec { Generators = g, Receivers = r, Monitors = m, Weights = shape.Weights },
            Consensus = new ConsensusSpec { Quorum = shape.Quorum, CloseIntervalMs = shape.CloseIntervalMs },
            Network = new NetworkSpec(),
            Workload = Workload,
        };
        _sim = new SimulationHost(scenario, seed);
        Accounts = Enumerable.Range(0, ClusterShape.Accounts).Select(i => new TestAccount($"provider-{i}")).ToArray();
    }

    /// <summary>The population both backends put in genesis: one patient and the test accounts (no workload runs).</summary>
    public static WorkloadSpec Workload { get; } = new()
    {
        Arrivals = [new ArrivalSpec { Kind = "poisson", RatePerSec = 0.001 }],
        Patients = 1,
        Providers = ClusterShape.Accounts,
        Insurers = 0,
    };

    public string Backend => "simulated";

    public int Count => _sim.NodeCount;

    public bool CanPartition => true;

    public IReadOnlyList<TestAccount> Accounts { get; }

    public IReadOnlyList<string> ReportConflicts => _conflicts.Concat(_sim.LossViolations).ToList();

    public Task StartAsync()
    {
        _sim.StartControlled();
        return Task.CompletedTask;
    }

    public Submission Submit(int node, Engine.Ledger.Transaction tx)
    {
        var submission = new TrackedSubmission(tx, _sim.SubmitNow(node, tx));
        _submissions.Add(submission);
        return submission.Public;
    }

    private readonly List<TrackedSubmission> _submissions = [];

    private sealed class TrackedSubmission(Engine.Ledger.Transaction tx, TrackedTransaction track)
    {
        public Submission Public { get; } = new(tx);

        public TrackedTransaction Track { get; set; } = track;

        public void Sync()
        {
            if (Public.IsDone) return;
            var track = Track;
            switch (track.Outcome)
            {
                case TxOutcome.Validated:
                    Public.Validated(track.Ledger);
                    break;
                case TxOutcome.Rejected or TxOutcome.Expired:
                    Public.Rejected(Enum.TryParse<Engine.Ledger.TxResult>(track.Reason, out var r) ? r : null, track.Reason);
                    break;
            }
        }
    }

    public Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan deadline)
    {
        long untilUs = _sim.NowUs + (long)deadline.TotalMicroseconds;
        while (true)
        {
            foreach (var s in _submissions) s.Sync();
            if (condition()) return Task.FromResult(true);
            if (!_sim.Step(untilUs)) break;
        }
        foreach (var s in _submissions) s.Sync();
        return Task.FromResult(condition());
    }

    public Task CrashAsync(int node)
    {
        _sim.CrashNow(node);
        // A TCP client waiting on that node sees its connection close and sends the transaction to the next node; the
        // simulated clients do the same, so both backends give a crashed node's pending submissions the same fate.
        foreach (var s in _submissions)
        {
            s.Sync();
            if (!s.Public.IsDone && s.Track.Node == node) s.Track = _sim.SubmitNow((node + 1) % Count, s.Public.Tx);
        }
        return Task.CompletedTask;
    }

    public Task RestartAsync(int node)
    {
        _sim.RestartNow(node);
        return Task.CompletedTask;
    }

    public Task PartitionAsync(IReadOnlyList<int> side)
    {
        _sim.PartitionNow(side);
        return Task.CompletedTask;
    }

    public Task HealAsync()
    {
        _sim.HealNow();
        return Task.CompletedTask;
    }

    public bool IsUp(int node) => _sim.NodeAt(node) is not null;

    public IReadOnlyDictionary<uint, Hash256> Reported(int node) => new SortedDictionary<uint, Hash256>(_sim.ReportedBy(node).ToDictionary());

    public Task<IReadOnlyList<LedgerView>> StoredLedgersAsync(int node)
    {
        var views = new List<LedgerView>();
        foreach (var entry in _sim.StoreOf(node).ReadAll())
        {
            if (!ConsensusMessage.TryDecode(entry.Blob.Span, out var message, out var error) || message is not LedgerResponseMessage ledger)
                throw new InvalidDataException($"node {node}'s stored ledger {entry.Sequence} does not decode: {error}");
            views.Add(new LedgerView((uint)entry.Sequence, entry.Hash, ledger.Transactions.Select(t => t.Id).ToList()));
        }
        return Task.FromResult<IReadOnlyList<LedgerView>>(views);
    }

    public Task<long> LedgersFetchedAsync(int node) => Task.FromResult(_sim.NodeAt(node)?.Counters.LedgersFetched ?? 0);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
