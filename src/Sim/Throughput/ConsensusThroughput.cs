using System.Diagnostics;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Storage.BlockLog;

namespace HealthLedger.Sim.Throughput;

/// <summary>One measurement of committed throughput in one process.</summary>
/// <param name="Validators">Validators in the cluster.</param>
/// <param name="Transactions">Transactions submitted (all validated, or the run says so).</param>
/// <param name="Validated">Transactions every node validated.</param>
/// <param name="WallSeconds">Wall time from the first submission until every node validated the last ledger.</param>
/// <param name="CommittedTxPerSec">Validated transactions per wall-clock second.</param>
/// <param name="Ed25519VerifyPerSec">Single-core Ed25519 verifications per second measured in the same run.</param>
/// <param name="RatioToVerifyRate">CommittedTxPerSec ÷ Ed25519VerifyPerSec.</param>
/// <param name="Ledgers">Ledgers it took.</param>
/// <param name="DistinctSignatureChecks">Signatures actually verified (each distinct one once per process).</param>
/// <param name="CpuSeconds">Processor time the process used over the same interval, on all cores: unlike the wall time
/// it does not grow when other programs share the machine, so it shows the work itself.</param>
/// <param name="CpuMicrosecondsPerTx">CpuSeconds per validated transaction, in µs (a single Ed25519 check is about 75).</param>
/// <param name="Runs">Measured runs; the figures above are those of the run with the median ratio (each run's ratio is
/// against the verification rate measured right after it).</param>
/// <param name="CommittedTxPerSecRuns">Each measured run's committed tx/s, in run order.</param>
/// <param name="RatioRuns">Each measured run's ratio, in run order.</param>
/// <param name="SharedBuilds">True when the nodes shared each distinct ledger build (<see cref="SharedLedgerBuilds"/>);
/// false when every node built every ledger itself.</param>
public sealed record ThroughputResult(int Validators, int Transactions, int Validated, double WallSeconds, double CommittedTxPerSec,
    double Ed25519VerifyPerSec, double RatioToVerifyRate, uint Ledgers, long DistinctSignatureChecks, double CpuSeconds,
    double CpuMicrosecondsPerTx, int Runs = 1, IReadOnlyList<double>? CommittedTxPerSecRuns = null, IReadOnlyList<double>? RatioRuns = null, bool SharedBuilds = false);

/// <summary>
/// Committed-throughput benchmark of the consensus core: N production <see cref="ConsensusNode"/>s in one process,
/// real Ed25519 signatures on transactions, proposals and validations, each distinct signature verified once per
/// process (shared caches), zero network latency and virtual time (so the figure is the CPU cost of consensus, not of
/// waiting). Transactions are signed before the clock starts: clients sign, the ledger verifies.
/// </summary>
public static class ConsensusThroughput
{
    /// <summary>A delivery, a submission or (neither set) a timer, for one node.</summary>
    private readonly record struct Event(int Node, int From, ConsensusMessage? Message, Transaction? Submit);

    private const long GenesisTimeMs = 1_767_225_600_000;

    /// <summary>Single-core Ed25519 verifications per second over distinct 200-byte messages: the best of three timed
    /// passes, so that a moment of interference from other programs lowers neither pass's rate into the figure (the
    /// best pass is the highest bound, so a throughput ratio against it is never flattered by noise).</summary>
    public static double MeasureEd25519VerifyRate(int count = 4_000)
    {
        var key = SigningKey.FromLabel(SignatureSchemes.Ed25519, "verify-rate");
        var messages = Enumerable.Range(0, count).Select(i => { var m = new byte[200]; new Random(i).NextBytes(m); return m; }).ToArray();
        var signatures = messages.Select(m => key.Sign(m)).ToArray();
        for (int i = 0; i < 200; i++) key.Public.Verify(messages[i], signatures[i]); // warm up
        double best = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            var sw = Stopwatch.StartNew();
            int ok = 0;
            for (int i = 0; i < count; i++) if (key.Public.Verify(messages[i], signatures[i])) ok++;
            sw.Stop();
            if (ok != count) throw new InvalidOperationException("Ed25519 verification failed on valid signatures.");
            best = Math.Max(best, count / sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Runs <paramref name="transactions"/> through a cluster of <paramref name="validators"/> validators after
    /// two warm-up runs, so that what gets measured is steady state. The per-ledger methods (build, close, validate,
    /// prune) run once per node per ledger, a handful of times in a run of a few full ledgers: left to themselves they
    /// are still in the JIT's first tiers (unoptimized, then instrumented) while the clock runs. The first warm-up
    /// closes many small ledgers, so they reach the optimized tier; the second has the measured run's shape, so the
    /// loops over full-size pools and sets are compiled for it too.</summary>
    public static ThroughputResult Run(int validators, int transactions, int accounts = 2_000, int runs = 1, bool sharedBuilds = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        RunOnce(validators, Math.Min(transactions, 4_000), accounts, sharedBuilds, maxPerLedger: 50);
        RunOnce(validators, transactions, accounts, sharedBuilds);
        var results = new List<ThroughputResult>();
        for (int i = 0; i < runs; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            results.Add(RunOnce(validators, transactions, accounts, sharedBuilds));
        }
        // Each run against the verification rate measured right after it, in the same conditions; the run with the
        // median ratio is reported, so one unlucky (or lucky) moment of a shared machine does not decide the figure.
        var median = results.OrderBy(r => r.RatioToVerifyRate).ElementAt(runs / 2);
        return median with { Runs = runs, CommittedTxPerSecRuns = results.Select(r => r.CommittedTxPerSec).ToArray(), RatioRuns = results.Select(r => r.RatioToVerifyRate).ToArray() };
    }

    private static ThroughputResult RunOnce(int validators, int transactions, int accounts, bool sharedBuilds, int? maxPerLedger = null)
    {
        var (g, r, m) = (validators - 2 * (validators / 3), validators / 3, validators / 3);
        var members = new List<(SigningKey Key, ValidatorGroup Group)>();
        for (int i = 0; i < validators; i++)
            members.Add((SigningKey.FromLabel(SignatureSchemes.Ed25519, $"tp-validator-{i}"), i < g ? ValidatorGroup.Generators : i < g + r ? ValidatorGroup.Receivers : ValidatorGroup.Monitors));
        var parameters = new ConsensusParameters();
        if (maxPerLedger is { } max) parameters = parameters with { MaxTransactionsPerLedger = max };
        parameters = parameters.Validate();
        var set = new ValidatorSet(members.Select(x => (x.Key.Public, x.Group)), parameters.Weights);

        var clients = Enumerable.Range(0, accounts).Select(i => SigningKey.FromLabel(SignatureSchemes.Ed25519, $"tp-client-{i}")).ToArray();
        var box = BoxKeyPair.FromLabel(BoxScheme.X25519, "tp");
        var genesis = ClosedLedger.Genesis(new GenesisConfig(GenesisTimeMs,
            clients.Select(c => new GenesisAccount(c.Public, box.Scheme, box.PublicKey, Role.Provider, ValidatorGroup.None)).ToList()));

        // Clients sign before the clock starts.
        var rng = new Random(42);
        var next = new ulong[accounts];
        var txs = new Transaction[transactions];
        for (int i = 0; i < transactions; i++)
        {
            int a = i % accounts;
            var hash = new byte[32];
            rng.NextBytes(hash);
            txs[i] = Transaction.Create(clients[a], next[a]++, new Notarize(new Hash256(hash), []));
        }
        // Hand each node its own decoded copies, as if they arrived over the wire (the client's objects carry a
        // remembered signature check that a node must not inherit).
        var wire = txs.Select(t => t.Encoded.ToArray()).ToArray();

        var messageCache = new CachingConsensusVerifier(DirectConsensusVerifier.Instance);
        var txCache = new CachingTransactionVerifier(SignatureVerifier.Instance);
        // Each distinct signature is checked once per process; with sharedBuilds each distinct ledger is built once too.
        ILedgerBuilds builds = sharedBuilds ? new SharedLedgerBuilds() : DirectLedgerBuilds.Instance;
        var nodes = members.Select(x => new ConsensusNode(new NodeConfig(parameters, set, genesis, new MemoryBlockStore(),
            new KeyConsensusSigner(x.Key), messageCache, txCache) { Builds = builds })).ToArray();
        var index = members.Select((x, i) => (x.Key.Public.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var ids = members.Select(x => x.Key.Public.Id).ToArray();

        // Virtual time, zero latency. Every event due at the same time forms one step: within a step each node handles
        // its own events in queue order, the nodes run side by side on every core (each core is single-threaded and
        // touches only its own state), and their effects are gathered in node order afterwards, so the run is the same
        // whichever thread ran which node. A broadcast is decoded once and the same immutable message handed to every
        // recipient, as the simulator does.
        var queue = new PriorityQueue<Event, (long, long)>(); // timers only
        long seq = 0, now = GenesisTimeMs + 1_000;
        var armed = new long[validators];
        var validatedTxs = new long[validators];
        uint lastLedger = 0;
        var inbox = Enumerable.Range(0, validators).Select(_ => new List<Event>()).ToArray();
        var outbox = Enumerable.Range(0, validators).Select(_ => new List<NodeEffect>()).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

        void Gather(int i)
        {
            foreach (var e in outbox[i])
            {
                switch (e)
                {
                    // Zero latency: a message is handled in the next step, so it goes straight to the recipient's inbox
                    // (in node order, then effect order: the order a queue keyed by time and sequence would give).
                    case SendEffect s when ConsensusMessage.TryDecode(s.Message, out var m, out _):
                        inbox[index[s.To]].Add(new Event(index[s.To], i, m, null));
                        break;
                    case BroadcastEffect b when ConsensusMessage.TryDecode(b.Message, out var m, out _):
                        for (int j = 0; j < validators; j++) if (j != i) inbox[j].Add(new Event(j, i, m, null));
                        break;
                    case ArmTimerEffect a:
                        armed[i] = a.DeadlineMs;
                        queue.Enqueue(new Event(i, -1, null, null), (a.DeadlineMs, seq++));
                        break;
                    case LedgerValidatedEffect v:
                        validatedTxs[i] += v.Ledger.Transactions.Count;
                        lastLedger = Math.Max(lastLedger, v.Ledger.Sequence);
                        break;
                }
            }
            outbox[i].Clear();
        }

        void Step()
        {
            Parallel.For(0, validators, parallel, i =>
            {
                var node = nodes[i];
                foreach (var e in inbox[i])
                {
                    if (e.Submit is { } tx) node.Submit(now, tx);
                    else if (e.Message is { } m) node.HandleMessage(now, ids[e.From], m);
                    else node.HandleTick(now);
                    node.DrainEffects(outbox[i]);
                }
                inbox[i].Clear();
            });
            for (int i = 0; i < validators; i++) Gather(i);
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        // The host checks transaction signatures on receipt, on every core, before handing them to the single-threaded
        // node cores (ARCHITECTURE.md: a host may verify in parallel); the shared cache then answers the cores.
        var received = new Transaction[wire.Length];
        Parallel.For(0, wire.Length, parallel, t =>
        {
            Transaction.TryDecode(wire[t], out var copy, out _);
            txCache.Verify(copy!);
            Transaction.TryDecode(wire[t], out var own, out _);
            received[t] = own!; // the node gets its own, unverified object
        });
        for (int i = 0; i < validators; i++) inbox[i].Add(new Event(i, -1, null, null));
        for (int t = 0; t < received.Length; t++) inbox[t % validators].Add(new Event(t % validators, -1, null, received[t]));
        Step();
        long deadline = now + 600_000;
        while (!validatedTxs.All(v => v >= transactions))
        {
            if (inbox.All(b => b.Count == 0))
            {
                // Nothing in flight: jump to the next timer.
                if (!queue.TryPeek(out _, out var due) || due.Item1 > deadline) break;
                now = Math.Max(now, due.Item1);
            }
            while (queue.TryPeek(out var e, out var key) && key.Item1 <= now)
            {
                queue.Dequeue();
                if (armed[e.Node] == key.Item1) inbox[e.Node].Add(e); // otherwise a superseded timer
            }
            Step();
        }
        sw.Stop();
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        double verifyRate = MeasureEd25519VerifyRate();
        int validated = (int)validatedTxs.Min();
        double tps = validated / sw.Elapsed.TotalSeconds;
        return new ThroughputResult(validators, transactions, validated, Math.Round(sw.Elapsed.TotalSeconds, 3), Math.Round(tps, 1),
            Math.Round(verifyRate, 1), Math.Round(tps / verifyRate, 3), lastLedger, messageCache.Misses,
            Math.Round(cpu, 3), validated == 0 ? 0 : Math.Round(cpu * 1e6 / validated, 1), SharedBuilds: sharedBuilds);
    }
}
