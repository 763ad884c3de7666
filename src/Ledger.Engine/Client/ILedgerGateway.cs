using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Client;

/// <summary>
/// What a <see cref="HealthLedgerClient"/> needs from the network: submit a signed transaction and learn its outcome,
/// read the latest fully validated ledger, and fetch older ledgers by sequence (for existence proofs and the audit
/// trail). Implemented today by <see cref="InProcessLedger"/> (one in-process node); the consensus node, the
/// simulator and the TCP client implement the same three calls.
/// </summary>
/// <remarks>
/// Contract:
/// <list type="bullet">
/// <item><see cref="SubmitAsync"/> completes once the transaction applied in a validated ledger or was given up on
/// with a <see cref="TxResult"/>; a rejected transaction changed nothing and consumed no sequence number.</item>
/// <item>Ledgers returned are validated and immutable; <see cref="GetValidatedLedgerAsync"/> never goes backwards.</item>
/// <item>A gateway that cannot reach the network throws <see cref="LedgerUnavailableException"/> (and nothing else
/// for outside failures); the client turns it into <see cref="ClientError.LedgerUnavailable"/>. Cancelling the
/// token throws <see cref="OperationCanceledException"/>.</item>
/// <item>Implementations are safe for concurrent use.</item>
/// </list>
/// </remarks>
public interface ILedgerGateway
{
    /// <summary>Submits <paramref name="transaction"/> and waits for its outcome.</summary>
    ValueTask<SubmitOutcome> SubmitAsync(Transaction transaction, CancellationToken cancellationToken = default);

    /// <summary>The latest fully validated ledger (its header, transactions and state).</summary>
    ValueTask<ClosedLedger> GetValidatedLedgerAsync(CancellationToken cancellationToken = default);

    /// <summary>The validated ledger with <paramref name="sequence"/>, or null when it does not exist (yet) or is no
    /// longer kept.</summary>
    ValueTask<ClosedLedger?> GetLedgerAsync(uint sequence, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of a submission: applied in ledger <see cref="LedgerSequence"/>, or rejected with a reason.</summary>
/// <param name="TransactionId">The transaction's id.</param>
/// <param name="Result"><see cref="TxResult.Applied"/> or the rejection reason.</param>
/// <param name="LedgerSequence">The ledger that applied it, or (for a rejection) the ledger that gave up on it.</param>
/// <param name="CloseTimeMs">That ledger's close time.</param>
public readonly record struct SubmitOutcome(Hash256 TransactionId, TxResult Result, uint LedgerSequence, long CloseTimeMs)
{
    /// <summary>True when the transaction applied.</summary>
    public bool IsApplied => Result == TxResult.Applied;

    /// <inheritdoc />
    public override string ToString() => IsApplied
        ? $"{TransactionId.ToShortString()} applied in ledger {LedgerSequence}"
        : $"{TransactionId.ToShortString()} rejected ({Result}) at ledger {LedgerSequence}";
}

/// <summary>Thrown by a gateway that cannot reach the network (a closed connection, a stopped node). The only
/// exception a gateway raises for an outside failure; clients catch it and answer with a typed outcome.</summary>
public sealed class LedgerUnavailableException : Exception
{
    /// <summary>With a reason.</summary>
    public LedgerUnavailableException(string message) : base(message) { }

    /// <summary>With a reason and its cause.</summary>
    public LedgerUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Without a reason (for serializers).</summary>
    public LedgerUnavailableException() : base("The ledger is unavailable.") { }
}
