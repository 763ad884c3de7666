using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;

namespace HealthLedger.Engine.Client;

// Create and register data (3.3.2) and version updates (3.3.3).
public sealed partial class HealthLedgerClient
{
    /// <summary>Registers a record readable by this client and <paramref name="viewers"/> (no expiry).</summary>
    public ValueTask<ClientResult<RecordReceipt>> RegisterAsync(ReadOnlyMemory<byte> plaintext, params Hash256[] viewers) =>
        RegisterAsync(plaintext, viewers.Select(v => new ViewerAccess(v)));

    /// <summary>
    /// Creates and registers data (3.3.2): encrypts <paramref name="plaintext"/> under a fresh key, uploads the
    /// ciphertext, and registers its hash, date, version 1 and a grant per viewer (this client included) carrying the
    /// pointer and the key, each sealed to that viewer. <paramref name="dateMs"/> defaults to the latest ledger's close
    /// time. On a rejection the uploaded blob is deleted again, since nothing refers to it.
    /// </summary>
    public async ValueTask<ClientResult<RecordReceipt>> RegisterAsync(ReadOnlyMemory<byte> plaintext, IEnumerable<ViewerAccess> viewers,
        long? dateMs = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewers);
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var access = viewers.Where(v => v.Viewer != AccountId).Prepend(new ViewerAccess(AccountId)).ToArray();
        var published = await PublishAsync(head.Value, plaintext, access, dateMs, cancellationToken).ConfigureAwait(false);
        if (!published.IsOk) return published.Failure;
        var (fields, pointer) = published.Value;
        return await SubmitRecordAsync(new RegisterRecord(fields), pointer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes a new version (3.3.3) of the chain <paramref name="recordId"/> belongs to: a fresh key and a new blob,
    /// sealed to the latest version's current viewers whose grants are still in force (expiries carry over). A viewer
    /// removed earlier holds no grant on the latest version, so the new key and pointer are never sealed to it: that is
    /// the re-keying of 3.3.4. The ledger links the previous version's next-version and next-hash fields.
    /// </summary>
    public async ValueTask<ClientResult<RecordReceipt>> NewVersionAsync(Hash256 recordId, ReadOnlyMemory<byte> plaintext, long? dateMs = null,
        CancellationToken cancellationToken = default)
    {
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var latest = head.Value.State.GetLatestVersion(recordId);
        if (latest is null) return NotFound(recordId);
        if (latest.Owner != AccountId) return NotOwnerFailure(latest);
        long now = head.Value.CloseTimeMs;
        var access = latest.Viewers.Where(g => g.Viewer != AccountId && g.IsActiveAt(now))
            .Select(g => new ViewerAccess(g.Viewer, g.ExpiresAtMs)).Prepend(new ViewerAccess(AccountId)).ToArray();
        var published = await PublishAsync(head.Value, plaintext, access, dateMs, cancellationToken, latest.Version + 1).ConfigureAwait(false);
        if (!published.IsOk) return published.Failure;
        var (fields, pointer) = published.Value;
        return await SubmitRecordAsync(new NewVersion(latest.Id, fields), pointer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For a reader: is the version I hold the latest? With <paramref name="heldDataHash"/>, also whether the
    /// data held matches what the ledger registered for that version.</summary>
    public async ValueTask<ClientResult<VersionStatus>> CheckLatestAsync(Hash256 recordId, Hash256? heldDataHash = null, CancellationToken cancellationToken = default)
    {
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var held = head.Value.State.GetRecord(recordId);
        if (held is null) return NotFound(recordId);
        var latest = head.Value.State.GetLatestVersion(recordId)!;
        bool matches = heldDataHash is not { } h || h == held.DataHash;
        return ClientResult<VersionStatus>.Ok(new VersionStatus(held.Id, held.Version, matches, latest.Id, latest.Version, latest.DataHash, head.Value.Sequence));
    }

    private async ValueTask<ClientResult<RecordReceipt>> SubmitRecordAsync(TxPayload payload, string pointer, CancellationToken cancellationToken)
    {
        var submitted = await SubmitAsync(payload, cancellationToken).ConfigureAwait(false);
        if (!submitted.IsOk)
        {
            // Best effort: the blob is unreachable from the ledger now. A failed delete only leaves an orphan ciphertext.
            await Store.DeleteAsync(pointer, CancellationToken.None).ConfigureAwait(false);
            return submitted.Failure;
        }
        var (tx, outcome) = submitted.Value;
        var fields = payload is RegisterRecord r ? r.Fields : ((NewVersion)payload).Fields;
        return ClientResult<RecordReceipt>.Ok(new RecordReceipt(RecordIds.For(AccountId, tx.Sequence), fields.Version, fields.DataHash, pointer,
            outcome.LedgerSequence, outcome.CloseTimeMs, tx.Id));
    }

    /// <summary>Encrypts under a fresh key, uploads, and seals pointer and key to every viewer.</summary>
    private async ValueTask<ClientResult<(RecordFields Fields, string Pointer)>> PublishAsync(ClosedLedger head, ReadOnlyMemory<byte> plaintext,
        ViewerAccess[] access, long? dateMs, CancellationToken cancellationToken, uint version = 1)
    {
        if (dateMs is < 0) return new ClientFailure(ClientError.InvalidArgument, "A record date must not be negative.");
        if (access.Length > ViewerList.MaxViewers)
            return new ClientFailure(ClientError.InvalidArgument, $"{access.Length} viewers exceed the limit of {ViewerList.MaxViewers}.");
        if (access.DistinctBy(a => a.Viewer).Count() != access.Length) return new ClientFailure(ClientError.InvalidArgument, "A viewer is listed twice.");
        var accounts = new AccountEntry[access.Length];
        for (int i = 0; i < access.Length; i++)
        {
            if (access[i].ExpiresAtMs < 0) return new ClientFailure(ClientError.InvalidArgument, "An expiry must not be negative.");
            if (head.State.GetAccount(access[i].Viewer) is not { } account) return UnknownViewer(access[i].Viewer);
            accounts[i] = account;
        }
        byte[] key = Fresh(RecordCipher.KeyBytes);
        try
        {
            byte[] ciphertext = RecordCipher.Encrypt(key, plaintext.Span, Fresh(RecordCipher.NonceBytes));
            var put = await Store.PutAsync(ciphertext, cancellationToken).ConfigureAwait(false);
            if (!put.IsOk) return StoreFailure($"Uploading the encrypted record to the {Store.Name} store failed", put.Error, put.Reason);
            var grants = new ViewerGrant[access.Length];
            for (int i = 0; i < access.Length; i++) grants[i] = SealGrant(accounts[i], put.Value, key, access[i].ExpiresAtMs);
            var fields = new RecordFields(Hash256.Compute(plaintext.Span), dateMs ?? head.CloseTimeMs, version, ViewerList.Canonical(grants));
            return ClientResult<(RecordFields, string)>.Ok((fields, put.Value));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key); // the key now lives only inside sealed boxes
        }
    }

    /// <summary>A grant: the pointer and key sealed to the viewer's registered box key.</summary>
    private ViewerGrant SealGrant(AccountEntry viewer, string pointer, ReadOnlySpan<byte> key, long expiresAtMs)
    {
        byte[] sealedPointer = SealedBox.Seal(viewer.BoxScheme, viewer.BoxKey, System.Text.Encoding.ASCII.GetBytes(pointer), Fresh(32));
        byte[] sealedKey = SealedBox.Seal(viewer.BoxScheme, viewer.BoxKey, key, Fresh(32));
        return new ViewerGrant(viewer.Id, sealedPointer, sealedKey, expiresAtMs);
    }

    private ClientFailure NotOwnerFailure(RecordEntry record) =>
        new(ClientError.NotOwner, $"Record {record.Id.ToShortString()} belongs to {record.Owner.ToShortString()}, not to {Identity}.");

    private static ClientFailure UnknownViewer(Hash256 viewer) =>
        new(ClientError.UnknownAccount, $"Viewer {viewer.ToShortString()} is not a registered account.");
}
