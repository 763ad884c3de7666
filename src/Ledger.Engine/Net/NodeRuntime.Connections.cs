using System.Collections.Concurrent;
using System.Buffers;
using System.Net.Sockets;
using System.Security.Cryptography;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Net;

// Accepting, dialling, the handshake, and turning frames into loop inputs.
public sealed partial class NodeRuntime
{
    private readonly ConcurrentDictionary<long, Connection> _connections = new();
    private int _clients;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (_stop.IsCancellationRequested) return;
                continue;
            }
            Counters.AcceptedOne();
            _ = Task.Run(() => ServeAsync(socket, null));
        }
    }

    private async Task DialLoopAsync(PeerAddress peer)
    {
        int failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            var socket = new Socket(peer.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            Counters.DialledOne();
            long startedMs = NowMs();
            bool connected = false;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.HandshakeTimeoutMs), _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
                await socket.ConnectAsync(peer.EndPoint, linked.Token).ConfigureAwait(false);
                connected = true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
            }
            if (connected) await ServeAsync(socket, peer).ConfigureAwait(false);
            // A connection that lived a while was healthy: start the backoff over.
            failures = connected && NowMs() - startedMs > 10_000 ? 1 : failures + 1;
            if (_stop.IsCancellationRequested) return;
            double delay = Math.Min(_options.ReconnectMaxMs, _options.ReconnectMinMs * Math.Pow(2, Math.Min(failures - 1, 16)));
            delay *= 0.5 + 0.5 * Random.Shared.NextDouble(); // jitter, so restarted peers do not call in lockstep
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs one connection from handshake to close. <paramref name="dialled"/> is the peer called, or null
    /// for an accepted connection (which may be a validator or a client).</summary>
    private async Task ServeAsync(Socket socket, PeerAddress? dialled)
    {
        Connection connection;
        try
        {
            connection = new Connection(socket, _options.PeerLimits, Counters);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // The other end reset the connection between connect and now (a peer restarting, a cut link): nothing to
            // serve. Letting this escape would end the dial loop for that peer for good.
            socket.Dispose();
            Log($"connection {(dialled is null ? "accepted" : $"to {dialled.EndPoint}")} was reset before it could be served: {e.Message}");
            return;
        }
        _connections[connection.Id] = connection;
        try
        {
            var handshake = new Handshake(Network, _options.Key, id => _config.Validators.Find(id)?.Key, acceptClients: dialled is null,
                RandomNumberGenerator.GetBytes(HelloFrame.ChallengeBytes), dialled?.Key.Id);
            if (!await HandshakeAsync(connection, handshake).ConfigureAwait(false)) return;
            Counters.HandshakeDone();
            if (handshake.PeerRole == PeerRole.Validator) await ServePeerAsync(connection, handshake.PeerKey!.Id).ConfigureAwait(false);
            else await ServeClientAsync(connection).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> HandshakeAsync(Connection connection, Handshake handshake)
    {
        connection.TrySend(handshake.HelloFrameBytes());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.HandshakeTimeoutMs), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
        while (handshake.State is HandshakeState.AwaitHello or HandshakeState.AwaitProof)
        {
            bool more = await connection.ReadFrameAsync(frame =>
            {
                var reply = handshake.Receive(frame.Type, frame.Payload.IsSingleSegment ? frame.Payload.FirstSpan : frame.Payload.ToArray());
                if (reply is not null) connection.TrySend(reply);
                return handshake.State != HandshakeState.Failed;
            }, linked.Token).ConfigureAwait(false);
            if (!more) break;
        }
        if (handshake.State == HandshakeState.Done) return true;
        if (handshake.State == HandshakeState.Failed)
        {
            Counters.Reject(handshake.Rejection.Error);
            connection.Close(handshake.Rejection.ToString());
        }
        else if (timeout.IsCancellationRequested)
        {
            Counters.Reject(FrameError.HandshakeTimeout);
            connection.Close("the handshake timed out");
        }
        Log($"handshake with {connection.Remote} refused: {connection.CloseReason}");
        return false;
    }

    private async Task ServePeerAsync(Connection connection, Hash256 peerId)
    {
        connection.Policy = _options.PeerLimits.Policy;
        await _inputs.Writer.WriteAsync(new PeerUp(peerId, connection), _stop.Token).ConfigureAwait(false);
        try
        {
            FrameType type = default;
            Input? input = null;
            IReadOnlyList<Transaction>? toCheck = null;
            while (await connection.ReadFrameAsync(frame =>
            {
                type = frame.Type;
                if (type == FrameType.Consensus) (input, toCheck) = DecodePeerFrame(peerId, frame.Payload);
                return true;
            }, _stop.Token).ConfigureAwait(false))
            {
                if (type != FrameType.Consensus)
                {
                    Counters.Reject(FrameError.UnexpectedFrame);
                    connection.Close($"a validator sent a {type} frame after the handshake");
                    break;
                }
                // Waits when the loop (or the checks) is behind: this connection stops reading and TCP pushes back on the peer.
                await EnqueueAsync(connection, input!, toCheck).ConfigureAwait(false);
            }
        }
        finally
        {
            _inputs.Writer.TryWrite(new PeerDown(peerId, connection));
        }
    }

    private async Task ServeClientAsync(Connection connection)
    {
        connection.Policy = _options.ClientLimits.Policy;
        if (Interlocked.Increment(ref _clients) > _options.MaxClients)
        {
            Interlocked.Decrement(ref _clients);
            connection.Close($"too many clients (limit {_options.MaxClients})");
            return;
        }
        try
        {
            ClientRequest? request = null;
            string reason = "";
            FrameType type = default;
            while (await connection.ReadFrameAsync(frame =>
            {
                type = frame.Type;
                if (type == FrameType.ClientRequest) ClientRequest.TryDecode(frame.Payload.IsSingleSegment ? frame.Payload.FirstSpan : frame.Payload.ToArray(), out request, out reason);
                return true;
            }, _stop.Token).ConfigureAwait(false))
            {
                if (type != FrameType.ClientRequest)
                {
                    Counters.Reject(FrameError.UnexpectedFrame);
                    connection.Close($"a client sent a {type} frame");
                    break;
                }
                if (request is null)
                {
                    Counters.Reject(FrameError.Malformed);
                    connection.Close($"malformed client request: {reason}");
                    break;
                }
                if (request.Transaction is not null && RefusedAsBusy(connection, request)) continue;
                await EnqueueAsync(connection, new ClientCall(connection, request, NowMs()), request.Transaction is { } tx ? [tx] : null).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _clients);
        }
    }

    /// <summary>Admission control on the connection, before the signature check: a submission is answered
    /// <see cref="TxResult.NodeBusy"/> at once when the core's pool, the transactions waiting for the checkers and the
    /// checked submissions queued for the loop reach the core's limit (<see cref="Node.ConsensusNode.SubmissionLimit"/>, as the
    /// loop last published it), so an overloaded node spends no check on what it cannot take. The core applies the same
    /// rule to its pool alone.</summary>
    private bool RefusedAsBusy(Connection connection, ClientRequest request)
    {
        long unconfirmed = (long)Volatile.Read(ref _poolSize) + AwaitingChecks + QueuedSubmissions;
        if (unconfirmed < Volatile.Read(ref _submissionLimit)) return false;
        Interlocked.Increment(ref _busyRefusals);
        Answer(connection, new ClientResponse(request.RequestId, ClientOp.Submit, null) { Result = TxResult.NodeBusy, LedgerSequence = ValidatedSequence });
        return true;
    }

    /// <summary>Decodes a consensus frame on the connection's reading thread, so that the node loop (the one thread that
    /// drives the core) gets a decoded message, and says which of the transactions it carries the checkers are to verify
    /// into the shared verifier cache before the loop sees it (see <see cref="EnqueueAsync"/>), so that the core's own
    /// check is a lookup. A transaction set's members are checked here: the round is waiting for them. A frame that does
    /// not decode goes to the core as bytes, which counts it as malformed exactly as before.</summary>
    private (Input Input, IReadOnlyList<Transaction>? ToCheck) DecodePeerFrame(Hash256 peerId, ReadOnlySequence<byte> payload)
    {
        ReadOnlySpan<byte> span = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        if (!ConsensusMessage.TryDecode(span, out var message, out _)) return (new PeerMessage(peerId, span.ToArray()), null);
        if (message is TxSetTransactionsMessage r)
            foreach (var tx in r.Transactions) WarmVerifier(tx);
        return (new PeerDecoded(peerId, message!), RelayedTransactions(message!));
    }

    /// <summary>Checks <paramref name="tx"/>'s signature into the node's verifier cache, off the node loop. Only a
    /// <see cref="CachingTransactionVerifier"/> is warmed (it is thread-safe, and without a cache the loop would check
    /// again anyway); its answer is not used here: the core asks the cache and decides.</summary>
    private void WarmVerifier(Transaction tx)
    {
        if (_config.TransactionVerifier is CachingTransactionVerifier cache) cache.Verify(tx);
    }
}
