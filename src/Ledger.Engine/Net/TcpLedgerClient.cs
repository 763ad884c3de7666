using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Net;

/// <summary>
/// An <see cref="ILedgerGateway"/> over one TCP connection to a node: many requests in flight, each matched to its
/// answer by request id. Ledgers the node sends are not trusted: the client replays each on its parent from the
/// genesis ledger it was given and keeps those whose hash matches the header (so it holds every ledger up to the
/// newest it was asked for, in memory). When the connection ends, every waiting call and every later call throws
/// <see cref="LedgerUnavailableException"/>; a caller reconnects by making a new client.
/// </summary>
public sealed class TcpLedgerClient : ILedgerGateway, IAsyncDisposable
{
    private readonly Connection _connection;
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<ClientResponse>> _pending = new();
    private readonly List<ClosedLedger> _chain;
    private readonly SemaphoreSlim _chainLock = new(1, 1);
    private readonly ISignatureVerifier _verifier;
    private readonly Task _reader;
    private long _nextRequestId;

    private TcpLedgerClient(Connection connection, ClosedLedger genesis, ISignatureVerifier verifier)
    {
        _connection = connection;
        _chain = [genesis];
        _verifier = verifier;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to the node at <paramref name="endPoint"/> and completes the handshake. Throws
    /// <see cref="LedgerUnavailableException"/> when the node cannot be reached or refuses.</summary>
    /// <param name="endPoint">The node's address.</param>
    /// <param name="genesis">The network's genesis ledger (its hash is the network id).</param>
    /// <param name="verifier">Checks transaction signatures when ledgers are replayed.</param>
    /// <param name="expectedNode">When set, the node must prove this validator key.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    public static async Task<TcpLedgerClient> ConnectAsync(IPEndPoint endPoint, ClosedLedger genesis, ISignatureVerifier? verifier = null,
        PublicKey? expectedNode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(genesis);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new LedgerUnavailableException($"cannot connect to {endPoint}: {e.Message}", e);
        }
        var connection = new Connection(socket, ConnectionLimits.Client, new NetCounters());
        var handshake = new Handshake(genesis.Hash, null, expectedNode is null ? null : id => id == expectedNode.Id ? expectedNode : null,
            acceptClients: false, RandomNumberGenerator.GetBytes(HelloFrame.ChallengeBytes), expectedNode?.Id);
        connection.TrySend(handshake.HelloFrameBytes());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (handshake.State is HandshakeState.AwaitHello or HandshakeState.AwaitProof)
        {
            bool more = await connection.ReadFrameAsync(f =>
            {
                handshake.Receive(f.Type, f.Payload.ToArray());
                return handshake.State != HandshakeState.Failed;
            }, timeout.Token).ConfigureAwait(false);
            if (!more) break;
        }
        if (handshake.State != HandshakeState.Done)
        {
            string why = handshake.State == HandshakeState.Failed ? handshake.Rejection.ToString() : connection.CloseReason;
            await connection.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new LedgerUnavailableException($"handshake with {endPoint} failed: {why}");
        }
        return new TcpLedgerClient(connection, genesis, verifier ?? SignatureVerifier.Instance);
    }

    /// <summary>False once the connection closed (every call then throws <see cref="LedgerUnavailableException"/>).</summary>
    public bool IsConnected => !_connection.IsClosed;

    /// <inheritdoc />
    public async ValueTask<SubmitOutcome> SubmitAsync(Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var response = await CallAsync(id => new ClientRequest(id, ClientOp.Submit, transaction), cancellationToken).ConfigureAwait(false);
        return new SubmitOutcome(transaction.Id, response.Result, response.LedgerSequence, response.CloseTimeMs);
    }

    /// <summary>The node's validated ledger, round and peers.</summary>
    public async ValueTask<NodeStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(id => new ClientRequest(id, ClientOp.Status), cancellationToken).ConfigureAwait(false)).Status;

    /// <summary>The node's stored ledger <paramref name="sequence"/> as sent (header and transactions, not replayed),
    /// or null when it does not hold it.</summary>
    public async ValueTask<LedgerResponseMessage?> FetchLedgerAsync(uint sequence, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync(id => new ClientRequest(id, ClientOp.GetLedger, null, sequence), cancellationToken).ConfigureAwait(false);
        if (response.Ledger is null) return null;
        if (!ConsensusMessage.TryDecode(response.Ledger, out var message, out var error) || message is not LedgerResponseMessage ledger)
            throw new LedgerUnavailableException($"the node sent ledger {sequence} in a form that does not decode: {error}");
        if (ledger.Header.Sequence != sequence) throw new LedgerUnavailableException($"asked for ledger {sequence}, the node sent {ledger.Header.Sequence}");
        return ledger;
    }

    /// <inheritdoc />
    public async ValueTask<ClosedLedger> GetValidatedLedgerAsync(CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return await ChainUpToAsync(status.ValidatedSequence, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ClosedLedger?> GetLedgerAsync(uint sequence, CancellationToken cancellationToken = default)
    {
        var newest = await ChainUpToAsync(sequence, cancellationToken).ConfigureAwait(false);
        return newest.Sequence == sequence ? newest : null;
    }

    /// <summary>Extends the replayed chain up to <paramref name="sequence"/> (or as far as the node has) and returns
    /// the ledger at <paramref name="sequence"/>, or the newest one held.</summary>
    private async ValueTask<ClosedLedger> ChainUpToAsync(uint sequence, CancellationToken cancellationToken)
    {
        await _chainLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while ((uint)_chain.Count <= sequence)
            {
                var parent = _chain[^1];
                var ledger = await FetchLedgerAsync(parent.Sequence + 1, cancellationToken).ConfigureAwait(false);
                if (ledger is null) break;
                var replayed = Replay(parent, ledger)
                    ?? throw new LedgerUnavailableException($"ledger {ledger.Header.Sequence} from the node does not replay on its parent to the hash it claims");
                _chain.Add(replayed);
            }
            return _chain[(int)Math.Min(sequence, (uint)_chain.Count - 1)];
        }
        finally
        {
            _chainLock.Release();
        }
    }

    private ClosedLedger? Replay(ClosedLedger parent, LedgerResponseMessage ledger)
    {
        var header = ledger.Header;
        if (header.ParentHash != parent.Hash || header.CloseTimeMs <= parent.CloseTimeMs) return null;
        var builder = new LedgerBuilder(parent, header.CloseTimeMs, _verifier);
        foreach (var tx in ledger.Transactions)
            if (builder.Apply(tx) != TxResult.Applied) return null;
        var closed = builder.Close();
        return closed.Hash == header.Hash ? closed : null;
    }

    private async Task<ClientResponse> CallAsync(Func<ulong, ClientRequest> make, CancellationToken cancellationToken)
    {
        ulong id = (ulong)Interlocked.Increment(ref _nextRequestId);
        var waiter = new TaskCompletionSource<ClientResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        if (_connection.IsClosed || !_connection.TrySend(FrameWriter.Encode(FrameType.ClientRequest, make(id).Encode())))
        {
            _pending.TryRemove(id, out _);
            throw new LedgerUnavailableException($"the connection to the node is closed: {_connection.CloseReason}");
        }
        ClientResponse response;
        try
        {
            response = await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
        if (response.Error is not null) throw new LedgerUnavailableException($"the node could not answer: {response.Error}");
        return response;
    }

    private async Task ReadLoopAsync()
    {
        ClientResponse? response = null;
        while (await _connection.ReadFrameAsync(f =>
        {
            response = null;
            if (f.Type == FrameType.ClientResponse) ClientResponse.TryDecode(f.Payload.ToArray(), FrameReader.DefaultMaxFrameBytes, out response, out _);
            return response is not null;
        }).ConfigureAwait(false))
        {
            if (_pending.TryRemove(response!.RequestId, out var waiter)) waiter.TrySetResult(response);
        }
        if (!_connection.IsClosed) _connection.Close("the node sent a frame a client does not accept");
        var failure = new LedgerUnavailableException($"the connection to the node closed: {_connection.CloseReason}");
        foreach (var id in _pending.Keys)
            if (_pending.TryRemove(id, out var waiter)) waiter.TrySetException(failure);
    }

    /// <summary>Closes the connection; waiting calls throw <see cref="LedgerUnavailableException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _connection.Close("client disposed");
        await _reader.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _chainLock.Dispose();
    }
}
