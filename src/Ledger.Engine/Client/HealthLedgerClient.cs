using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Client;

/// <summary>
/// One participant's view of HealthLedger (seed 3.3): registers and versions records, grants and removes viewers,
/// reads with an integrity check, notarizes, exports existence proofs and lists the audit trail. It talks to the
/// ledger through an <see cref="ILedgerGateway"/> and to the off-chain store through an <see cref="IBlobStore"/>; the
/// store only ever receives ciphertext.
/// </summary>
/// <remarks>
/// Every operation returns a <see cref="ClientResult{T}"/>: failures from outside (ledger rejections, an unreachable
/// gateway or store, damaged data, bad grants) are typed outcomes, never exceptions. Only cancellation throws.
/// The client tracks its account's next sequence number; submissions are serialized so numbers are used in order, and
/// after any rejection or gateway failure it re-reads the number from the ledger, since a rejected transaction
/// consumes none. The split into partial files follows the flows: records, viewers, reads, proofs, audit.
/// </remarks>
public sealed partial class HealthLedgerClient
{
    private readonly SemaphoreSlim _submitGate = new(1, 1);
    private readonly ClientOptions _options;
    private ulong? _nextSequence;

    /// <summary>A client acting as <paramref name="identity"/>.</summary>
    public HealthLedgerClient(ClientIdentity identity, IBlobStore store, ILedgerGateway gateway, ClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(gateway);
        Identity = identity;
        Store = store;
        Gateway = gateway;
        _options = options ?? ClientOptions.Default;
    }

    /// <summary>Who this client acts as.</summary>
    public ClientIdentity Identity { get; }

    /// <summary>The account id.</summary>
    public Hash256 AccountId => Identity.AccountId;

    /// <summary>The off-chain store.</summary>
    public IBlobStore Store { get; }

    /// <summary>The ledger gateway.</summary>
    public ILedgerGateway Gateway { get; }

    /// <summary>Raised on this client when a read finds the data missing or damaged (after the alert is sent to the
    /// owner), so a front end can tell its user the record was discarded.</summary>
    public event Action<AccessNotice>? IntegrityFailure;

    /// <summary>Signs and submits <paramref name="payload"/> with the next sequence number and waits for the outcome.</summary>
    public async ValueTask<ClientResult<(Transaction Transaction, SubmitOutcome Outcome)>> SubmitAsync(TxPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        await _submitGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var head = await Gateway.GetValidatedLedgerAsync(cancellationToken).ConfigureAwait(false);
            if (_nextSequence is null)
            {
                if (head.State.GetAccount(AccountId) is not { } account)
                    return new ClientFailure(ClientError.UnknownAccount, $"Account {AccountId.ToShortString()} ({Identity.Name}) is not registered on the ledger.");
                _nextSequence = account.NextSequence;
            }
            ulong sequence = _nextSequence.Value;
            uint lastValid = _options.LastValidLedgerWindow == 0 ? 0 : head.Sequence + _options.LastValidLedgerWindow;
            Transaction tx;
            try
            {
                tx = Transaction.Create(Identity.Signer, AccountId, sequence, payload, lastValid);
            }
            catch (ArgumentException e)
            {
                // The payload breaks a format limit (too many viewers, an oversized memo): refused before sending.
                return new ClientFailure(ClientError.InvalidArgument, e.Message);
            }
            var outcome = await Gateway.SubmitAsync(tx, cancellationToken).ConfigureAwait(false);
            if (outcome.IsApplied)
            {
                _nextSequence = sequence + 1;
                return ClientResult<(Transaction, SubmitOutcome)>.Ok((tx, outcome));
            }
            _nextSequence = null; // resynchronise from the ledger: the rejection consumed nothing
            return new ClientFailure(ClientError.Rejected,
                $"The ledger rejected the {payload.Kind} transaction {tx.Id.ToShortString()}: {outcome.Result}.", outcome.Result);
        }
        catch (LedgerUnavailableException e)
        {
            _nextSequence = null;
            return Unavailable(e);
        }
        finally
        {
            _submitGate.Release();
        }
    }

    /// <summary>The latest validated ledger, or <see cref="ClientError.LedgerUnavailable"/>.</summary>
    public async ValueTask<ClientResult<ClosedLedger>> GetLedgerAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return ClientResult<ClosedLedger>.Ok(await Gateway.GetValidatedLedgerAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (LedgerUnavailableException e)
        {
            return Unavailable(e);
        }
    }

    /// <summary>The record version <paramref name="recordId"/> as the latest validated ledger holds it.</summary>
    public async ValueTask<ClientResult<RecordEntry>> GetRecordAsync(Hash256 recordId, CancellationToken cancellationToken = default)
    {
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        return head.Value.State.GetRecord(recordId) is { } record ? ClientResult<RecordEntry>.Ok(record) : NotFound(recordId);
    }

    /// <summary>A registrar registers a new participant with a predetermined or self-made key pair (seed 3.3.1).</summary>
    public async ValueTask<ClientResult<SubmitOutcome>> RegisterUserAsync(RegisterUser registration, CancellationToken cancellationToken = default)
    {
        var submitted = await SubmitAsync(registration, cancellationToken).ConfigureAwait(false);
        return submitted.IsOk ? ClientResult<SubmitOutcome>.Ok(submitted.Value.Outcome) : submitted.Failure;
    }

    private static ClientFailure Unavailable(LedgerUnavailableException e) =>
        new(ClientError.LedgerUnavailable, $"The ledger cannot be reached: {e.Message}");

    private static ClientFailure NotFound(Hash256 recordId) =>
        new(ClientError.RecordNotFound, $"Record {recordId.ToShortString()} is not on the ledger.");

    private static ClientFailure StoreFailure(string what, BlobError error, string reason) =>
        new(error == BlobError.Unavailable ? ClientError.StoreUnavailable : ClientError.StoreFailed, $"{what}: {reason}", StoreError: error);

    private byte[] Fresh(int length)
    {
        var bytes = new byte[length];
        _options.Entropy.Fill(bytes);
        return bytes;
    }
}
