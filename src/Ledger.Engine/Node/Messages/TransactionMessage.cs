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
