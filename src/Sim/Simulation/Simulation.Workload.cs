using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Simulation;

// The client side: open-loop arrivals, submission to a node, and tracking every transaction to its outcome.
public sealed partial class Simulation
{
    private readonly long[] _arrivals;
    // The per-transaction tables are sized for the planned operations up front (ExpectedTransactions): grown by
    // doubling, each regrowth of a table of tens of thousands of entries was a large-object allocation, and those are
    // what start the collector's full collections during a run.
    private readonly HashSet<Hash256> _issued;
    private readonly ClientCrypto _clientCrypto;
    private readonly Dictionary<Hash256, TrackedTransaction> _tracks;
    private readonly List<TrackedTransaction> _trackOrder;
    private readonly Queue<(long PlannedUs, OperationKind Kind, int Node)> _deferred = new();
    private readonly SortedDictionary<uint, LedgerAggregate> _ledgers = [];
    private readonly LatencyRecorder _latency;
    private readonly ThroughputSeries _throughput = new(1_000_000);
    private int _neverSubmitted;

    /// <summary>Entries the per-transaction tables are made for: one per planned operation (each issues at most one
    /// transaction, resubmissions included), up to 4M; a run that issues more grows them as it goes.</summary>
    private int ExpectedTransactions => Math.Min(_arrivals.Length, 1 << 22);

    /// <summary>How long a client waits for a sign of its transaction before resubmitting elsewhere (2 s).</summary>
    private const long SubmitTimeoutUs = 2_000_000;

    private sealed class LedgerAggregate(ClosedLedger ledger, long firstUs)
    {
        public ClosedLedger Ledger { get; } = ledger;
        public long FirstValidatedUs { get; } = firstUs;
        public int Nodes { get; set; } = 1;
    }

    private void OnArrival(int index)
    {
        if (index + 1 < _arrivals.Length) _queue.Schedule(SendUs(_arrivals[index + 1]), new Arrival(index + 1));
        long plannedUs = _arrivals[index];
        var kind = Factory.NextKind();
        int node = _clientRng.Next(_nodes.Length);
        if (!TryIssue(plannedUs, kind, node)) _deferred.Enqueue((plannedUs, kind, node));
    }

    /// <summary>When the clients issue an operation planned at <paramref name="plannedUs"/>: then, or with
    /// <see cref="WorkloadSpec.SendTickMs"/> at the first tick at or after it.</summary>
    private long SendUs(long plannedUs)
    {
        long tickUs = _scenario.Workload.SendTickMs * 1000L;
        return tickUs == 0 ? plannedUs : (plannedUs + tickUs - 1) / tickUs * tickUs;
    }

    /// <summary>Makes and sends the transaction for an operation planned at <paramref name="plannedUs"/>.</summary>
    private bool TryIssue(long plannedUs, OperationKind kind, int node)
    {
        uint lastValid = 0;
        if (_scenario.Workload.LastValidLedgerSlack > 0)
            lastValid = (_nodes[node]?.LastValidatedLedger.Sequence ?? 0) + 1 + (uint)_scenario.Workload.LastValidLedgerSlack;
        var planned = Factory.TryPlan(kind, lastValid);
        if (planned is null) return false;
        // Signed on another core while the client's message is in flight; its id is known (and tracked) on arrival.
        _clientCrypto.Post(planned);
        var track = new TrackedTransaction(planned, plannedUs, node);
        _trackOrder.Add(track);
        long clientLatencyUs = _scenario.Network.Latency.SampleUs(_clientRng);
        // On a shared machine the client's own work (making, signing, sending) queues on its cores first.
        if (_cpu.Sharing is not null && _scenario.Cpu.ClientUsPerTx > 0) QueueClientWork(node, track, clientLatencyUs, _queue.NowUs);
        else _queue.Schedule(_cpu.RunClient(_queue.NowUs) + clientLatencyUs, new Submit(node, track));
        return true;
    }

    /// <summary>After an actor frees up, issues deferred operations in the order they were planned.</summary>
    private void DrainDeferred()
    {
        while (_deferred.Count > 0)
        {
            var (planned, kind, node) = _deferred.Peek();
            if (!TryIssue(planned, kind, node)) return;
            _deferred.Dequeue();
        }
    }

    private void OnSubmit(int node, TrackedTransaction track, long now)
    {
        var tx = track.Tx;
        if (_tracks.TryAdd(tx.Id, track)) _issued.Add(tx.Id);
        // A client whose node is down is refused a connection and tries the next one.
        int target = -1;
        for (int k = 0; k < _nodes.Length && target < 0; k++)
            if (_nodes[(node + k) % _nodes.Length] is not null) target = (node + k) % _nodes.Length;
        if (target < 0)
        {
            _queue.Schedule(now + 1_000_000, new Submit(node, track));
            return;
        }
        track.Node = target;
        if (track.SubmittedUs < 0) track.SubmittedUs = now;
        if (_behaviours[target] is { } censor && !censor.AdmitSubmission(ContextAt(target, now), tx))
        {
            // Silently dropped by a Byzantine entry node: the client times out and resubmits to the next node.
            _queue.Schedule(now + SubmitTimeoutUs, new Submit((target + 1) % _nodes.Length, track));
            return;
        }
        if (_cpu.Checkers && !_nodes[target]!.AdmitsSubmission((long)_nodes[target]!.PendingCount + _txsQueued[target]))
        {
            // Refused before its check, as the node runtime refuses on the connection (admission control).
            OnRejected(target, new TransactionRejectedEffect(tx.Id, TxResult.NodeBusy, "busy"), now);
            return;
        }
        long receivedMs = ClockMs(target, now); // on the node's clock, before its check
        InputTransaction(target, now, (int)tx.Encoded.Length, tx, (n, ms) => n.Submit(ms, tx, receivedMs));
    }

    /// <summary>Node <paramref name="node"/> crashed: every transaction submitted to it and not answered yet goes to the
    /// next node, as a TCP client whose connection closed sends it again (the loopback load generator does the same).
    /// One the crashed node had already relayed is then a duplicate the next node ignores; one it had only queued, or
    /// was still checking, would otherwise never be answered.</summary>
    private void ResubmitUnanswered(int node, long now)
    {
        foreach (var track in _trackOrder)
            if (track.Node == node && track.SubmittedUs >= 0 && track.Outcome == TxOutcome.Pending)
                _queue.Schedule(now + _scenario.Network.Latency.SampleUs(_clientRng), new Submit((node + 1) % _nodes.Length, track));
            else if (track.Node == node && track.Outcome == TxOutcome.Validated && track.DoneUs < 0)
                Answer(track, now); // validated elsewhere, not yet here: the client asks again and learns it at once
    }

    private void OnValidated(int node, ClosedLedger ledger, long doneUs)
    {
        var stats = _stats[node];
        stats.Reported[ledger.Sequence] = ledger.Hash;
        _validatedAt[node].TryAdd(ledger.Sequence, doneUs);
        if (ledger.Transactions.Count > 0) _withTransactions.Add(ledger.Sequence);
        if (_ledgers.TryGetValue(ledger.Sequence, out var agg))
        {
            if (agg.Ledger.Hash != ledger.Hash) return;
            agg.Nodes++;
            // The transactions were counted when the first node validated this ledger; those submitted to this node
            // are answered now when clients learn from their own node.
            if (_answeredBySubmitter)
                foreach (var tx in ledger.Transactions)
                    if (_tracks.TryGetValue(tx.Id, out var waiting) && waiting.Node == node && waiting.Outcome == TxOutcome.Validated && waiting.DoneUs < 0)
                        Answer(waiting, doneUs);
            return;
        }
        _ledgers[ledger.Sequence] = new LedgerAggregate(ledger, doneUs);
        _clientCrypto.PostChecks(ledger.Transactions);
        bool freed = false;
        foreach (var tx in ledger.Transactions)
        {
            Factory.OnApplied(tx);
            freed = true;
            if (!_tracks.TryGetValue(tx.Id, out var track) || track.Outcome == TxOutcome.Validated) continue;
            track.Outcome = TxOutcome.Validated;
            track.KeepLedgerCopy(tx);
            track.Ledger = ledger.Sequence;
            track.Reason = "";
            if (!_answeredBySubmitter || track.Node == node) Answer(track, doneUs);
            _throughput.Record(doneUs);
        }
        if (freed) DrainDeferred();
    }

    /// <summary>Clients learn from the node they submitted to (<see cref="WorkloadSpec.AnsweredBySubmitter"/>), not
    /// from the first node to validate. Read once: it is asked for every validated transaction.</summary>
    private readonly bool _answeredBySubmitter;

    /// <summary>The client learns at <paramref name="atUs"/> that its validated transaction is: its latency ends.</summary>
    private void Answer(TrackedTransaction track, long atUs)
    {
        track.DoneUs = atUs;
        _latency.Record(atUs - track.PlannedUs);
    }

    /// <summary>At the end of a run: a validated transaction whose own node had not validated its ledger yet is answered
    /// at the ledger's first validation.</summary>
    private void AnswerTheRest()
    {
        foreach (var track in _trackOrder)
            if (track.Outcome == TxOutcome.Validated && track.DoneUs < 0) Answer(track, _ledgers[track.Ledger].FirstValidatedUs);
    }

    private void OnRejected(int node, TransactionRejectedEffect rejected, long doneUs)
    {
        if (!_tracks.TryGetValue(rejected.TxId, out var track) || track.Node != node || track.Outcome != TxOutcome.Pending) return;
        track.Outcome = rejected.Result == TxResult.Expired ? TxOutcome.Expired : TxOutcome.Rejected;
        track.DoneUs = doneUs;
        track.Reason = rejected.Result?.ToString() ?? rejected.Reason;
        Factory.OnRejected(track.Tx);
        DrainDeferred();
    }
}

/// <summary>What the host counts per node.</summary>
internal sealed class NodeStats
{
    public long MessagesSent, BytesSent, MessagesReceived, BytesReceived;
    public int Crashes;
    public uint ReportedBeforeCrash;
    public SortedDictionary<uint, Hash256> Reported { get; } = [];
}
