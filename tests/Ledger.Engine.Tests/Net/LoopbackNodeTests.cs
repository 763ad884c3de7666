using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;

namespace HealthLedger.Engine.Tests.Net;

/// <summary>Real sockets on 127.0.0.1: node runtimes in this process, talking TCP.</summary>
public sealed class LoopbackNodeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Four_nodes_over_loopback_validate_submitted_transactions()
    {
        await using var cluster = new LoopbackCluster(4);
        await cluster.StartAsync(Bound);
        var sender = cluster.Clients[0];
        var clients = new List<TcpLedgerClient>();
        for (int i = 0; i < 4; i++) clients.Add(await cluster.ClientAsync(i));
        try
        {
            // One account's transactions in sequence order, each to another node, awaited one by one.
            var outcomes = new List<HealthLedger.Engine.Client.SubmitOutcome>();
            for (int k = 0; k < 6; k++)
            {
                var tx = sender.Notarize(1_000 + k);
                try
                {
                    outcomes.Add(await clients[k % 4].SubmitAsync(tx).AsTask().WaitAsync(Bound));
                }
                catch (TimeoutException)
                {
                    var states = new List<string>();
                    foreach (var node in cluster.Nodes)
                        states.Add(await node.InvokeAsync(n => $"val {n.LastValidatedLedger.Sequence} lcl {n.LastClosedLedger.Sequence} {n.Phase} pending {n.PendingCount} next {n.NextDeadlineMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} [{n.Counters}]"));
                    Assert.Fail($"transaction {k} ({tx}) got no outcome: {string.Join(" | ", states)}");
                }
            }
            Assert.All(outcomes, o => Assert.True(o.IsApplied, o.ToString()));
            uint last = outcomes.Max(o => o.LedgerSequence);
            // Every node holds every applied transaction in the ledger it was reported in (the client replays them).
            foreach (var c in clients)
            {
                var deadline = DateTime.UtcNow + Bound;
                while ((await c.GetStatusAsync()).ValidatedSequence < last)
                {
                    Assert.True(DateTime.UtcNow < deadline, "a node did not reach the last ledger");
                    await Task.Delay(50);
                }
                foreach (var o in outcomes)
                {
                    var ledger = await c.GetLedgerAsync(o.LedgerSequence);
                    Assert.NotNull(ledger);
                    Assert.True(ledger.IndexOf(o.TransactionId) >= 0);
                }
            }
            var validated = await clients[0].GetValidatedLedgerAsync();
            Assert.True(validated.Sequence >= last);
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
        // Once the nodes have stopped, their checkers' work is counted: every submission was verified on a checker (a
        // relayed copy of one already verified costs a cache look-up), with the threads' processor time beside it.
        foreach (var node in cluster.Nodes) await node.StopAsync();
        var checks = cluster.Nodes.Select(n => n.SignatureChecks).ToList();
        Assert.True(checks.Sum(c => c.Verifications) >= 6, string.Join(", ", checks));
        if (OperatingSystem.IsLinux())
        {
            Assert.All(checks, c => Assert.True(c.ProcessorTime > TimeSpan.Zero, c.ToString()));
            Assert.Contains(checks, c => c.MicrosecondsPerVerification > 0);
        }
        // And the work of their rounds: every node built and validated the ledgers that hold the submissions, each with
        // its loop's processor time for the inputs that did.
        var work = cluster.Nodes.Select(n => n.LedgerWork).ToList();
        Assert.All(work, w => Assert.True(w.BuiltTransactions >= 6 && w.ValidatedTransactions + w.BuiltTransactions >= 6, w.ToString()));
        if (OperatingSystem.IsLinux())
            Assert.All(work, w => Assert.True(w.BuildTime > TimeSpan.Zero && w.BuildUsPerTransaction > 0, w.ToString()));
    }

    /// <summary>Submissions that reach a node while its loop is busy are relayed together: one batch frame per peer
    /// (counted), handled by each peer as that many relays, and every one is validated by the cluster.</summary>
    [Fact]
    public async Task Relays_queued_behind_a_busy_loop_go_out_as_one_batch_and_are_all_validated()
    {
        await using var cluster = new LoopbackCluster(4);
        await cluster.StartAsync(Bound);
        var entry = cluster.Nodes[0];
        await using var client = await cluster.ClientAsync(0);
        var txs = Enumerable.Range(0, 20).Select(k => cluster.Clients[0].Notarize(2_000 + k)).ToList();

        // Hold node 0's loop (an inspection that waits) while the submissions queue up behind it.
        var hold = await HeldLoop.HoldAsync(entry, Bound);
        var submits = txs.Select(tx => client.SubmitAsync(tx).AsTask()).ToList();
        await Task.Delay(500); // loopback delivers them long before; a batch needs only two of them queued
        hold.Release();
        Assert.True(await hold.Held.WaitAsync(Bound));

        var outcomes = await Task.WhenAll(submits).WaitAsync(Bound);
        Assert.All(outcomes, o => Assert.True(o.IsApplied, o.ToString()));
        Assert.True(entry.Counters.RelayBatches >= 1, entry.Counters.ToString());
        Assert.True(entry.Counters.BatchedRelays >= 2, entry.Counters.ToString());
        await cluster.WaitForValidatedAsync(outcomes.Max(o => o.LedgerSequence), Bound);
    }

    /// <summary>Admission control on the connection: with its loop held, a node whose limit is 5 takes the first 5 of 20
    /// submissions and answers the other 15 NodeBusy at once, unchecked and unrelayed; it keeps running, validates the 5,
    /// and takes a refused one submitted again.</summary>
    [Fact]
    public async Task Past_its_submission_queue_limit_a_node_answers_busy_at_once_and_keeps_validating()
    {
        const int limit = 5;
        await using var cluster = new LoopbackCluster(4, consensus: p => p with { SubmissionQueueLimit = limit });
        await cluster.StartAsync(Bound);
        var entry = cluster.Nodes[0];
        await using var client = await cluster.ClientAsync(0);
        var txs = Enumerable.Range(0, 20).Select(k => cluster.Clients[0].Notarize(4_000 + k)).ToList();

        var hold = await HeldLoop.HoldAsync(entry, Bound);
        var submits = txs.Select(tx => client.SubmitAsync(tx).AsTask()).ToList();
        // The refusals come back while the loop is still held: the connection answers them itself.
        var refused = await Task.WhenAll(submits.Skip(limit)).WaitAsync(Bound);
        Assert.All(refused, o => Assert.Equal(TxResult.NodeBusy, o.Result));
        Assert.Equal(txs.Count - limit, entry.BusyRefusals);
        Assert.DoesNotContain(submits.Take(limit), s => s.IsCompleted);
        hold.Release();
        Assert.True(await hold.Held.WaitAsync(Bound));

        var admitted = await Task.WhenAll(submits.Take(limit)).WaitAsync(Bound);
        Assert.All(admitted, o => Assert.True(o.IsApplied, o.ToString()));
        var again = await client.SubmitAsync(txs[limit]).AsTask().WaitAsync(Bound);
        Assert.True(again.IsApplied, again.ToString());
        await cluster.WaitForValidatedAsync(again.LedgerSequence, Bound);
    }

    /// <summary>With admission in time at 1 ms, every ledger holding a node's clients' transactions waited longer: the
    /// node holds its clients to the floor and says so in its log, and a ledger without them (nothing of its clients
    /// waited) brings the count back, logged too. The other nodes, whose clients sent nothing, are never limited.</summary>
    [Fact]
    public async Task A_node_logs_when_admission_in_time_starts_and_stops_limiting_its_clients()
    {
        var log = new StringWriter();
        var synchronized = TextWriter.Synchronized(log); // its writes lock the wrapper, so a read under that lock is whole
        string Text() { lock (synchronized) return log.ToString(); }
        await using var cluster = new LoopbackCluster(4, consensus: p => p with { SubmissionQueueMs = 1 }, log: synchronized);
        await cluster.StartAsync(Bound);
        await using var client = await cluster.ClientAsync(0);
        var outcome = await client.SubmitAsync(cluster.Clients[0].Notarize(4_100)).AsTask().WaitAsync(Bound);
        Assert.True(outcome.IsApplied, outcome.ToString());
        int floor = new ConsensusParameters().SubmissionFloor;
        var until = DateTime.UtcNow + Bound;
        while (!Text().Contains("admission back to the count", StringComparison.Ordinal) && DateTime.UtcNow < until) await Task.Delay(50);
        var lines = Text().Split('\n');
        string node0 = $"[{cluster.Keys[0].Public.Id.ToShortString()}]";
        var limited = Assert.Single(lines, l => l.Contains("admission limited", StringComparison.Ordinal));
        Assert.Contains(node0, limited);
        Assert.Contains($"while it holds fewer than {floor:N0} unconfirmed", limited);
        Assert.Contains(lines, l => l.Contains(node0, StringComparison.Ordinal) && l.Contains($"validated ledger {outcome.LedgerSequence} ", StringComparison.Ordinal) && l.Contains($"admitting under {floor:N0}", StringComparison.Ordinal));
        var back = Assert.Single(lines, l => l.Contains("admission back to the count", StringComparison.Ordinal));
        Assert.Contains(node0, back);
        Assert.True(Array.IndexOf(lines, limited) < Array.IndexOf(lines, back));
    }

    /// <summary>A burst of submissions on an idle node, with checks slower than the loop (20 ms each here): the checker
    /// takes what is queued, checks it all and hands it over together, so the loop relays the burst in batch frames.
    /// Handed over one at a time, each would reach an idle loop and be relayed alone.</summary>
    [Fact]
    public async Task A_burst_checked_together_is_relayed_in_batches_even_when_the_loop_is_idle()
    {
        var slow = new CachingTransactionVerifier(new SlowVerifier(SignatureVerifier.Instance, TimeSpan.FromMilliseconds(20)));
        await using var cluster = new LoopbackCluster(4, transactions: slow);
        await cluster.StartAsync(Bound);
        // Past the first rounds: a fresh process compiles the consensus code then, and its loops wait their turn on the
        // cores for up to a second, long enough for any queued inputs to pile up.
        await cluster.WaitForValidatedAsync(3, Bound);
        var entry = cluster.Nodes[0];
        await using var client = await cluster.ClientAsync(0);
        var txs = Enumerable.Range(0, 10).Select(k => cluster.Clients[0].Notarize(3_000 + k)).ToList();
        long batchedBefore = entry.Counters.BatchedRelays;

        var outcomes = await Task.WhenAll(txs.Select(tx => client.SubmitAsync(tx).AsTask())).WaitAsync(Bound);

        Assert.All(outcomes, o => Assert.True(o.IsApplied, o.ToString()));
        // Only the checker's first take can be a lone transaction (it wakes on the first to arrive); a consensus message
        // going out between two relays can split a batch. Handed over one at a time, 20 ms apart, next to none are batched.
        Assert.True(entry.Counters.BatchedRelays - batchedBefore >= 7, entry.Counters.ToString());
    }

    /// <summary>Slow on the nodes' signature checkers only: anywhere else (the loop, a ledger build) it is as fast as
    /// it would be with the checks done.</summary>
    private sealed class SlowVerifier(ISignatureVerifier inner, TimeSpan delay) : ISignatureVerifier
    {
        public bool Verify(Transaction transaction)
        {
            if (Thread.CurrentThread.Name?.StartsWith(NodeRuntime.SignatureCheckThreadName, StringComparison.Ordinal) == true) Thread.Sleep(delay);
            return inner.Verify(transaction);
        }
    }

    [Fact]
    public async Task Garbage_and_impostors_are_refused_and_counted_and_the_node_keeps_validating()
    {
        await using var cluster = new LoopbackCluster(4);
        await cluster.StartAsync(Bound);
        var target = cluster.Nodes[0];
        var endPoint = cluster.EndPoints[0];
        var rng = new Random(6);

        async Task SendRaw(byte[] bytes)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endPoint);
            try
            {
                await socket.SendAsync(bytes);
                // Wait for the node to close the connection (or a short bound).
                var buffer = new byte[4096];
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0) { }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // The node reset the connection, or it stayed open to the bound.
            }
        }

        var oversized = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(oversized, uint.MaxValue);
        await SendRaw(oversized);
        await SendRaw([0, 0, 0, 1, 99]);
        await SendRaw(FrameWriter.Encode(FrameType.Consensus, [1, 2, 3]));
        var junk = new byte[2_000];
        rng.NextBytes(junk);
        await SendRaw(junk);
        // An impostor: a key not in the validator set, with a valid-looking hello.
        var stranger = HealthLedger.Engine.Crypto.SigningKey.FromLabel(HealthLedger.Engine.Crypto.SignatureSchemes.Ed25519, "stranger");
        await SendRaw(new Handshake(target.Network, stranger, null, false, new byte[32]).HelloFrameBytes());

        Assert.True(target.Counters.Rejected(FrameError.Oversized) >= 1, target.Counters.ToString());
        Assert.True(target.Counters.Rejected(FrameError.UnknownType) >= 1, target.Counters.ToString());
        Assert.True(target.Counters.Rejected(FrameError.UnexpectedFrame) >= 1, target.Counters.ToString());
        Assert.True(target.Counters.Rejected(FrameError.UnknownPeer) >= 1, target.Counters.ToString());

        await using var client = await cluster.ClientAsync(0);
        var outcome = await client.SubmitAsync(cluster.Clients[1].Notarize(77)).AsTask().WaitAsync(Bound);
        Assert.True(outcome.IsApplied, outcome.ToString());
        Assert.Equal(3, target.ConnectedPeers);
    }

    [Fact]
    public async Task A_peer_that_never_reads_costs_a_bounded_queue_and_its_excess_frames_are_dropped_and_counted()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await slow.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var accepted = await listener.AcceptSocketAsync();
        accepted.SendBufferSize = 4096;
        var counters = new NetCounters();
        var limits = new ConnectionLimits(1 << 20, 64, 256 * 1024, BackpressurePolicy.DropNewest);
        await using var connection = new Connection(accepted, limits, counters);
        var frame = FrameWriter.Encode(FrameType.Consensus, new byte[16 * 1024]);
        int queued = 0;
        for (int i = 0; i < 2_000; i++)
            if (connection.TrySend(frame)) queued++;
        Assert.True(connection.QueuedBytes <= limits.MaxQueuedBytes);
        Assert.True(counters.QueueDrops > 0, counters.ToString());
        Assert.True(queued < 2_000);
        Assert.False(connection.IsClosed);

        var strict = limits with { Policy = BackpressurePolicy.Disconnect };
        using var slow2 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await slow2.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var accepted2 = await listener.AcceptSocketAsync();
        await using var client = new Connection(accepted2, strict, counters);
        for (int i = 0; i < 2_000 && !client.IsClosed; i++) client.TrySend(frame);
        Assert.True(client.IsClosed, "a client that does not read is disconnected");
        Assert.Contains("queue full", client.CloseReason);
    }

    [Fact]
    public async Task A_connection_closed_from_one_thread_while_another_disposes_it_never_throws()
    {
        // The node loop closes every connection as it stops while each connection's own task disposes it; the two
        // raced (a Close past the closing flag had yet to cancel when the dispose returned and released the token).
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var limits = new ConnectionLimits(1 << 20, 64, 256 * 1024, BackpressurePolicy.DropNewest);
        for (int i = 0; i < 200; i++)
        {
            using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await peer.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            var connection = new Connection(await listener.AcceptSocketAsync(), limits, new NetCounters());
            var closing = Task.Run(() => connection.Close("node stopping"));
            var disposing = Task.Run(async () => await connection.DisposeAsync());
            await Task.WhenAll(closing, disposing).WaitAsync(Bound);
            Assert.True(connection.IsClosed);
            // The token stays usable after disposal (it was released there, and a late Cancel or a reader of Closed
            // then threw ObjectDisposedException).
            Assert.True(connection.Closed.IsCancellationRequested);
            connection.Close("again"); // idempotent after disposal too
        }
    }
}
