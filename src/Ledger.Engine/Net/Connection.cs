using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;

namespace HealthLedger.Engine.Net;

/// <summary>
/// One TCP connection: frames in through a <see cref="PipeReader"/>, frames out through a bounded send queue drained
/// by one writer task into a <see cref="PipeWriter"/>. The queue is bounded in frames and in bytes, so a peer that
/// reads slowly costs at most that much memory; what happens when it is full is the connection's
/// <see cref="BackpressurePolicy"/>. Host code: only the transport and its hosts use it.
/// </summary>
public sealed class Connection : IAsyncDisposable
{
    private static long s_nextId;

    /// <summary>Frames of at least this many bytes bypass the pipe's buffers and are written to the socket directly.</summary>
    private const int DirectWriteBytes = 64 * 1024;

    // Linux's TCP socket options for dead links: the level, TCP_USER_TIMEOUT, TCP_INFO (whose first byte is the
    // connection's state) and the state TCP_CLOSE (a peer's own FIN leaves CLOSE_WAIT instead).
    private const int IpProtoTcp = 6, TcpUserTimeout = 18, TcpInfo = 11, TcpClose = 7;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<byte[]> _queue;
    private readonly long _maxQueuedBytes;
    private readonly int _maxFrameBytes;
    private readonly NetCounters _counters;
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _writer;
    private long _queuedBytes;
    private int _closing;

    /// <summary>Wraps a connected socket and starts its writer.</summary>
    public Connection(Socket socket, ConnectionLimits limits, NetCounters counters)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(limits);
        _socket = socket;
        _socket.NoDelay = true;
        DeadLinkMs = DetectDeadLink(socket, limits.DeadLinkMs);
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(limits.MaxQueuedFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _maxQueuedBytes = limits.MaxQueuedBytes;
        _maxFrameBytes = limits.MaxFrameBytes;
        Policy = limits.Policy;
        _counters = counters;
        Id = Interlocked.Increment(ref s_nextId);
        Remote = RemoteOf(socket);
        _writer = Task.Run(WriteLoopAsync);
    }

    // A socket the peer has already reset has no remote end point any more (ENOTCONN); that is the peer's doing, not
    // a reason to fail here: the first read reports the closed connection.
    private static string RemoteOf(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "?";
        }
        catch (SocketException)
        {
            return "?";
        }
    }

    /// <summary>A process-unique number, for logs.</summary>
    public long Id { get; }

    /// <summary>The remote end, for logs.</summary>
    public string Remote { get; }

    /// <summary>How long the peer may leave what was sent unacknowledged (or an idle link unanswered) before the kernel
    /// gives the connection up, in ms; 0 when the kernel's own defaults apply (minutes).</summary>
    public int DeadLinkMs { get; }

    /// <summary>What a full queue does.</summary>
    public BackpressurePolicy Policy { get; set; }

    /// <summary>Cancelled when the connection closes.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>True once <see cref="Close"/> ran.</summary>
    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <summary>Why the connection closed, once it did.</summary>
    public string CloseReason { get; private set; } = "";

    /// <summary>Bytes waiting in the send queue.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Queues a whole frame for sending; never blocks. False when the frame was not queued (closed, or the
    /// queue was full and the policy dropped it or closed the connection).</summary>
    public bool TrySend(byte[] frame)
    {
        if (IsClosed) return false;
        if (Interlocked.Add(ref _queuedBytes, frame.Length) > _maxQueuedBytes || !_queue.Writer.TryWrite(frame))
        {
            Interlocked.Add(ref _queuedBytes, -frame.Length);
            _counters.Reject(FrameError.QueueFull);
            if (Policy == BackpressurePolicy.Disconnect) Close($"send queue full ({QueuedBytes} bytes queued)");
            else _counters.QueueDrop();
            return false;
        }
        return true;
    }

    /// <summary>Reads the next frame and hands it to <paramref name="onFrame"/> (the payload is only valid during the
    /// call). Returns false when the connection ended or a frame was refused (then it is closed, and the refusal
    /// counted) or <paramref name="onFrame"/> returned false.</summary>
    public async ValueTask<bool> ReadFrameAsync(Func<Frame, bool> onFrame, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                CloseAfter("read", e);
                return false;
            }
            var buffer = result.Buffer;
            var status = FrameReader.TryRead(buffer, _maxFrameBytes, out var frame, out long consumed, out var rejection);
            switch (status)
            {
                case FrameReadStatus.Frame:
                    _counters.FrameIn(consumed);
                    bool ok;
                    try
                    {
                        ok = onFrame(frame);
                    }
                    finally
                    {
                        _input.AdvanceTo(buffer.GetPosition(consumed));
                    }
                    return ok && !IsClosed;
                case FrameReadStatus.Rejected:
                    _input.AdvanceTo(buffer.Start, buffer.End);
                    _counters.Reject(rejection.Error);
                    Close(rejection.ToString());
                    return false;
                default:
                    _input.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        if (buffer.Length > 0) _counters.Reject(FrameError.Malformed);
                        if (buffer.Length > 0) Close($"the connection ended inside a frame ({buffer.Length} bytes)");
                        else CloseAfter("the peer closed the connection", null);
                        return false;
                    }
                    break;
            }
        }
    }

    /// <summary>Closes the connection (idempotent): pending sends are abandoned, readers see the end.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return;
        CloseReason = reason;
        _queue.Writer.TryComplete();
        try
        {
            _closed.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered on Closed threw; closing must still finish.
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to shut down.
        }
        _socket.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closed.Token).ConfigureAwait(false))
            {
                // Batch what is queued into one flush: fewer syscalls under load.
                bool ended = false;
                while (!ended && reader.TryRead(out var frame))
                {
                    if (frame.Length >= DirectWriteBytes)
                    {
                        // A large frame (a transaction set, a ledger) goes to the socket as it is, after what is buffered:
                        // copied through the pipe it took fresh pooled segments, zeroed, for every frame (a profile of a
                        // saturated node showed 12% of its CPU in the pipe writer's GetSpan for such frames).
                        var before = await _output.FlushAsync(_closed.Token).ConfigureAwait(false);
                        ended = before.IsCompleted || before.IsCanceled;
                        if (!ended) await _stream.WriteAsync(frame, _closed.Token).ConfigureAwait(false);
                    }
                    else _output.Write(frame);
                    Interlocked.Add(ref _queuedBytes, -frame.Length);
                    _counters.FrameOut(frame.Length);
                }
                if (ended) break;
                var flush = await _output.FlushAsync(_closed.Token).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled) break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            CloseAfter("write", e);
        }
    }

    /// <summary>
    /// Makes the kernel give up a connection whose other end stopped answering after about <paramref name="ms"/>:
    /// <c>TCP_USER_TIMEOUT</c> bounds how long sent data may stay unacknowledged (or the window closed), and keepalive
    /// probes an idle link. Without them a cut cable or a vanished host leaves the connection open for the kernel's
    /// retransmission timeout (about 15 minutes), and after the link heals traffic resumes only at the next
    /// retransmission, which backs off up to two minutes. Returns what was applied (0: not on this platform, or 0 asked).
    /// </summary>
    private static int DetectDeadLink(Socket socket, int ms)
    {
        if (ms <= 0 || !OperatingSystem.IsLinux()) return 0;
        try
        {
            int probeSec = Math.Max(1, ms / 3000);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, probeSec);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, probeSec);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 2);
            socket.SetRawSocketOption(IpProtoTcp, TcpUserTimeout, BitConverter.GetBytes(ms));
            return ms;
        }
        catch (SocketException)
        {
            return 0; // a socket the peer already reset: the first read reports it
        }
    }

    /// <summary>Whether the kernel gave the connection up because the other end stopped answering, rather than the other
    /// end closing or resetting it: a read or write failed with a timeout (or, when the link itself went down, with the
    /// unreachable error the kernel saw last), or a read found the end of the stream while the socket is closed outright
    /// (a peer's own close leaves it half-open, waiting for ours).</summary>
    private bool IsDeadLink(Exception? e)
    {
        if (DeadLinkMs == 0) return false;
        if (e is not null)
            return (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode is SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable;
        try
        {
            Span<byte> info = stackalloc byte[8];
            return _socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info) >= 1 && info[0] == TcpClose;
        }
        catch (Exception x) when (x is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    // Closes for a failed or ended read or write, naming a dead link as such and counting it.
    private void CloseAfter(string what, Exception? e)
    {
        if (IsDeadLink(e))
        {
            if (!IsClosed) _counters.DeadLink();
            Close($"the link went dead: the other end answered nothing for {DeadLinkMs} ms");
        }
        else Close(e is null ? what : $"{what} failed: {e.Message}");
    }

    /// <summary>Closes and waits for the writer to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        Close("disposed");
        await _writer.ConfigureAwait(false);
        try
        {
            await _input.CompleteAsync().ConfigureAwait(false);
            await _output.CompleteAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The socket is already closed: what was left unsent is abandoned, as Close promised.
        }
        // _closed is not disposed: it has no timer or wait handle to release, and a Close on another thread (the node
        // loop closing every connection as it stops) can still be on its way to Cancel after this one returned early
        // on the closing flag; disposing here made that Cancel throw (seen once in CI, 2026-12-06).
    }
}

/// <summary>The bounds of one connection.</summary>
/// <param name="MaxFrameBytes">Largest frame accepted (type byte plus payload).</param>
/// <param name="MaxQueuedFrames">Most frames waiting to be sent.</param>
/// <param name="MaxQueuedBytes">Most bytes waiting to be sent.</param>
/// <param name="Policy">What a full queue does.</param>
public sealed record ConnectionLimits(int MaxFrameBytes, int MaxQueuedFrames, long MaxQueuedBytes, BackpressurePolicy Policy)
{
    /// <summary>The default for <see cref="DeadLinkMs"/>: 10 s. A node that falls behind stops reading and leaves its
    /// peers' windows closed for a moment, not for seconds, so only a link that stopped answering reaches it.</summary>
    public const int DefaultDeadLinkMs = 10_000;

    /// <summary>How long the other end may leave sent data unacknowledged, or an idle link unanswered, before the
    /// connection is given up as dead (on Linux; elsewhere, and with 0, the kernel's own timeouts of minutes apply).
    /// </summary>
    public int DeadLinkMs { get; init; } = DefaultDeadLinkMs;

    /// <summary>Limits for a validator peer: 32 MiB frames, 16,384 frames or 128 MiB queued, drop when full.</summary>
    public static ConnectionLimits Peer { get; } = new(FrameReader.DefaultMaxFrameBytes, 16_384, 128L << 20, BackpressurePolicy.DropNewest);

    /// <summary>Limits for a client connection: 32 MiB frames (ledgers travel to clients), 4,096 frames or 64 MiB
    /// queued, disconnect when full.</summary>
    public static ConnectionLimits Client { get; } = new(FrameReader.DefaultMaxFrameBytes, 4_096, 64L << 20, BackpressurePolicy.Disconnect);
}
