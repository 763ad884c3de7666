using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Node.Messages;

/// <summary>Asks a peer for the ledger with <see cref="LedgerHash"/> at <see cref="LedgerSequence"/> (catch-up).</summary>
/// <param name="LedgerSequence">The ledger's sequence.</param>
/// <param name="LedgerHash">The ledger's hash.</param>
public sealed record LedgerRequestMessage(uint LedgerSequence, Hash256 LedgerHash) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.LedgerRequest;

    private protected override void WriteBody(CanonicalWriter w)
    {
        w.U32(LedgerSequence);
        w.Hash(LedgerHash);
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        r.U32("ledgerRequest.sequence", out var seq);
        r.Hash("ledgerRequest.hash", out var h);
        message = r.Ok ? new LedgerRequestMessage(seq, h) : null;
        return message is not null;
    }
}

/// <summary>A ledger's header and the transactions it applied, in apply order: enough for a node holding the parent
/// to replay it and check that it reproduces the header's hash. The same bytes are what the block store keeps.</summary>
/// <param name="Header">The ledger header.</param>
/// <param name="Transactions">The applied transactions, in apply order.</param>
public sealed record LedgerResponseMessage(LedgerHeader Header, IReadOnlyList<Transaction> Transactions) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.LedgerResponse;

    /// <summary>The message for a closed ledger.</summary>
    public static LedgerResponseMessage For(ClosedLedger ledger) => new(ledger.Header, ledger.Transactions);

    private protected override void WriteBody(CanonicalWriter w)
    {
        Header.Write(w);
        TxList.WriteMany(w, Transactions);
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        if (!LedgerHeader.TryRead(ref r, out var header) || !TxList.TryReadMany(ref r, "ledgerResponse.transactions", out var txs)) return false;
        if (header!.TxCount != txs.Length)
            return r.Fail(DecodeErrorKind.InvalidValue, $"ledgerResponse: the header counts {header.TxCount} transactions but {txs.Length} follow.");
        message = new LedgerResponseMessage(header, txs);
        return true;
    }
}
