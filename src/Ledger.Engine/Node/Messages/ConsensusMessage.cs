using System.Buffers;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Node.Messages;

/// <summary>The kind byte that starts every peer message. Values are part of the wire format.</summary>
public enum MessageKind : byte
{
    /// <summary>A validator's signed position in a round: <see cref="ProposalMessage"/>.</summary>
    Proposal = 1,

    /// <summary>A validator's signed statement that it built a ledger: <see cref="ValidationMessage"/>.</summary>
    Validation = 2,

    /// <summary>A relayed client transaction: <see cref="TransactionMessage"/>.</summary>
    Transaction = 3,

    /// <summary>A request for a transaction set's member ids, or for some of its members: <see cref="TxSetRequestMessage"/>.</summary>
    TxSetRequest = 4,

    /// <summary>A transaction set's member ids: <see cref="TxSetResponseMessage"/>.</summary>
    TxSetResponse = 5,

    /// <summary>A request for a ledger by sequence and hash: <see cref="LedgerRequestMessage"/>.</summary>
    LedgerRequest = 6,

    /// <summary>A ledger's header and applied transactions: <see cref="LedgerResponseMessage"/>.</summary>
    LedgerResponse = 7,

    /// <summary>Members of a transaction set that a peer asked for: <see cref="TxSetTransactionsMessage"/>.</summary>
    TxSetTransactions = 8,

    /// <summary>Several relayed client transactions in one message: <see cref="TransactionBatchMessage"/>.</summary>
    TransactionBatch = 9,
}

/// <summary>
/// A message between nodes. Encoded as its kind byte then its fields with <see cref="CanonicalWriter"/>; decoding
/// never throws, it returns a <see cref="DecodeError"/>.
/// </summary>
public abstract record ConsensusMessage
{
    private protected ConsensusMessage() { }

    /// <summary>The message's kind.</summary>
    public abstract MessageKind Kind { get; }

    /// <summary>Writes the fields after the kind byte.</summary>
    private protected abstract void WriteBody(CanonicalWriter w);

    /// <summary>The full encoding: kind byte then fields.</summary>
    public byte[] Encode() => EncodeTransient().ToArray();

    /// <summary>The encoding in a per-thread buffer, valid until the next message is encoded on this thread: for a
    /// caller that copies it straight away (a block store append). A ledger's encoding is megabytes; growing a fresh
    /// buffer for each would leave a trail of large-object-heap garbage.</summary>
    internal ReadOnlySpan<byte> EncodeTransient()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var w = new CanonicalWriter(buffer);
        w.U8((byte)Kind);
        WriteBody(w);
        return buffer.WrittenSpan;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Decodes one message that fills <paramref name="bytes"/> exactly.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out ConsensusMessage? message, out DecodeError error)
    {
        var r = new CanonicalReader(bytes);
        return TryDecodeFrom(ref r, bytes.Length, out message, out error);
    }

    /// <summary>Decodes one message that fills <paramref name="owned"/> exactly, memory nobody writes to afterwards (a
    /// message received into an array of its own, a stored block): the transactions it carries keep slices of it
    /// instead of copies. Memory not backed by an array is decoded from a copy.</summary>
    public static bool TryDecodeOwned(ReadOnlyMemory<byte> owned, out ConsensusMessage? message, out DecodeError error)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(owned, out var segment)) return TryDecode(owned.Span, out message, out error);
        var r = new CanonicalReader(segment.Array!, segment.Offset, segment.Count);
        return TryDecodeFrom(ref r, segment.Count, out message, out error);
    }

    private static bool TryDecodeFrom(ref CanonicalReader r, int length, out ConsensusMessage? message, out DecodeError error)
    {
        message = null;
        if (length > MaxMessageBytes) r.Fail(DecodeErrorKind.Oversized, $"message of {length} bytes exceeds the limit of {MaxMessageBytes}.");
        else if (r.U8("kind", out var kind))
        {
            bool ok = (MessageKind)kind switch
            {
                MessageKind.Proposal => ProposalMessage.TryRead(ref r, out message),
                MessageKind.Validation => ValidationMessage.TryRead(ref r, out message),
                MessageKind.Transaction => TransactionMessage.TryRead(ref r, out message),
                MessageKind.TxSetRequest => TxSetRequestMessage.TryRead(ref r, out message),
                MessageKind.TxSetResponse => TxSetResponseMessage.TryRead(ref r, out message),
                MessageKind.LedgerRequest => LedgerRequestMessage.TryRead(ref r, out message),
                MessageKind.LedgerResponse => LedgerResponseMessage.TryRead(ref r, out message),
                MessageKind.TxSetTransactions => TxSetTransactionsMessage.TryRead(ref r, out message),
                MessageKind.TransactionBatch => TransactionBatchMessage.TryRead(ref r, out message),
                _ => r.Fail(DecodeErrorKind.UnknownTag, $"kind: {kind} is not a message kind."),
            };
            if (ok && r.End())
            {
                error = default;
                return true;
            }
        }
        message = null;
        error = r.Error ?? new DecodeError(DecodeErrorKind.InvalidValue, r.Offset, "message did not decode.");
        return false;
    }

    /// <summary>The largest message accepted (64 MiB): bounds what a peer can make a node allocate.</summary>
    public const int MaxMessageBytes = 64 << 20;

    /// <summary>The largest number of transactions in a set or ledger on the wire.</summary>
    public const int MaxTransactionsOnWire = 100_000;
}
