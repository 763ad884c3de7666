namespace HealthLedger.Engine.Net;

/// <summary>What a node's transport did and refused, by reason. Thread-safe: connections update it from their own
/// tasks; readers see a consistent value per counter, not a snapshot across counters.</summary>
public sealed class NetCounters
{
    private readonly long[] _rejections = new long[Enum.GetValues<FrameError>().Length];
    private long _framesIn, _framesOut, _bytesIn, _bytesOut, _handshakes, _accepted, _dialled, _queueDrops, _relayBatches, _batchedRelays, _deadLinks;

    /// <summary>Frames received and accepted.</summary>
    public long FramesIn => Interlocked.Read(ref _framesIn);

    /// <summary>Frames written to sockets.</summary>
    public long FramesOut => Interlocked.Read(ref _framesOut);

    /// <summary>Bytes received.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes written.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Handshakes completed.</summary>
    public long Handshakes => Interlocked.Read(ref _handshakes);

    /// <summary>Connections accepted on the listening port.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Outgoing connection attempts (first calls and reconnects).</summary>
    public long Dialled => Interlocked.Read(ref _dialled);

    /// <summary>Frames dropped because a peer's send queue was full.</summary>
    public long QueueDrops => Interlocked.Read(ref _queueDrops);

    /// <summary>Relayed-transaction batches sent (frames of more than one relay; each sent to every peer).</summary>
    public long RelayBatches => Interlocked.Read(ref _relayBatches);

    /// <summary>Relayed transactions sent inside those batches.</summary>
    public long BatchedRelays => Interlocked.Read(ref _batchedRelays);

    /// <summary>Connections given up because the other end stopped answering (<see cref="ConnectionLimits.DeadLinkMs"/>).</summary>
    public long DeadLinks => Interlocked.Read(ref _deadLinks);

    /// <summary>Refusals of <paramref name="error"/>.</summary>
    public long Rejected(FrameError error) => Interlocked.Read(ref _rejections[(int)error]);

    /// <summary>Every refusal.</summary>
    public long RejectedTotal
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _rejections.Length; i++) total += Interlocked.Read(ref _rejections[i]);
            return total;
        }
    }

    internal void Reject(FrameError error) => Interlocked.Increment(ref _rejections[(int)error]);
    internal void FrameIn(long bytes) { Interlocked.Increment(ref _framesIn); Interlocked.Add(ref _bytesIn, bytes); }
    internal void FrameOut(long bytes) { Interlocked.Increment(ref _framesOut); Interlocked.Add(ref _bytesOut, bytes); }
    internal void HandshakeDone() => Interlocked.Increment(ref _handshakes);
    internal void AcceptedOne() => Interlocked.Increment(ref _accepted);
    internal void DialledOne() => Interlocked.Increment(ref _dialled);
    internal void QueueDrop() => Interlocked.Increment(ref _queueDrops);
    internal void DeadLink() => Interlocked.Increment(ref _deadLinks);
    internal void RelayBatch(int relays) { Interlocked.Increment(ref _relayBatches); Interlocked.Add(ref _batchedRelays, relays); }

    /// <inheritdoc />
    public override string ToString()
    {
        var refused = Enum.GetValues<FrameError>().Where(e => e != FrameError.None && Rejected(e) > 0).Select(e => $"{e} {Rejected(e)}");
        return $"frames in {FramesIn} out {FramesOut}, bytes in {BytesIn} out {BytesOut}, handshakes {Handshakes}, accepted {Accepted}, dialled {Dialled}, queue drops {QueueDrops}, dead links {DeadLinks}, relay batches {RelayBatches} ({BatchedRelays} relays), refused [{string.Join(", ", refused)}]";
    }
}
