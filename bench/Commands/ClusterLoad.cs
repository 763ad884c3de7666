using System.Diagnostics;
using HealthLedger.Engine.Client;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Sim.Core;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Simulation;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// The open-loop client side of a cluster run, in real time: operations are planned by the simulator's arrival
/// schedule and issued at their planned instant whatever the cluster's state; each transaction comes from the
/// simulator's <see cref="TxFactory"/> and goes to a random node over <see cref="TcpLedgerClient"/>. A node that is
/// down or drops the connection gets the same transaction resubmitted to the next node. Latency runs from the planned
/// time to the answer "applied" (the node answers when the ledger holding it is fully validated). What came due is sent
/// every <paramref name="sendBatchMs"/> (<see cref="ClusterOptions.SendBatchMs"/>).
/// </summary>
internal sealed class ClusterLoad(ClusterLayout layout, TxFactory factory, SimRandom rng, Stopwatch clock, CancellationToken stop, int sendBatchMs)
{
    private readonly Lock _lock = new();
    private readonly TcpLedgerClient?[] _clients = new TcpLedgerClient?[layout.EndPoints.Count];
    private readonly SemaphoreSlim[] _connecting = layout.EndPoints.Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly TcpLedgerClient?[] _statusClients = new TcpLedgerClient?[layout.EndPoints.Count];
    private readonly SemaphoreSlim[] _connectingStatus = layout.EndPoints.Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly Queue<(long PlannedUs, OperationKind Kind, int Node)> _deferred = new();
    private readonly List<Task> _inFlight = [];
    private readonly CachingTransactionVerifier _verifier = new(SignatureVerifier.Instance);

    public List<TrackedTransaction> Tracks { get; } = [];
    public LatencyRecorder Latency { get; } = new();
    public ThroughputSeries Throughput { get; } = new(1_000_000);
    public int NeverSubmitted => _deferred.Count;
    public IEnumerable<(long PlannedUs, OperationKind Kind, int Node)> Deferred => _deferred;

    public long NowUs => clock.Elapsed.Ticks / 10;

    /// <summary>Issues every planned operation at its time (or up to <c>sendBatchMs</c> after it, with the others due
    /// by then); returns when the last one is issued.</summary>
    public async Task RunAsync(long[] plannedUs, CancellationToken issueUntil = default)
    {
        int k = 0;
        while (k < plannedUs.Length && !stop.IsCancellationRequested && !issueUntil.IsCancellationRequested)
        {
            long now = NowUs;
            while (k < plannedUs.Length && plannedUs[k] <= now)
            {
                Issue(plannedUs[k], factory.NextKind(), rng.Next(_clients.Length));
                k++;
            }
            if (k < plannedUs.Length) await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp((plannedUs[k] - NowUs) / 1000, sendBatchMs, Math.Max(50, sendBatchMs))), CancellationToken.None);
        }
    }

    /// <summary>Waits until every submission has an outcome or <paramref name="deadline"/> passes.</summary>
    public async Task DrainAsync(TimeSpan deadline)
    {
        var until = clock.Elapsed + deadline;
        while (clock.Elapsed < until)
        {
            lock (_lock)
                if (_deferred.Count == 0 && Tracks.All(t => t.Outcome != TxOutcome.Pending)) return;
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Transactions node <paramref name="node"/> answered "applied" so far, with the ledger it named.</summary>
    public List<(Hash256 Id, uint Ledger)> AppliedBy(int node)
    {
        lock (_lock)
            return Tracks.Where(t => t.Outcome == TxOutcome.Validated && t.Node == node && t.Ledger > 0).Select(t => (t.Id, t.Ledger)).ToList();
    }

    /// <summary>The client that submits the load's transactions to node <paramref name="i"/>, connecting when needed;
    /// null when the node cannot be reached.</summary>
    public Task<TcpLedgerClient?> ClientAsync(int i, CancellationToken token) => ConnectedAsync(_clients, _connecting, i, token);

    /// <summary>A second connection to node <paramref name="i"/> for status polls and ledger reads (the run's monitor,
    /// readiness, chaos and its recovery times). A node reads a connection's requests in order and checks submissions'
    /// signatures before it takes the next, so a poll sent behind a backlog of submissions waited for it: under
    /// overload the first sighting of a validated ledger came 4-21 s after the nodes logged it (2026-12-07, 4
    /// validators at 4,800 tx/s), which made validation look stalled. On a connection of its own a poll is answered
    /// ahead of the checks (consensus and status inputs go first).</summary>
    public Task<TcpLedgerClient?> StatusClientAsync(int i, CancellationToken token) => ConnectedAsync(_statusClients, _connectingStatus, i, token);

    private async Task<TcpLedgerClient?> ConnectedAsync(TcpLedgerClient?[] clients, SemaphoreSlim[] connecting, int i, CancellationToken token)
    {
        if (clients[i] is { IsConnected: true } c) return c;
        await connecting[i].WaitAsync(token);
        try
        {
            if (clients[i] is { IsConnected: true } again) return again;
            if (clients[i] is { } dead) await dead.DisposeAsync();
            clients[i] = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                clients[i] = await TcpLedgerClient.ConnectAsync(layout.EndPoints[i], layout.Genesis, _verifier, null, timeout.Token);
            }
            catch (Exception e) when (e is LedgerUnavailableException or OperationCanceledException)
            {
                return null;
            }
            return clients[i];
        }
        finally
        {
            connecting[i].Release();
        }
    }

    public async Task CloseClientsAsync()
    {
        Task[] waiting;
        lock (_lock) waiting = [.. _inFlight];
        foreach (var c in _clients.Concat(_statusClients))
            if (c is not null) await c.DisposeAsync();
        try
        {
            await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or LedgerUnavailableException)
        {
            // Submissions still waiting when the run ends stay pending.
        }
    }

    private void Issue(long plannedUs, OperationKind kind, int node)
    {
        TrackedTransaction track;
        lock (_lock)
        {
            var tx = factory.TryCreate(kind, 0);
            if (tx is null)
            {
                _deferred.Enqueue((plannedUs, kind, node));
                return;
            }
            track = new TrackedTransaction(tx, plannedUs, node);
            Tracks.Add(track);
            // Sent from this thread (SubmitAsync runs up to its first wait here, without a hop through the pool); the
            // rest runs when the node answers.
            _inFlight.Add(SubmitAsync(track));
        }
    }

    private async Task SubmitAsync(TrackedTransaction track)
    {
        int node = track.Node;
        while (!stop.IsCancellationRequested)
        {
            track.Attempts++;
            var client = await ClientAsync(node, stop).ConfigureAwait(false);
            if (client is not null)
            {
                if (track.SubmittedUs < 0) track.SubmittedUs = NowUs;
                track.Node = node;
                try
                {
                    var outcome = await client.SubmitAsync(track.Tx, stop).ConfigureAwait(false);
                    Complete(track, outcome);
                    return;
                }
                catch (LedgerUnavailableException)
                {
                    // The node went away (or is full): the same transaction to the next node.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            node = (node + 1) % _clients.Length;
            try
            {
                await Task.Delay(200, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Complete(TrackedTransaction track, SubmitOutcome outcome)
    {
        lock (_lock)
        {
            if (track.Outcome != TxOutcome.Pending) return;
            track.DoneUs = NowUs;
            // A resubmitted transaction whose sequence is "already used" was applied by its first submission: its
            // sender has nothing else in flight. Its ledger is found in the chain at the end.
            bool appliedEarlier = outcome.Result == TxResult.Replayed && track.Attempts > 1;
            if (outcome.IsApplied || appliedEarlier)
            {
                track.Outcome = TxOutcome.Validated;
                track.Ledger = outcome.IsApplied ? outcome.LedgerSequence : 0;
                Latency.Record(track.DoneUs - track.PlannedUs);
                Throughput.Record(track.DoneUs);
                factory.OnApplied(track.Tx);
            }
            else
            {
                track.Outcome = outcome.Result == TxResult.Expired ? TxOutcome.Expired : TxOutcome.Rejected;
                track.Reason = outcome.Result.ToString();
                factory.OnRejected(track.Tx);
            }
            track.ReleaseBody(); // settled: the reports and the end-of-run checks need its id and kind only
            while (_deferred.Count > 0)
            {
                var (planned, kind, node) = _deferred.Peek();
                var tx = factory.TryCreate(kind, 0);
                if (tx is null) break;
                _deferred.Dequeue();
                var t = new TrackedTransaction(tx, planned, node);
                Tracks.Add(t);
                _inFlight.Add(SubmitAsync(t));
            }
        }
    }
}
