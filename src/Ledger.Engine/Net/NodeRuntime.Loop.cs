using System.Buffers;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Storage.Snapshots;

namespace HealthLedger.Engine.Net;

// The loop: the only code that touches the node core. One input at a time, then every effect drained.
public sealed partial class NodeRuntime
{
    private abstract record Input;
    private sealed record PeerUp(Hash256 Id, Connection Connection) : Input;
    private sealed record PeerDown(Hash256 Id, Connection Connection) : Input;
    private sealed record PeerMessage(Hash256 From, byte[] Bytes) : Input;
    private sealed record PeerDecoded(Hash256 From, ConsensusMessage Message) : Input;
    private sealed record ClientCall(Connection Connection, ClientRequest Request, long ReceivedMs) : Input;
    private sealed record Inspect(Action<ConsensusNode> Action) : Input;

    private sealed record TimerFired : Input
    {
        public static readonly TimerFired Instance = new();
    }

    private readonly Dictionary<Hash256, List<(Connection Connection, ulong RequestId)>> _waiters = [];
    private int _waiting;
    private long _txSinceSnapshot; // transactions validated since the last state snapshot (or replayed at restart)
    private Task? _snapshotWrite;
    private StateSnapshot? _snapshotWritten; // the state the next delta chains from; null: the next write is a full one
    private long _snapshotBaseEntries, _snapshotDeltaEntries;
    private long _armedDeadlineMs = long.MinValue;
    private int _timerFired; // set by the timer callback (even when its input could not be queued): re-arm on the next pump

    private async Task LoopAsync()
    {
        var node = _node!;
        node.HandleTick(NowMs());
        Pump(node);
        var consensus = _inputs.Reader;
        var transactions = _txInputs.Reader;
        Task<bool>? consensusReady = null, transactionsReady = null; // waits kept across idle spells (one each at a time)
        try
        {
            FlushRelays();
            while (true)
            {
                // Consensus inputs first, then one transaction input at a time: a proposal or validation that arrives
                // behind thousands of queued transactions is handled next, not after them.
                while (consensus.TryRead(out var input) || transactions.TryRead(out input))
                {
                    var before = MayEndRound(input) ? ThreadCpuTime.OfCurrentThread() : null;
                    Dispatch(node, input);
                    Pump(node);
                    NoteLedgerWork(before);
                    // A timer input may be stuck behind a full queue: look at the clock after every input.
                    long now = NowMs();
                    if (now >= node.NextDeadlineMs)
                    {
                        before = ThreadCpuTime.OfCurrentThread();
                        node.HandleTick(now);
                        Pump(node);
                        NoteLedgerWork(before);
                    }
                }
                // Nothing more queued: the relays held back go out now, together.
                FlushRelays();
                consensusReady ??= consensus.WaitToReadAsync(_stop.Token).AsTask();
                transactionsReady ??= transactions.WaitToReadAsync(_stop.Token).AsTask();
                var ready = await Task.WhenAny(consensusReady, transactionsReady).ConfigureAwait(false);
                if (!await ready.ConfigureAwait(false)) break; // completed: stopping
                if (ready == consensusReady) consensusReady = null;
                else transactionsReady = null;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            Log($"node loop failed: {e}");
            throw;
        }
        finally
        {
            foreach (var c in _peers.Values) c.Close("node stopping");
            foreach (var c in _connections.Values) c.Close("node stopping");
        }
    }

    // The processor time of the loop's inputs that built or validated a ledger: the work a node does once a round, on
    // its loop, for the whole ledger (applying it and hashing its state; storing it), as against taking transactions in,
    // which it does as they arrive. Only inputs that can end a round are timed (consensus messages and timers: a few
    // dozen a second, where transactions come by the thousand), two reads of the thread's clock each.
    private readonly Lock _ledgerWorkLock = new();
    private LedgerWork _ledgerWork = new(0, TimeSpan.Zero, 0, TimeSpan.Zero);
    private int _builtInPump, _validatedInPump; // transactions in the ledgers the last pump saw built, and validated

    /// <summary>The ledgers this node built and validated in its rounds: their transactions, and the processor time of
    /// the loop's inputs that built them and of those that validated them (null where the system does not give a thread's
    /// time). The simulator's calibration charges these parts of a node's cost when it builds and validates a ledger and
    /// the rest as transactions arrive (<c>CpuSpec.ApplyUsPerTx</c>, <c>StoreUsPerTx</c>, <c>ReceiveUsPerTx</c>).</summary>
    public LedgerWork LedgerWork
    {
        get
        {
            lock (_ledgerWorkLock) return _ledgerWork;
        }
    }

    /// <summary>Whether handling <paramref name="input"/> can end a round: not a client's call or a peer's relayed
    /// transactions, which only fill the pool.</summary>
    private static bool MayEndRound(Input input) =>
        input is not ClientCall && !(input is PeerDecoded { Message: TransactionMessage or TransactionBatchMessage });

    /// <summary>Adds the input just handled (its thread's processor time from <paramref name="before"/>) to
    /// <see cref="LedgerWork"/> if it built or validated a ledger: to building if it built one (rarely it also validated
    /// one), else to validating.</summary>
    private void NoteLedgerWork(TimeSpan? before)
    {
        int built = _builtInPump, validated = _validatedInPump;
        _builtInPump = _validatedInPump = 0;
        if ((built == 0 && validated == 0) || before is null) return;
        TimeSpan? spent = ThreadCpuTime.OfCurrentThread() is { } after ? after - before.Value : null;
        lock (_ledgerWorkLock)
        {
            var w = _ledgerWork;
            _ledgerWork = built > 0
                ? w with { BuiltTransactions = w.BuiltTransactions + built, BuildTime = w.BuildTime + spent }
                : w with { ValidatedTransactions = w.ValidatedTransactions + validated, ValidationTime = w.ValidationTime + spent };
        }
    }

    private void Dispatch(ConsensusNode node, Input input)
    {
        switch (input)
        {
            case PeerDecoded d:
                node.HandleMessage(NowMs(), d.From, d.Message);
                break;
            case PeerMessage m:
                node.HandleMessage(NowMs(), m.From, m.Bytes);
                break;
            case TimerFired:
                node.HandleTick(NowMs());
                break;
            case ClientCall call:
                OnClientCall(node, call.Connection, call.Request, call.ReceivedMs);
                if (call.Request.Transaction is not null)
                {
                    // In the pool (or answered) before it leaves the queued count, so admission counts it at every moment.
                    Volatile.Write(ref _poolSize, node.PendingCount);
                    Interlocked.Decrement(ref _queuedSubmissions);
                }
                break;
            case PeerUp up:
                if (_peers.TryGetValue(up.Id, out var old) && old != up.Connection) old.Close("replaced by a newer connection from the same validator");
                _peers[up.Id] = up.Connection;
                Volatile.Write(ref _connectedPeers, _peers.Count);
                Log($"peer {up.Id.ToShortString()} connected ({up.Connection.Remote}); {_peers.Count} peers");
                // A fresh connection may have missed what was broadcast while it was down: let the core look now.
                node.HandleTick(NowMs());
                break;
            case PeerDown down:
                if (_peers.TryGetValue(down.Id, out var current) && current == down.Connection)
                {
                    _peers.Remove(down.Id);
                    Volatile.Write(ref _connectedPeers, _peers.Count);
                    Log($"peer {down.Id.ToShortString()} disconnected: {down.Connection.CloseReason}; {_peers.Count} peers");
                }
                break;
            case Inspect inspect:
                inspect.Action(node);
                break;
        }
    }

    /// <summary>Says when admission control in time starts holding this node's clients to less than the count
    /// (<see cref="ConsensusNode.SubmissionLimit"/>), and when it stops: an operator sees why clients are answered busy.</summary>
    private void LogAdmission(ConsensusNode node, bool limited)
    {
        _admissionLimited = limited;
        long queueMs = _config.Parameters.SubmissionQueueMsInEffect ?? 0;
        Log(limited
            ? $"admission limited: this node's clients' transactions in its last validated ledger waited {node.SubmissionWaitMs:N0} ms on average, over {queueMs:N0} ms; it admits their submissions while it holds fewer than {node.SubmissionLimit:N0} unconfirmed ({queueMs:N0} ms of the {node.ValidatedTxCapacity:N0} tx/s its recent ledgers showed, at least {_config.Parameters.SubmissionFloor:N0})"
            : $"admission back to the count: clients' transactions waited {node.SubmissionWaitMs:N0} ms on average; it admits while it holds fewer than {node.SubmissionLimit:N0} unconfirmed");
    }

    private void Pump(ConsensusNode node)
    {
        Volatile.Write(ref _poolSize, node.PendingCount);
        Volatile.Write(ref _submissionLimit, node.SubmissionLimit);
        _effects.Clear();
        node.DrainEffects(_effects);
        foreach (var effect in _effects)
        {
            switch (effect)
            {
                case BroadcastEffect b when TransactionBatchMessage.IsRelay(b.Message):
                    HoldRelay(b.Message);
                    break;
                case SendEffect s:
                    FlushRelays(); // what the node relayed before this goes out before it
                    if (_peers.TryGetValue(s.To, out var peer)) peer.TrySend(FrameWriter.Encode(FrameType.Consensus, s.Message));
                    break;
                case BroadcastEffect b:
                    FlushRelays();
                    var frame = FrameWriter.Encode(FrameType.Consensus, b.Message);
                    foreach (var p in _peers.Values) p.TrySend(frame);
                    break;
                case ArmTimerEffect:
                    break; // the timer is re-armed from NextDeadlineMs below, after every input
                case LedgerBuiltEffect built:
                    _builtInPump += built.Ledger.Transactions.Count;
                    Log($"built ledger {built.Ledger.Sequence} {built.Ledger.Hash.ToShortString()} ({built.Ledger.Transactions.Count} txs; establish {built.EstablishMs} ms{(built.Abandoned ? "; abandoned" : "")})");
                    break;
                case LedgerValidatedEffect v:
                    _validatedInPump += v.Ledger.Transactions.Count;
                    OnValidated(node, v.Ledger);
                    break;
                case TransactionRejectedEffect r:
                    if (_waiters.Remove(r.TxId, out var list))
                    {
                        _waiting -= list.Count;
                        var ledger = node.LastValidatedLedger;
                        foreach (var (c, id) in list)
                            Answer(c, r.Result is { } result
                                ? new ClientResponse(id, ClientOp.Submit, null) { Result = result, LedgerSequence = ledger.Sequence, CloseTimeMs = ledger.CloseTimeMs }
                                : new ClientResponse(id, ClientOp.Submit, $"not accepted: {r.Reason}"));
                    }
                    break;
            }
        }
        // Re-arm from the core's own deadline after every input, not only when it reports a change: a timer that fired
        // a millisecond early (clock rounding) leaves the deadline unchanged, the core emits no new ArmTimerEffect, and a
        // host that waited for one would never tick again.
        // The timer is only changed when the deadline differs from the one it is armed for (a change takes the timer
        // queue's lock, once per input under load); a fired timer is armed for nothing, so it is always re-armed.
        long deadline = node.NextDeadlineMs;
        if (Interlocked.Exchange(ref _timerFired, 0) == 0 && deadline == _armedDeadlineMs) return;
        _armedDeadlineMs = deadline;
        var due = deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Max(0, deadline - NowMs() + 1));
        _timer!.Change(due, Timeout.InfiniteTimeSpan);
    }

    // Relayed transactions are held while more inputs are queued and sent as one frame per peer when the queue runs dry,
    // before any other message of the node, or when a batch is full: under load a burst of submissions goes out as one
    // frame, decoded, checked and handed to the peer's core as one input, instead of one of each per transaction; when
    // inputs arrive one at a time nothing waits. A lone relay goes out as a plain transaction message.
    /// <summary>Most relays in one batch (the simulator's hosts with checkers batch theirs the same way).</summary>
    public const int MaxRelaysPerBatch = 256;

    /// <summary>Most bytes of relays in one batch.</summary>
    public const int MaxRelayBatchBytes = 256 * 1024;
    private readonly List<byte[]> _relays = [];
    private int _relayBytes;
    private readonly ArrayBufferWriter<byte> _batchBuffer = new(MaxRelayBatchBytes);

    private void HoldRelay(byte[] relay)
    {
        _relays.Add(relay);
        _relayBytes += relay.Length;
        if (_relays.Count >= MaxRelaysPerBatch || _relayBytes >= MaxRelayBatchBytes) FlushRelays();
    }

    private void FlushRelays()
    {
        if (_relays.Count == 0) return;
        byte[] frame;
        if (_relays.Count == 1)
        {
            frame = FrameWriter.Encode(FrameType.Consensus, _relays[0]);
        }
        else
        {
            _batchBuffer.ResetWrittenCount();
            TransactionBatchMessage.EncodeRelays(_relays, _batchBuffer);
            frame = FrameWriter.Encode(FrameType.Consensus, _batchBuffer.WrittenSpan);
            Counters.RelayBatch(_relays.Count);
        }
        _relays.Clear();
        _relayBytes = 0;
        foreach (var p in _peers.Values) p.TrySend(frame);
    }

    private void OnValidated(ConsensusNode node, ClosedLedger ledger)
    {
        Volatile.Write(ref _validatedSequence, ledger.Sequence);
        LedgerValidated?.Invoke(ledger);
        bool limited = node.SubmissionLimit < _config.Parameters.SubmissionLimit;
        Log($"validated ledger {ledger.Sequence} {ledger.Hash.ToShortString()} ({ledger.Transactions.Count} txs; {AwaitingChecks} awaiting signature checks{(limited ? $"; admitting under {node.SubmissionLimit:N0}" : "")})");
        if (limited != _admissionLimited) LogAdmission(node, limited);
        MaybeSnapshot(ledger);
        if (_waiting == 0) return;
        foreach (var tx in ledger.Transactions)
        {
            if (!_waiters.Remove(tx.Id, out var list)) continue;
            _waiting -= list.Count;
            foreach (var (c, id) in list)
                Answer(c, new ClientResponse(id, ClientOp.Submit, null) { Result = TxResult.Applied, LedgerSequence = ledger.Sequence, CloseTimeMs = ledger.CloseTimeMs });
        }
    }

    private void OnClientCall(ConsensusNode node, Connection connection, ClientRequest request, long receivedMs)
    {
        switch (request.Op)
        {
            case ClientOp.Submit:
                if (_waiting >= _options.MaxWaitingSubmissions)
                {
                    Answer(connection, new ClientResponse(request.RequestId, ClientOp.Submit, $"the node has {_waiting} submissions waiting; retry later"));
                    return;
                }
                var tx = request.Transaction!;
                if (!_waiters.TryGetValue(tx.Id, out var list)) _waiters[tx.Id] = list = [];
                list.Add((connection, request.RequestId));
                _waiting++;
                node.Submit(NowMs(), tx, receivedMs);
                break;
            case ClientOp.Status:
                var validated = node.LastValidatedLedger;
                Answer(connection, new ClientResponse(request.RequestId, ClientOp.Status, null)
                {
                    Status = new NodeStatus(validated.Sequence, validated.Hash, node.LastClosedLedger.Sequence, (uint)node.PendingCount, (ushort)_peers.Count,
                        Counters.FramesOut, Counters.BytesOut, Counters.FramesIn, Counters.BytesIn, node.Counters.DroppedTotal + Counters.RejectedTotal),
                });
                break;
            case ClientOp.GetLedger:
                byte[]? blob = _config.Store.TryGet(request.Sequence, out var entry) ? entry.Blob.ToArray() : null;
                Answer(connection, new ClientResponse(request.RequestId, ClientOp.GetLedger, null) { Ledger = blob });
                break;
        }
    }

    /// <summary>Starts writing a state snapshot of <paramref name="ledger"/> on the thread pool when
    /// <see cref="NodeRuntimeOptions.SnapshotMinTransactions"/> transactions went by since the last one and no write is
    /// under way. The ledger and its state are immutable, so the write reads them while the loop goes on.</summary>
    private void MaybeSnapshot(ClosedLedger ledger)
    {
        _txSinceSnapshot += ledger.Transactions.Count;
        if (_options.SnapshotPath is null || _snapshotWrite is { IsCompleted: false } || _txSinceSnapshot < _options.SnapshotMinTransactions) return;
        _txSinceSnapshot = 0;
        _snapshotWrite = Task.Run(() => WriteSnapshot(ledger));
    }

    /// <summary>Appends the entries changed since the last snapshot as a delta record, or writes the whole state (and
    /// drops the deltas) when there is no snapshot to chain from or the deltas would outgrow their share of the full
    /// one. Runs on one pool thread at a time; the fields it keeps are only touched there (and before the loop starts).</summary>
    private void WriteSnapshot(ClosedLedger ledger)
    {
        string path = _options.SnapshotPath!, deltas = path + ".deltas";
        long started = _time.GetTimestamp();
        var state = ledger.State;
        int entries = state.Count;
        try
        {
            if (_snapshotWritten is { } previous)
            {
                var changed = state.ChangedSince(previous.State);
                if (_snapshotDeltaEntries + changed.Count <= _options.SnapshotDeltaFraction * _snapshotBaseEntries)
                {
                    long appended = StateSnapshotFile.AppendDelta(deltas, Network, previous.Header.Hash, ledger.Header, changed);
                    _snapshotDeltaEntries += changed.Count;
                    _snapshotWritten = new StateSnapshot(Network, ledger.Header, state);
                    Log($"state delta at ledger {ledger.Sequence}: {changed.Count:N0} entries changed since ledger {previous.Header.Sequence}, {appended / (1024.0 * 1024):0.0} MB in {_time.GetElapsedTime(started).TotalSeconds:0.00} s");
                    return;
                }
            }
            long bytes = StateSnapshotFile.Write(path, Network, ledger.Header, state);
            File.Delete(deltas);
            (_snapshotWritten, _snapshotBaseEntries, _snapshotDeltaEntries) = (new StateSnapshot(Network, ledger.Header, state), entries, 0);
            Log($"state snapshot at ledger {ledger.Sequence}: {entries:N0} entries, {bytes / (1024.0 * 1024):0.0} MB in {_time.GetElapsedTime(started).TotalSeconds:0.00} s");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _snapshotWritten = null; // a delta may be torn: the next write is a full one
            Log($"state snapshot at ledger {ledger.Sequence} not written: {e.Message}");
        }
    }

    private static void Answer(Connection connection, ClientResponse response) =>
        connection.TrySend(FrameWriter.Encode(FrameType.ClientResponse, response.Encode()));
}
