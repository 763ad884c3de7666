using System.Buffers;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Node.Messages;

/// <summary>A client transaction relayed between nodes.</summary>
/// <param name="Transaction">The transaction.</param>
public sealed record TransactionMessage(Transaction Transaction) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.Transaction;

    private protected override void WriteBody(CanonicalWriter w) => w.Bytes32(Transaction.Encoded.Span);

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        if (!TxList.TryReadOne(ref r, "transaction", out var tx)) return false;
        message = new TransactionMessage(tx!);
        return true;
    }
}

/// <summary>Client transactions relayed between nodes in one message: what a node's host sends when several relays are
/// ready at once (<see cref="Net.NodeRuntime"/> coalesces them), handled exactly as that many
/// <see cref="TransactionMessage"/>s in their order. The node core never emits it; a host may.</summary>
/// <param name="Transactions">The transactions, at least one.</param>
public sealed record TransactionBatchMessage(IReadOnlyList<Transaction> Transactions) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.TransactionBatch;

    private protected override void WriteBody(CanonicalWriter w) => TxList.WriteMany(w, Transactions);

    /// <summary>True when <paramref name="encoded"/> is the encoding of a <see cref="TransactionMessage"/> (by its kind
    /// byte; its body is the transaction as a batch carries it).</summary>
    public static bool IsRelay(ReadOnlySpan<byte> encoded) => encoded.Length > 1 && encoded[0] == (byte)MessageKind.Transaction;

    /// <summary>The encoding of the batch of the transactions that the <see cref="TransactionMessage"/> encodings
    /// <paramref name="relays"/> carry, in their order, written into <paramref name="output"/> without decoding them: a
    /// relay's body (the transaction's length-prefixed bytes) is exactly a batch entry.</summary>
    public static void EncodeRelays(IReadOnlyList<byte[]> relays, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(relays);
        if (relays.Count == 0) ThrowHelper.Argument(nameof(relays), "a batch carries at least one transaction");
        var w = new CanonicalWriter(output);
        w.U8((byte)MessageKind.TransactionBatch);
        w.U32((uint)relays.Count);
        foreach (var relay in relays)
        {
            if (!IsRelay(relay)) ThrowHelper.Argument(nameof(relays), "not the encoding of a relayed transaction");
            w.Raw(relay.AsSpan(1));
        }
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        if (!TxList.TryReadMany(ref r, "transactionBatch.transactions", out var txs)) return false;
        if (txs.Length == 0) return r.Fail(DecodeErrorKind.InvalidValue, "transactionBatch.transactions: a batch carries at least one transaction.");
        message = new TransactionBatchMessage(txs);
        return true;
    }
}

/// <summary>Reading and writing transactions inside messages.</summary>
internal static class TxList
{
    public static bool TryReadOne(ref CanonicalReader r, string field, out Transaction? tx)
    {
        tx = null;
        // A slice of the message when the reader owns its input (nothing writes to it afterwards), else a copy of its own.
        if (!r.Bytes32Shared(field, Transaction.MaxEncodedBytes, out var bytes)) return false;
        if (!Transaction.TryDecodeShared(bytes, out tx, out var error))
            return r.Fail(error.Kind, $"{field}: {error.Reason}");
        return true;
    }

    public static bool TryReadMany(ref CanonicalReader r, string field, out Transaction[] txs)
    {
        txs = [];
        if (!r.Count32(field + ".count", ConsensusMessage.MaxTransactionsOnWire, out int count)) return false;
        var list = new Transaction[count];
        for (int i = 0; i < count; i++)
        {
            var before = r;
            if (!TryReadOne(ref r, field, out var tx))
            {
                // Read it again under its indexed name for the error: formatting that name for every transaction of a
                // full set was a string allocation per transaction on the success path.
                r = before;
                TryReadOne(ref r, $"{field}[{i}]", out _);
                return false;
            }
            list[i] = tx!;
        }
        txs = list;
        return true;
    }

    public static void WriteMany(CanonicalWriter w, IReadOnlyList<Transaction> txs)
    {
        w.U32((uint)txs.Count);
        foreach (var tx in txs) w.Bytes32(tx.Encoded.Span);
    }
}
