using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Client;

// Read with integrity check (3.3.5) and protection from third-party database damage (3.3.6).
public sealed partial class HealthLedgerClient
{
    /// <summary>
    /// Reads record version <paramref name="recordId"/> (3.3.5): checks the grant against the latest validated ledger's
    /// close time (never a clock), opens the sealed pointer and key, downloads, checks the bytes against the content
    /// address, decrypts and compares the SHA-256 with the ledger. On any integrity failure (3.3.6) nothing is returned,
    /// the fetched bytes are wiped, a signed <see cref="NoticeKind.IntegrityAlert"/> goes to the owner through the
    /// disclosure channel and <see cref="IntegrityFailure"/> fires. A verified read sends a signed access receipt.
    /// </summary>
    public async ValueTask<ClientResult<RecordRead>> ReadAsync(Hash256 recordId, CancellationToken cancellationToken = default)
    {
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var ledger = head.Value;
        var record = ledger.State.GetRecord(recordId);
        if (record is null) return NotFound(recordId);
        var opened = OpenGrant(record, ledger.CloseTimeMs);
        if (!opened.IsOk) return opened.Failure;
        var (pointer, key) = opened.Value;
        try
        {
            var fetched = await Store.GetAsync(pointer, cancellationToken).ConfigureAwait(false);
            var failure = Check(record, pointer, key, fetched, out var plaintext);
            if (failure is { } f)
            {
                if (f.Error.IsIntegrityFailure()) await AlertOwnerAsync(record, ledger, f.Error, cancellationToken).ConfigureAwait(false);
                return f;
            }
            if (_options.SendAccessReceipts) await NotifyAsync(NoticeKind.AccessReceipt, record, ledger, ClientError.None, cancellationToken).ConfigureAwait(false);
            return ClientResult<RecordRead>.Ok(new RecordRead(record.Id, record.Owner, record.Version, record.DataHash, plaintext, record.IsLatest,
                ledger.Sequence, ledger.CloseTimeMs));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Reads the latest version of the chain <paramref name="recordId"/> belongs to.</summary>
    public async ValueTask<ClientResult<RecordRead>> ReadLatestAsync(Hash256 recordId, CancellationToken cancellationToken = default)
    {
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var latest = head.Value.State.GetLatestVersion(recordId);
        return latest is null ? NotFound(recordId) : await ReadAsync(latest.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The integrity checks, in order; null when the plaintext is the registered record.</summary>
    private static ClientFailure? Check(RecordEntry record, string pointer, byte[] key, BlobResult<byte[]> fetched, out byte[] plaintext)
    {
        plaintext = [];
        string what = $"record {record.Id.ToShortString()} version {record.Version}";
        switch (fetched.Error)
        {
            case BlobError.None: break;
            case BlobError.NotFound:
                return new ClientFailure(ClientError.BlobMissing, $"The store holds no blob for {what}: it was deleted or lost.", StoreError: fetched.Error);
            case BlobError.Corrupted:
                return new ClientFailure(ClientError.BlobCorrupted, $"The store reports the blob of {what} corrupted: {fetched.Reason}", StoreError: fetched.Error);
            case BlobError.InvalidPointer:
                return new ClientFailure(ClientError.CannotUnwrap, $"The pointer of {what} is not valid: {fetched.Reason}", StoreError: fetched.Error);
            default:
                return new ClientFailure(ClientError.StoreUnavailable, $"The store could not serve {what}: {fetched.Reason}", StoreError: fetched.Error);
        }
        byte[] ciphertext = fetched.Value!;
        // A hostile store need not check content addresses; the reader does, before spending a decryption on it.
        if (!BlobPointer.Matches(pointer, ciphertext))
            return new ClientFailure(ClientError.BlobCorrupted, $"The bytes served for {what} do not hash to its pointer: discarded.");
        if (!RecordCipher.TryDecrypt(key, ciphertext, out var data))
            return new ClientFailure(ClientError.DecryptFailed, $"The ciphertext of {what} does not authenticate under its key: discarded.");
        if (Hash256.Compute(data) != record.DataHash)
        {
            CryptographicOperations.ZeroMemory(data);
            return new ClientFailure(ClientError.HashMismatch, $"The decrypted {what} does not hash to {record.DataHash.ToShortString()} on the ledger: discarded.");
        }
        plaintext = data;
        return null;
    }

    private async ValueTask AlertOwnerAsync(RecordEntry record, ClosedLedger ledger, ClientError problem, CancellationToken cancellationToken)
    {
        var notice = await NotifyAsync(NoticeKind.IntegrityAlert, record, ledger, problem, cancellationToken).ConfigureAwait(false);
        IntegrityFailure?.Invoke(notice);
    }

    private async ValueTask<AccessNotice> NotifyAsync(NoticeKind kind, RecordEntry record, ClosedLedger ledger, ClientError problem, CancellationToken cancellationToken)
    {
        var notice = AccessNotice.Sign(Identity.Signer, kind, AccountId, record.Owner, record.Id, record.Version, record.DataHash,
            ledger.Sequence, ledger.CloseTimeMs, problem);
        if (_options.Disclosures is { } channel) await channel.PublishAsync(notice, cancellationToken).ConfigureAwait(false);
        return notice;
    }

    /// <summary>The owner's inbox: integrity alerts readers sent about this client's records, with their signatures
    /// checked against the readers' keys on the ledger. Empty without a disclosure channel.</summary>
    public async ValueTask<ClientResult<IReadOnlyList<AccessNotice>>> GetIntegrityAlertsAsync(CancellationToken cancellationToken = default)
    {
        if (_options.Disclosures is not { } channel) return ClientResult<IReadOnlyList<AccessNotice>>.Ok([]);
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var notices = await channel.ListByOwnerAsync(AccountId, cancellationToken).ConfigureAwait(false);
        return ClientResult<IReadOnlyList<AccessNotice>>.Ok(notices
            .Where(n => n.Kind == NoticeKind.IntegrityAlert && IsAuthentic(n, head.Value.State)).ToArray());
    }

    /// <summary>True when the notice's signature verifies and its key is (or was first) the reader account's key.</summary>
    internal static bool IsAuthentic(AccessNotice notice, LedgerState state) =>
        notice.VerifySignature()
        && (notice.ReaderKey.Id == notice.Reader || state.GetAccount(notice.Reader)?.SigningKey.Equals(notice.ReaderKey) == true);
}
