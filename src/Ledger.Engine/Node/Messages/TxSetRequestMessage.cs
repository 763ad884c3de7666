using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Node.Messages;

/// <summary>Asks a peer for the transaction set with hash <see cref="SetHash"/> (seen in its proposal).</summary>
/// <param name="SetHash">The set's hash.</param>
public sealed record TxSetRequestMessage(Hash256 SetHash) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.TxSetRequest;

    private protected override void WriteBody(CanonicalWriter w) => w.Hash(SetHash);

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = r.Hash("txSetRequest.setHash", out var h) ? new TxSetRequestMessage(h) : null;
        return message is not null;
    }
}

/// <summary>A transaction set, answering a <see cref="TxSetRequestMessage"/>. The receiver recomputes the hash.</summary>
/// <param name="SetHash">The set's hash.</param>
/// <param name="Transactions">The set's transactions, ordered by id.</param>
public sealed record TxSetResponseMessage(Hash256 SetHash, IReadOnlyList<Ledger.Transaction> Transactions) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.TxSetResponse;

    private protected override void WriteBody(CanonicalWriter w)
    {
        w.Hash(SetHash);
        TxList.WriteMany(w, Transactions);
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        if (!r.Hash("txSetResponse.setHash", out var h) || !TxList.TryReadMany(ref r, "txSetResponse.transactions", out var txs)) return false;
        message = new TxSetResponseMessage(h, txs);
        return true;
    }
}
