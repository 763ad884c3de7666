using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Proofs;

namespace HealthLedger.Engine.Client;

// Notarization (the subscription model) and existence proofs (3.3.8).
public sealed partial class HealthLedgerClient
{
    /// <summary>Notarizes <paramref name="document"/>'s SHA-256 (for example an immunization status), with an optional
    /// memo of up to <see cref="Notarize.MaxMemoBytes"/> bytes. The document itself never leaves the client.</summary>
    public ValueTask<ClientResult<NotarizationReceipt>> NotarizeAsync(ReadOnlyMemory<byte> document, string memo = "", CancellationToken cancellationToken = default) =>
        NotarizeHashAsync(Hash256.Compute(document.Span), memo, cancellationToken);

    /// <summary>Notarizes a document hash computed elsewhere.</summary>
    public async ValueTask<ClientResult<NotarizationReceipt>> NotarizeHashAsync(Hash256 documentHash, string memo = "", CancellationToken cancellationToken = default)
    {
        byte[] memoBytes = System.Text.Encoding.UTF8.GetBytes(memo ?? "");
        if (memoBytes.Length > Notarize.MaxMemoBytes)
            return new ClientFailure(ClientError.InvalidArgument, $"The memo is {memoBytes.Length} bytes; at most {Notarize.MaxMemoBytes} fit.");
        var submitted = await SubmitAsync(new Notarize(documentHash, memoBytes), cancellationToken).ConfigureAwait(false);
        if (!submitted.IsOk) return submitted.Failure;
        var (tx, outcome) = submitted.Value;
        return ClientResult<NotarizationReceipt>.Ok(new NotarizationReceipt(AccountId, documentHash, outcome.LedgerSequence, outcome.CloseTimeMs, tx.Id));
    }

    /// <summary>
    /// An existence proof for record version <paramref name="recordId"/> (3.3.8): its registering transaction, the
    /// inclusion path, the header chain up to checkpoint ledger <paramref name="checkpointSequence"/> (default: the latest
    /// validated ledger) and the record's state there. Anyone holding the record's plaintext and a trusted checkpoint
    /// hash checks it offline with <see cref="OfflineProof.Verify(ExistenceProof, Hash256, ReadOnlySpan{byte})"/>.
    /// </summary>
    public async ValueTask<ClientResult<ExistenceProof>> ExportRecordProofAsync(Hash256 recordId, uint? checkpointSequence = null, CancellationToken cancellationToken = default)
    {
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var record = head.Value.State.GetRecord(recordId);
        if (record is null) return NotFound(recordId);
        return await ProveAsync(record.RegisteredLedger, record.RegistrationTx, checkpointSequence ?? head.Value.Sequence, recordId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An existence proof of <paramref name="account"/>'s notarization of <paramref name="documentHash"/>.</summary>
    public async ValueTask<ClientResult<ExistenceProof>> ExportNotarizationProofAsync(Hash256 account, Hash256 documentHash, uint? checkpointSequence = null,
        CancellationToken cancellationToken = default)
    {
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var entry = head.Value.State.GetNotarization(account, documentHash);
        if (entry is null)
            return new ClientFailure(ClientError.RecordNotFound, $"{account.ToShortString()} has not notarized {documentHash.ToShortString()}.");
        return await ProveAsync(entry.Ledger, entry.Transaction, checkpointSequence ?? head.Value.Sequence, null, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ClientResult<ExistenceProof>> ProveAsync(uint ledgerSequence, Hash256 txId, uint checkpointSequence, Hash256? record,
        CancellationToken cancellationToken)
    {
        if (checkpointSequence < ledgerSequence)
            return new ClientFailure(ClientError.InvalidArgument, $"Checkpoint {checkpointSequence} precedes ledger {ledgerSequence}, which holds the transaction.");
        // ExistenceProof.Create reads ledgers synchronously; fetch the span first (the gateway may be remote).
        var ledgers = new Dictionary<uint, ClosedLedger>();
        try
        {
            for (uint s = ledgerSequence; s <= checkpointSequence; s++)
            {
                var ledger = await Gateway.GetLedgerAsync(s, cancellationToken).ConfigureAwait(false);
                if (ledger is null) return new ClientFailure(ClientError.LedgerUnavailable, $"Ledger {s} is not available from the gateway.");
                ledgers[s] = ledger;
            }
        }
        catch (LedgerUnavailableException e)
        {
            return Unavailable(e);
        }
        if (record is { } id && ledgers[checkpointSequence].State.GetRecord(id) is null)
            return new ClientFailure(ClientError.RecordNotFound, $"Record {id.ToShortString()} is not in checkpoint ledger {checkpointSequence}.");
        return ClientResult<ExistenceProof>.Ok(ExistenceProof.Create(s => ledgers.GetValueOrDefault(s), ledgerSequence, txId, checkpointSequence, record));
    }
}
