using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Simulation;

// A shared machine under processor sharing (CpuSpec.ProcessorSharing). First come, first served lets the simulator
// run an input the moment it arrives, with the node's clock set to when a core will take it, and release its effects
// when that core is done: both times are known at once. Under processor sharing an input's completion moves with every
// later start on the machine, so a node's inputs wait in its inbox while it works, the next one runs when the previous
// completes (its clock reading that instant), and the effects of each are held until the machine says it is done. The
// client's work per transaction queues the same way in its own slot, and the transaction is sent when it completes.
// With checkers (CpuSpec.CheckerWeight) a node is run as the real-time host runs it: a transaction input goes through
// the node's signature checker first (a slot of lower weight), then waits in a queue of its own, and the node's loop
// takes every queued consensus input before the next transaction input.
public sealed partial class Simulation
{
    /// <summary>The machine's next completion, scheduled again after every change; an older one is stale.</summary>
    private sealed record MachineTick(long Version) : Event;

    private Queue<(int Bytes, Action<ConsensusNode, long> Action)>[] _inbox = [];
    private Queue<TxInput>[] _txInbox = []; // with checkers: checked transaction inputs
    private Queue<TxInput>[] _checks = []; // with checkers: waiting for the checker
    private int[] _checking = []; // with checkers: how many of the oldest in _checks the checker is working on
    private int[] _txsQueued = []; // with checkers: transactions in _checks and _txInbox (what admission counts)
    private List<byte[]>[] _relays = []; // with checkers: relays held back while the node has inputs queued
    private int[] _relayBytes = [];
    private readonly System.Buffers.ArrayBufferWriter<byte> _relayBatch = new();
    private NodeEffect[]?[] _heldEffects = [];
    private readonly Queue<(int Node, TrackedTransaction Track, long LatencyUs)> _clientJobs = new();
    private readonly List<int> _completed = [];
    private long _machineVersion;

    /// <summary>A transaction input with checkers: a client's submission or a peer's relay (one transaction), or a peer's
    /// relay batch (several), with how many of them the node had not checked before.</summary>
    private readonly record struct TxInput(int Bytes, Action<ConsensusNode, long> Action, int Transactions, int Fresh);

    private void InitSharing(int n)
    {
        if (_cpu.Sharing is null) return;
        _inbox = new Queue<(int, Action<ConsensusNode, long>)>[n];
        for (int i = 0; i < n; i++) _inbox[i] = new();
        _heldEffects = new NodeEffect[]?[n];
        if (!_cpu.Checkers) return;
        _txInbox = new Queue<TxInput>[n];
        _checks = new Queue<TxInput>[n];
        _checking = new int[n];
        _txsQueued = new int[n];
        _relays = new List<byte[]>[n];
        _relayBytes = new int[n];
        for (int i = 0; i < n; i++)
        {
            _txInbox[i] = new();
            _checks[i] = new();
            _relays[i] = [];
        }
    }

    /// <summary>A transaction for node <paramref name="i"/> (a client's submission or a peer's relay): with checkers it
    /// goes through the node's signature checker first, which is charged for the check if the node has not seen it
    /// before (and the loop then for taking it in); without, it is an input like any other.</summary>
    private void InputTransaction(int i, long now, int bytes, Transaction tx, Action<ConsensusNode, long> action)
    {
        if (!_cpu.Checkers)
        {
            Input(i, now, bytes, action);
            return;
        }
        QueueChecks(i, now, new TxInput(bytes, action, 1, _txChecks[i].Remember(tx) ? 1 : 0));
    }

    /// <summary>A peer's relay batch for node <paramref name="i"/> (only hosts with checkers send them): one input
    /// through the checker and the loop, as the real host takes a batch frame.</summary>
    private void InputTransactions(int i, long now, int bytes, IReadOnlyList<Transaction> txs, Action<ConsensusNode, long> action)
    {
        int fresh = 0;
        foreach (var tx in txs)
            if (_txChecks[i].Remember(tx)) fresh++;
        QueueChecks(i, now, new TxInput(bytes, action, txs.Count, fresh));
    }

    private void QueueChecks(int i, long now, TxInput input)
    {
        _checks[i].Enqueue(input);
        _txsQueued[i] += input.Transactions;
        if (_checking[i] > 0) return;
        StartCheckBurst(i, now);
        ScheduleMachineTick();
    }

    /// <summary>Node <paramref name="i"/>'s checker takes what is queued for it, inputs until they hold
    /// <see cref="NodeRuntime.MaxCheckedTogether"/> transactions, and checks it all before it hands any of it to the loop,
    /// as the host's checker threads do: a transaction waits for the checks of those taken with it.</summary>
    private void StartCheckBurst(int i, long now)
    {
        int taken = 0, transactions = 0;
        double workUs = 0;
        foreach (var queued in _checks[i])
        {
            if (transactions >= NodeRuntime.MaxCheckedTogether) break;
            workUs += queued.Fresh * _cpu.Spec.VerifyUs;
            transactions += queued.Transactions;
            taken++;
        }
        _checking[i] = taken;
        if (taken > 0) _cpu.StartChecks(i, now, workUs);
    }

    /// <summary>Node <paramref name="i"/>'s checker is done with its burst: the inputs join the loop's transaction queue
    /// in order (the first runs now if the loop is idle), and the checker takes the next burst. (Taking the
    /// transactions in, <see cref="Core.CpuSpec.ReceiveUsPerTx"/>, is charged when the loop takes them: a real node
    /// decodes, pools and relays at normal priority, where its checkers run at a low one.)</summary>
    private void CheckDone(int i, long now)
    {
        for (int k = _checking[i]; k > 0; k--)
        {
            var input = _checks[i].Dequeue();
            if (_nodes[i] is null)
            {
                _txsQueued[i] -= input.Transactions;
                continue;
            }
            if (_cpu.Sharing!.IsRunning(i)) _txInbox[i].Enqueue(input);
            else RunTxInput(i, now, input);
        }
        StartCheckBurst(i, now);
    }

    private void RunTxInput(int i, long now, TxInput input)
    {
        _txsQueued[i] -= input.Transactions;
        RunInput(i, now, input.Bytes, input.Action, input.Fresh);
    }

    /// <summary>Node <paramref name="i"/>'s relay of one transaction, with checkers: held back while the node has inputs
    /// queued and sent with the others as one batch message when its queues run dry, before any other message it sends,
    /// or when the batch is full (<see cref="NodeRuntime.MaxRelaysPerBatch"/> relays or
    /// <see cref="NodeRuntime.MaxRelayBatchBytes"/>), as the real host does (docs/network.md, "Relays are batched under
    /// load"); a lone relay goes out as it is.</summary>
    private void HoldRelay(int i, byte[] relay, long atUs)
    {
        _relays[i].Add(relay);
        _relayBytes[i] += relay.Length;
        if (_relays[i].Count >= NodeRuntime.MaxRelaysPerBatch || _relayBytes[i] >= NodeRuntime.MaxRelayBatchBytes) FlushRelays(i, atUs);
    }

    /// <summary>Sends node <paramref name="i"/>'s held relays (see <see cref="HoldRelay"/>).</summary>
    private void FlushRelays(int i, long atUs)
    {
        var relays = _relays[i];
        if (relays.Count == 0) return;
        if (relays.Count == 1)
        {
            Broadcast(i, relays[0], atUs);
        }
        else
        {
            _relayBatch.ResetWrittenCount();
            TransactionBatchMessage.EncodeRelays(relays, _relayBatch);
            Broadcast(i, _relayBatch.WrittenSpan.ToArray(), atUs);
        }
        relays.Clear();
        _relayBytes[i] = 0;
    }

    /// <summary>Queues an input for node <paramref name="i"/> behind the one it is working on, if any; true when it
    /// was queued (else the caller runs it now).</summary>
    private bool QueueBehindWork(int i, int bytes, Action<ConsensusNode, long> action)
    {
        if (!_cpu.Sharing!.IsRunning(i)) return false;
        _inbox[i].Enqueue((bytes, action));
        return true;
    }

    /// <summary>A message for node <paramref name="to"/> on a processor-sharing machine: run now, or queued behind its
    /// work. (Its own method: the closure's captures would otherwise be allocated on every receive, shared or not.)</summary>
    private void ReceiveShared(int to, Hash256 fromId, byte[] bytes, ConsensusMessage? shared, long now)
    {
        if (shared is TransactionMessage relay) InputTransaction(to, now, bytes.Length, relay.Transaction, (n, ms) => n.HandleMessage(ms, fromId, shared));
        else if (shared is TransactionBatchMessage batch && _cpu.Checkers) InputTransactions(to, now, bytes.Length, batch.Transactions, (n, ms) => n.HandleMessage(ms, fromId, shared));
        else Input(to, now, bytes.Length, shared is null ? (n, ms) => n.HandleMessage(ms, fromId, bytes) : (n, ms) => n.HandleMessage(ms, fromId, shared));
    }

    /// <summary>Holds node <paramref name="i"/>'s effects from the input it just ran until the machine has done its
    /// work.</summary>
    private void StartSharedWork(int i, long nowUs, double serialUs, double parallelUs)
    {
        _cpu.StartShared(i, nowUs, serialUs, parallelUs);
        _heldEffects[i] = [.. _effects];
        ScheduleMachineTick();
    }

    /// <summary>The client's work for one transaction; it is sent when the work is done.</summary>
    private void QueueClientWork(int node, TrackedTransaction track, long latencyUs, long nowUs)
    {
        _clientJobs.Enqueue((node, track, latencyUs));
        if (_cpu.Sharing!.IsRunning(_cpu.ClientSlot)) return;
        _cpu.StartClientShared(nowUs);
        ScheduleMachineTick();
    }

    /// <summary>A crashed node loses its queued inputs and the effects of the one it was working on.</summary>
    private void DropSharedWork(int i)
    {
        if (_cpu.Sharing is null) return;
        _inbox[i].Clear();
        if (_cpu.Checkers)
        {
            _txInbox[i].Clear();
            _checks[i].Clear();
            _checking[i] = 0;
            _txsQueued[i] = 0;
            _relays[i].Clear();
            _relayBytes[i] = 0;
        }
        _heldEffects[i] = null;
        ScheduleMachineTick();
    }

    private void ScheduleMachineTick()
    {
        _machineVersion++;
        long at = _cpu.Sharing!.NextCompletionUs;
        if (at != long.MaxValue) _queue.Schedule(Math.Max(at, _queue.NowUs), new MachineTick(_machineVersion));
    }

    private void OnMachineTick(MachineTick tick, long now)
    {
        if (tick.Version != _machineVersion) return; // superseded by a later start, abort or completion
        _completed.Clear();
        _cpu.Sharing!.TakeCompleted(now, _completed);
        foreach (int slot in _completed)
        {
            if (slot == _cpu.ClientSlot)
            {
                var (node, track, latencyUs) = _clientJobs.Dequeue();
                _queue.Schedule(now + latencyUs, new Submit(node, track));
                if (_clientJobs.Count > 0) _cpu.StartClientShared(now);
                continue;
            }
            if (_cpu.CheckerOf(slot) is int checking and >= 0)
            {
                CheckDone(checking, now);
                continue;
            }
            var effects = _heldEffects[slot];
            _heldEffects[slot] = null;
            if (effects is not null) ReleaseEffects(slot, effects, now);
            if (_nodes[slot] is null) continue;
            // Consensus inputs first; with checkers, checked transactions when none is queued.
            if (_inbox[slot].TryDequeue(out var next)) RunInput(slot, now, next.Bytes, next.Action);
            else if (_cpu.Checkers && _txInbox[slot].TryDequeue(out var tx)) RunTxInput(slot, now, tx);
            else if (_cpu.Checkers) FlushRelays(slot, now); // nothing more queued: the relays held back go out now, together
        }
        ScheduleMachineTick();
    }
}
