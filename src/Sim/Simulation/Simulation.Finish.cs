using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Merkle;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Simulation;

// The end of a run: outcomes, per-node figures, and every invariant of ARCHITECTURE.md checked.
public sealed partial class Simulation
{
    private readonly NodeStats[] _stats;
    private readonly List<string> _lossViolations = [];

    /// <summary>Over the ledgers holding transactions that every node built in a round, the median time from the first
    /// build to the last, and each node's median lag behind the first, ms; 0 and none when there are no such ledgers.</summary>
    private (double SpreadMsP50, double[] LagsMsP50) BuildSpreadOfNodes() =>
        BuildSpread.Of(_builtAt, _withTransactions, 1000) is var (spreads, lags) ? (NearestRank.Of<double>(spreads, 50), lags) : (0, []);

    /// <summary>Over the ledgers holding transactions that every node built and validated, the median time from the last
    /// build to the first validation, ms (0: none).</summary>
    private double ValidationAfterLastBuildMsP50() =>
        BuildSpread.ValidationAfterLastBuild(_builtAt, _validatedAt, _withTransactions, 1000) is { } gaps ? NearestRank.Of<double>(gaps, 50) : 0;

    /// <summary>The same for the nodes' validations: the median time from the first to the last, ms (0: none).</summary>
    private double ValidationSpreadMsP50() =>
        BuildSpread.Of(_validatedAt, _withTransactions, 1000) is var (spreads, _) ? NearestRank.Of<double>(spreads, 50) : 0;

    private SimulationResult Finish()
    {
        AnswerTheRest();
        var transactions = _trackOrder.Select(t => t.ToRecord()).ToList();
        foreach (var (planned, kind, node) in _deferred) transactions.Add(TrackedTransaction.NeverSubmitted(planned, kind, node));
        _neverSubmitted = _deferred.Count;

        var ledgers = _ledgers.Values.Select(a => new LedgerRecord(a.Ledger.Sequence, a.Ledger.Hash, a.Ledger.CloseTimeMs,
            a.Ledger.Transactions.Count, a.FirstValidatedUs, a.Nodes)).ToList();
        var nodes = Enumerable.Range(0, _nodes.Length).Select(i =>
        {
            var s = _stats[i];
            var store = _configs[i].Store;
            long storage = store.ReadAll().Sum(e => (long)e.Blob.Length);
            uint validated = _nodes[i]?.LastValidatedLedger.Sequence ?? (s.Reported.Count == 0 ? 0 : s.Reported.Keys.Max());
            long dropped = _nodes[i]?.Counters.DroppedTotal ?? 0;
            return new NodeRecord(i, _groups[i], _cpu.CpuUs(i), s.MessagesSent, s.BytesSent, s.MessagesReceived, s.BytesReceived,
                storage, validated, dropped, s.Crashes, _behaviours[i]?.Name ?? "");
        }).ToList();

        var spread = BuildSpreadOfNodes();
        return new SimulationResult
        {
            Transactions = transactions,
            Ledgers = ledgers,
            Nodes = nodes,
            Invariants = CheckInvariants(),
            Latency = _latency,
            Throughput = _throughput,
            SimulatedUs = SimulatedUs,
            Events = EventCount,
            Network = (_network.Lost, _network.Partitioned, _network.Duplicated),
            ClientCpuUs = _cpu.ClientCpuUs,
            BuildSpreadMsP50 = spread.SpreadMsP50,
            BuildLagsMsP50 = spread.LagsMsP50,
            ValidationSpreadMsP50 = ValidationSpreadMsP50(),
            ValidationAfterLastBuildMsP50 = ValidationAfterLastBuildMsP50(),
            Chain = [_genesis, .. _ledgers.Values.Select(a => a.Ledger)],
        };
    }

    private List<InvariantResult> CheckInvariants()
    {
        var expect = _scenario.Expect;
        var results = new List<InvariantResult>();
        InvariantResult Verdict(string name, string expected, string? violation, string ok) =>
            new(name, expected, violation is null ? "holds" : "breaks", violation ?? ok);

        // Agreement: at each sequence every node that validated a ledger validated the same one.
        string? agreement = null;
        var bySequence = new SortedDictionary<uint, (Hash256 Hash, int Node)>();
        for (int i = 0; i < _stats.Length && agreement is null; i++)
            foreach (var (seq, hash) in IsByzantine(i) ? [] : _stats[i].Reported)
            {
                if (!bySequence.TryGetValue(seq, out var first)) bySequence[seq] = (hash, i);
                else if (first.Hash != hash)
                {
                    agreement = $"ledger {seq}: node {first.Node} validated {first.Hash.ToShortString()}, node {i} validated {hash.ToShortString()}";
                    break;
                }
            }
        int honest = Enumerable.Range(0, _nodes.Length).Count(i => !IsByzantine(i));
        results.Add(Verdict("agreement", expect.Agreement, agreement, $"{bySequence.Count} sequences, all {honest} honest nodes agreed"));

        // Validity and integrity: replay the longest validated chain from genesis with fresh signature checks.
        var (validity, integrity, replayed) = ReplayLongestChain();
        results.Add(Verdict("validity", expect.Validity, validity, $"{replayed} ledgers replayed from genesis; every transaction signed by its account's key and valid under the rules"));
        results.Add(Verdict("integrity", expect.Integrity, integrity, $"{replayed} headers: parent links, transaction roots and state roots recompute"));

        // No loss: what a node reported validated survives its crashes, and every validated transaction is in the chain.
        string? loss = _lossViolations.Count > 0 ? _lossViolations[0] : null;
        var idsBySequence = new Dictionary<uint, HashSet<Hash256>>();
        bool InLedger(uint sequence, Hash256 id)
        {
            if (!idsBySequence.TryGetValue(sequence, out var ids))
                idsBySequence[sequence] = ids = _ledgers[sequence].Ledger.Transactions.Select(x => x.Id).ToHashSet();
            return ids.Contains(id);
        }
        if (loss is null)
            foreach (var t in _trackOrder)
                if (t.Outcome == TxOutcome.Validated && (!bySequence.TryGetValue(t.Ledger, out _) || !InLedger(t.Ledger, t.Tx.Id)))
                {
                    loss = $"transaction {t.Tx.Id.ToShortString()} was reported validated in ledger {t.Ledger} but is not in it";
                    break;
                }
        int restarts = _stats.Sum(s => s.Crashes);
        results.Add(Verdict("noLoss", expect.NoLoss, loss, $"{_trackOrder.Count(t => t.Outcome == TxOutcome.Validated)} validated transactions present; {restarts} crash(es), no validated ledger lost on restart"));

        // Liveness: every planned operation reached an outcome, and none was dropped for want of progress.
        int pending = _trackOrder.Count(t => t.Outcome == TxOutcome.Pending) + _deferred.Count;
        int stalled = _trackOrder.Count(t => t.Outcome == TxOutcome.Rejected && !Enum.TryParse<TxResult>(t.Reason, out _));
        string? liveness = pending > 0 ? $"{pending} operations still pending at the end ({_neverSubmitted} never submitted)"
            : stalled > 0 ? $"{stalled} transactions dropped by nodes without a ledger rule rejecting them" : null;
        results.Add(Verdict("liveness", expect.Liveness, liveness, $"all {_trackOrder.Count} transactions reached an outcome"));
        return results;
    }

    /// <summary>Replays the longest chain any node stored, from genesis: returns the first validity and integrity
    /// violations (null when none) and how many ledgers were replayed.</summary>
    private (string? Validity, string? Integrity, int Replayed) ReplayLongestChain()
    {
        int best = -1, bestCount = -1;
        for (int i = 0; i < _configs.Length; i++)
            if (!IsByzantine(i) && _configs[i].Store.Count > bestCount) (best, bestCount) = (i, _configs[i].Store.Count);
        if (best < 0) return (null, null, 0);
        // Decode the whole chain first: fresh objects from the bytes, so every signature is checked again with the
        // real scheme, by the client crypto's helper while the run went on (on another core, over the bytes the client
        // signed) or here. A problem is reported when the replay reaches it, after any earlier one.
        var chain = new List<StoredLedger>();
        foreach (var entry in _configs[best].Store.ReadAll())
        {
            // Decoding the stored ledger decodes each of its transactions from the stored bytes (a fresh object each,
            // with no memory of a signature check); one that does not decode fails the ledger's decoding, named there.
            // A stored block is never written again: its transactions keep slices of it rather than copies.
            if (!ConsensusMessage.TryDecodeOwned(entry.Blob, out var message, out var error) || message is not LedgerResponseMessage stored)
            {
                chain.Add(new StoredLedger(entry, null, null, $"node {best}'s stored ledger {entry.Sequence} does not decode: {error}"));
                break;
            }
            chain.Add(new StoredLedger(entry, stored.Header, stored.Transactions, null));
        }

        // The signature checks are independent of each other: the ones the helper did not reach are shared between this
        // thread and another core, both taking the next one in chain order, while this thread applies the ledgers (so
        // neither core waits for the other until the last check); each object remembers its answer.
        using var checks = _clientCrypto.CheckAlongside(chain.Where(c => c.Txs is not null).SelectMany(c => c.Txs!));
        return ApplyChain(chain, checks);
    }

    /// <summary>A ledger of the chain being replayed, decoded, or the problem its decoding met.</summary>
    private sealed record StoredLedger(BlockEntry Entry, LedgerHeader? Header, IReadOnlyList<Transaction>? Txs, string? Integrity);

    private (string? Validity, string? Integrity, int Replayed) ApplyChain(List<StoredLedger> chain, ISignatureVerifier replayVerifier)
    {
        var parent = _genesis;
        int replayed = 0;
        foreach (var (entry, header, txs, integrity) in chain)
        {
            if (integrity is not null) return (null, integrity, replayed);
            if (header!.Sequence != parent.Sequence + 1 || header.ParentHash != parent.Hash)
                return (null, $"ledger {header.Sequence} does not link to ledger {parent.Sequence}", replayed);
            var builder = new LedgerBuilder(parent, header.CloseTimeMs, replayVerifier);
            foreach (var tx in txs!)
            {
                var result = builder.Apply(tx);
                if (result != TxResult.Applied)
                    return ($"ledger {header.Sequence}: transaction {tx.Id.ToShortString()} does not apply on replay ({result})", null, replayed);
            }
            var rebuilt = builder.Close();
            var ids = txs.Select(t => t.Id).ToArray();
            if (MerkleTree.Root(ids) != header.TxRoot) return (null, $"ledger {header.Sequence}: transaction root does not recompute", replayed);
            if (rebuilt.Header.StateRoot != header.StateRoot) return (null, $"ledger {header.Sequence}: state root does not recompute", replayed);
            if (rebuilt.Hash != entry.Hash || rebuilt.Hash != header.Hash) return (null, $"ledger {header.Sequence}: header hash does not recompute", replayed);
            parent = rebuilt;
            replayed++;
        }
        return (null, null, replayed);
    }
}
