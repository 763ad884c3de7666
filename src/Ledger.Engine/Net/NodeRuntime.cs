using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Engine.Storage.Snapshots;

namespace HealthLedger.Engine.Net;

/// <summary>
/// The real-time host of one <see cref="ConsensusNode"/>: a TCP listener for peers and clients, a dialler per
/// higher-numbered peer with reconnect and backoff, and one loop that owns the node core. Connections turn frames
/// into inputs on a bounded channel; the loop takes them one at a time, hands them to the core with the current time
/// from the <see cref="TimeProvider"/>, and drains the core's effects into per-connection send queues, a timer and
/// client answers. The core is only ever touched by the loop, so it needs no locks (it has none).
/// </summary>
public sealed partial class NodeRuntime : IAsyncDisposable
{
    private readonly NodeConfig _config;
    private readonly NodeRuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly TextWriter? _log;
    private readonly Channel<Input> _inputs; // consensus inputs (all inputs when signatures are checked on the connections)
    private readonly Channel<Input> _txInputs; // transactions whose signatures were checked, taken after consensus inputs
    private readonly CancellationTokenSource _stop = new();
    private readonly List<NodeEffect> _effects = [];
    private readonly Dictionary<Hash256, Connection> _peers = [];
    private readonly List<Task> _tasks = [];
    private readonly string _name;
    private ConsensusNode? _node;
    private Socket? _listener;
    private ITimer? _timer;
    private Task? _loop;

    /// <summary>A runtime for the node <paramref name="config"/> describes; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="config">The node core's configuration (its signer must hold <see cref="NodeRuntimeOptions.Key"/>).</param>
    /// <param name="options">Addresses, peers and bounds.</param>
    /// <param name="time">The clock and timers (the system's by default).</param>
    /// <param name="log">Where to write one line per notable event (stderr for a node process); null for none.</param>
    public NodeRuntime(NodeConfig config, NodeRuntimeOptions options, TimeProvider? time = null, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        if (config.Signer is null || config.Signer.Key.Id != options.Key.Public.Id)
            ThrowHelper.Argument(nameof(options), "The runtime's handshake key must be the key the node core signs with.");
        _config = config;
        _options = options;
        _time = time ?? TimeProvider.System;
        _log = log is null ? null : TextWriter.Synchronized(log);
        _inputs = Channel.CreateBounded<Input>(new BoundedChannelOptions(options.InputQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _txInputs = Channel.CreateBounded<Input>(new BoundedChannelOptions(options.InputQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _checkQueues = new Channel<CheckItem>[Math.Max(0, options.SignatureCheckThreads)];
        for (int i = 0; i < _checkQueues.Length; i++)
            _checkQueues[i] = Channel.CreateBounded<CheckItem>(new BoundedChannelOptions(Math.Max(1, options.SignatureCheckQueueCapacity / _checkQueues.Length))
                { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _name = options.Key.Public.Id.ToShortString();
        Network = config.Genesis.Hash;
    }

    /// <summary>The network id: the genesis ledger's hash, checked in every handshake.</summary>
    public Hash256 Network { get; }

    /// <summary>This node's id.</summary>
    public Hash256 NodeId => _options.Key.Public.Id;

    /// <summary>Where the node listens (the actual port once started).</summary>
    public IPEndPoint ListenEndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>The transport's counters.</summary>
    public NetCounters Counters { get; } = new();

    /// <summary>The newest validated ledger sequence (updated by the loop; safe to read from any thread).</summary>
    public uint ValidatedSequence => Volatile.Read(ref _validatedSequence);

    private uint _validatedSequence;

    /// <summary>Raised on the node loop for every ledger the core reports fully validated (including the ledgers a
    /// restarted core reports again from its block store). Handlers must be quick and must not throw: they run on the
    /// only thread that drives the core. Subscribe before <see cref="StartAsync"/> to see every report.</summary>
    public event Action<ClosedLedger>? LedgerValidated;

    /// <summary>Client submissions in the loop's queues (their signatures checked), for tests.</summary>
    internal int QueuedSubmissions => Volatile.Read(ref _queuedSubmissions);

    private int _queuedSubmissions;

    /// <summary>Transactions handed to the signature checkers and not yet on to the loop: how far the checks are behind
    /// (logged with each validated ledger).</summary>
    internal int AwaitingChecks => Volatile.Read(ref _awaitingChecks);

    private int _awaitingChecks;

    /// <summary>The core's pool as the loop last saw it (after every input), for admission on the connections.</summary>
    private int _poolSize;

    /// <summary>The core's admission limit (<see cref="Node.ConsensusNode.SubmissionLimit"/>) as the loop last saw it
    /// (after every input), for admission on the connections; before the loop's first input, the core's at start.</summary>
    private int _submissionLimit;

    /// <summary>Whether the node's last validated ledger left its admission limit below the count (loop only).</summary>
    private bool _admissionLimited;

    /// <summary>Clients' submissions this host refused as busy before checking them (admission control; the core's own
    /// refusals are in its counters).</summary>
    internal long BusyRefusals => Interlocked.Read(ref _busyRefusals);

    private long _busyRefusals;

    /// <summary>Validators connected now.</summary>
    public int ConnectedPeers => Volatile.Read(ref _connectedPeers);

    private int _connectedPeers;

    /// <summary>Completes when the node loop ends (stopped, or failed with the exception that ended it).</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>Checks the signatures of the transactions in the block store on every core, into the node's verifier
    /// cache, before the core restores from it. The core replays the store on one thread and checks each signature
    /// again (it must: the store is only data); with the answers cached those checks are lookups, so a restart's
    /// replay, which grows with the chain, is not bound to one core's Ed25519 rate. Entries that do not decode are left
    /// for the core, which refuses them with its own message. Only a <see cref="CachingTransactionVerifier"/> is warmed
    /// (without a cache the core would check again anyway).</summary>
    internal static void CheckStoredSignatures(IBlockStore store, CachingTransactionVerifier cache, ulong from = 0)
    {
        const int Batch = 8_192; // transactions decoded at a time, so a long chain is not held twice in memory
        var pending = new List<Transaction>(Batch);
        void Flush()
        {
            Parallel.ForEach(pending, tx => cache.Verify(tx));
            pending.Clear();
        }
        foreach (var entry in store.ReadFrom(from))
        {
            if (!ConsensusMessage.TryDecode(entry.Blob.Span, out var message, out _) || message is not LedgerResponseMessage ledger) continue;
            pending.AddRange(ledger.Transactions);
            if (pending.Count >= Batch) Flush();
        }
        Flush();
    }

    /// <summary>Builds the node core (restoring it from its block store), binds the listener and starts the loop,
    /// the acceptor and the diallers.</summary>
    public Task StartAsync()
    {
        if (_loop is not null) ThrowHelper.InvalidOperation("The runtime is already started.");
        long started = _time.GetTimestamp();
        var config = _config;
        SnapshotLoad? load = null;
        if (config.Snapshot is null && _options.SnapshotPath is { } path && File.Exists(path))
        {
            if (StateSnapshotFile.TryRead(path, path + ".deltas", out var snapshot, out load, out var why)) config = config with { Snapshot = snapshot };
            else Log($"state snapshot {path} not used: {why}");
            if (load?.DeltasStopped is { } stopped) Log($"state deltas read up to ledger {snapshot!.Sequence}, then stopped: {stopped}");
        }
        // Only the ledgers after a snapshot are replayed (if it turns out unusable, the core checks the rest itself).
        if (config.TransactionVerifier is CachingTransactionVerifier cache) CheckStoredSignatures(config.Store, cache, (config.Snapshot?.Sequence ?? 0) + 1UL);
        _node = new ConsensusNode(config);
        _validatedSequence = _node.LastValidatedLedger.Sequence;
        _submissionLimit = _node.SubmissionLimit;
        var restore = _node.Restore;
        _txSinceSnapshot = restore.TransactionsReplayed;
        if (restore.SnapshotRejected is not null) Log($"state snapshot not used: {restore.SnapshotRejected}");
        // Later deltas chain from the snapshot the core started from; after a torn or stale delta, or without a snapshot,
        // the next write is a full one.
        if (restore.SnapshotSequence is not null && load is { DeltasStopped: null })
            (_snapshotWritten, _snapshotBaseEntries, _snapshotDeltaEntries) = (config.Snapshot, load.BaseEntries, load.DeltaEntries);
        string took = $"{_time.GetElapsedTime(started).TotalSeconds:0.00} s";
        Log(restore.SnapshotSequence is { } from
            ? $"restored in {took} from the state snapshot at ledger {from} ({config.Snapshot!.Entries:N0} entries: full at ledger {load?.BaseSequence}, {load?.Deltas} deltas) and {restore.LedgersReplayed} stored ledgers after it ({restore.TransactionsReplayed:N0} transactions)"
            : $"restored in {took} by replaying {restore.LedgersReplayed} stored ledgers ({restore.TransactionsReplayed:N0} transactions) from the genesis ledger");
        _listener = new Socket(_options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(_options.Listen);
        _listener.Listen(128);
        ListenEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _timer = _time.CreateTimer(static s => ((NodeRuntime)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Log($"listening on {ListenEndPoint}, network {Network.ToShortString()}, validated ledger {_validatedSequence}, {_options.Peers.Count} peers");
        _loop = Task.Run(LoopAsync);
        StartSignatureChecks();
        _tasks.Add(Task.Run(AcceptLoopAsync));
        foreach (var peer in _options.Peers)
            if (peer.Key.Id > NodeId) _tasks.Add(Task.Run(() => DialLoopAsync(peer)));
        return Task.CompletedTask;
    }

    /// <summary>Runs <paramref name="action"/> on the node loop (for inspection by tests and tools) and returns its result.</summary>
    public async Task<T> InvokeAsync<T>(Func<ConsensusNode, T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _inputs.Writer.WriteAsync(new Inspect(node =>
        {
            try
            {
                done.SetResult(action(node));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }), _stop.Token).ConfigureAwait(false);
        return await done.Task.ConfigureAwait(false);
    }

    /// <summary>Stops accepting, closes every connection and ends the loop; idempotent.</summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested) return;
        Log("stopping");
        _stop.Cancel();
        _inputs.Writer.TryComplete();
        _txInputs.Writer.TryComplete();
        foreach (var queue in _checkQueues) queue.Writer.TryComplete();
        _listener?.Dispose();
        _timer?.Dispose();
        foreach (var task in _tasks.Append(_loop ?? Task.CompletedTask))
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Expected: stopping cancels every task.
            }
        }
        if (_snapshotWrite is { } writing) await writing.ConfigureAwait(false);
        foreach (var checker in _checkers) checker.Join();
        Log($"stopped at validated ledger {ValidatedSequence}; {Counters}");
        if (_node?.Counters is { } core) // the loop has ended: its counters hold still
            Log($"consensus: sets fetched {core.SetsFetched} ({core.SetMembersFetched} members this node lacked), abandoned rounds {core.AbandonedRounds}, submissions refused busy {BusyRefusals + core.BusyRefusals}, dropped [{core}]");
        if (_config.Store is Storage.BlockLog.FileBlockStore { ReadFailures: { Count: > 0 } failures })
            Log($"stored ledgers that no longer checked out when read back (answered as unavailable): {string.Join("; ", failures)}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void OnTimer()
    {
        // If the queue is full the loop is busy anyway, and it checks the deadline after every input; the flag makes it
        // re-arm the (now spent) timer even if the deadline it reads then has not moved.
        Volatile.Write(ref _timerFired, 1);
        _inputs.Writer.TryWrite(TimerFired.Instance);
    }

    internal void Log(string line) => _log?.WriteLine($"{_time.GetUtcNow():HH:mm:ss.fff} [{_name}] {line}");
}
