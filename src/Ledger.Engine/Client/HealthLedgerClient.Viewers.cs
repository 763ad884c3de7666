using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Client;

// Add and remove viewers (3.3.4), time-limited access (the subscription model), and a patient's shared copy.
public sealed partial class HealthLedgerClient
{
    /// <summary>
    /// Grants <paramref name="viewer"/> the latest version of the chain <paramref name="recordId"/> belongs to (3.3.4):
    /// the owner opens its own grant and seals the same pointer and key to the viewer. With
    /// <paramref name="expiresAtMs"/> the grant ends at that ledger close time (a subscription); 0 never ends.
    /// </summary>
    public async ValueTask<ClientResult<SubmitOutcome>> AddViewerAsync(Hash256 recordId, Hash256 viewer, long expiresAtMs = 0, CancellationToken cancellationToken = default)
    {
        if (expiresAtMs < 0) return new ClientFailure(ClientError.InvalidArgument, "An expiry must not be negative.");
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var latest = head.Value.State.GetLatestVersion(recordId);
        if (latest is null) return NotFound(recordId);
        if (latest.Owner != AccountId) return NotOwnerFailure(latest);
        if (head.Value.State.GetAccount(viewer) is not { } account) return UnknownViewer(viewer);
        var opened = OpenGrant(latest, head.Value.CloseTimeMs);
        if (!opened.IsOk) return opened.Failure;
        var (pointer, key) = opened.Value;
        try
        {
            return await SubmitOutcomeOnly(new AddViewer(latest.Id, SealGrant(account, pointer, key, expiresAtMs)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Removes <paramref name="viewer"/> from every version of the chain on which it holds a grant (3.3.4), so the
    /// ledger hands it no pointer or key any more. What it read before cannot be taken back; what is published after
    /// removal is sealed to the remaining viewers only, under a fresh key (see <see cref="NewVersionAsync"/>).
    /// Returns how many grants were removed. Safe to retry after a partial failure.
    /// </summary>
    public async ValueTask<ClientResult<int>> RemoveViewerAsync(Hash256 recordId, Hash256 viewer, CancellationToken cancellationToken = default)
    {
        var chain = await OwnedChainAsync(recordId, cancellationToken).ConfigureAwait(false);
        if (!chain.IsOk) return chain.Failure;
        int removed = 0;
        foreach (var version in chain.Value.Where(v => v.GrantFor(viewer) is not null))
        {
            var outcome = await SubmitOutcomeOnly(new RemoveViewer(version.Id, viewer), cancellationToken).ConfigureAwait(false);
            if (!outcome.IsOk) return outcome.Failure;
            removed++;
        }
        return removed > 0
            ? ClientResult<int>.Ok(removed)
            : new ClientFailure(ClientError.NoGrant, $"Viewer {viewer.ToShortString()} holds no grant on any version of record {recordId.ToShortString()}.");
    }

    /// <summary>Sets when <paramref name="viewer"/>'s grants on the chain end (ledger close time in ms; 0 = never): the
    /// subscription model's deactivation of links after a period. Returns how many grants changed.</summary>
    public async ValueTask<ClientResult<int>> SetExpiryAsync(Hash256 recordId, Hash256 viewer, long expiresAtMs, CancellationToken cancellationToken = default)
    {
        if (expiresAtMs < 0) return new ClientFailure(ClientError.InvalidArgument, "An expiry must not be negative.");
        var chain = await OwnedChainAsync(recordId, cancellationToken).ConfigureAwait(false);
        if (!chain.IsOk) return chain.Failure;
        int changed = 0;
        foreach (var version in chain.Value.Where(v => v.GrantFor(viewer) is { } g && g.ExpiresAtMs != expiresAtMs))
        {
            var outcome = await SubmitOutcomeOnly(new SetLinkExpiry(version.Id, viewer, expiresAtMs), cancellationToken).ConfigureAwait(false);
            if (!outcome.IsOk) return outcome.Failure;
            changed++;
        }
        return ClientResult<int>.Ok(changed);
    }

    /// <summary>
    /// For a viewer who is not the owner (a patient holding a provider's record): reads <paramref name="sourceRecordId"/>
    /// with the integrity check and registers the same plaintext as a record of its own, with its own viewers. The
    /// copy's data hash equals the source's, so a viewer of the copy can check it against the provider's
    /// registration. This is how a patient grants access today: the ledger lets only an owner add viewers.
    /// </summary>
    public async ValueTask<ClientResult<RecordReceipt>> ShareCopyAsync(Hash256 sourceRecordId, IEnumerable<ViewerAccess> viewers, CancellationToken cancellationToken = default)
    {
        var read = await ReadAsync(sourceRecordId, cancellationToken).ConfigureAwait(false);
        if (!read.IsOk) return read.Failure;
        var source = await GetRecordAsync(sourceRecordId, cancellationToken).ConfigureAwait(false);
        long? date = source.IsOk ? source.Value.DateMs : null;
        return await RegisterAsync(read.Value.Plaintext, viewers, date, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every version of the chain (oldest first), checking this client owns it.</summary>
    private async ValueTask<ClientResult<List<RecordEntry>>> OwnedChainAsync(Hash256 recordId, CancellationToken cancellationToken)
    {
        var head = await GetLedgerAsync(cancellationToken).ConfigureAwait(false);
        if (!head.IsOk) return head.Failure;
        var latest = head.Value.State.GetLatestVersion(recordId);
        if (latest is null) return NotFound(recordId);
        if (latest.Owner != AccountId) return NotOwnerFailure(latest);
        return ClientResult<List<RecordEntry>>.Ok(VersionChain(head.Value.State, latest));
    }

    /// <summary>The chain ending at <paramref name="latest"/>, oldest first.</summary>
    internal static List<RecordEntry> VersionChain(LedgerState state, RecordEntry latest)
    {
        var chain = new List<RecordEntry>();
        for (var v = latest; v is not null; v = v.Previous.IsZero ? null : state.GetRecord(v.Previous)) chain.Add(v);
        chain.Reverse();
        return chain;
    }

    /// <summary>Opens this client's grant on <paramref name="record"/>: the pointer and the record key.</summary>
    private ClientResult<(string Pointer, byte[] Key)> OpenGrant(RecordEntry record, long closeTimeMs)
    {
        var grant = record.GrantFor(AccountId);
        if (grant is null)
            return new ClientFailure(ClientError.NoGrant, $"{Identity} holds no grant on record {record.Id.ToShortString()} version {record.Version}.");
        if (!grant.IsActiveAt(closeTimeMs))
            return new ClientFailure(ClientError.GrantExpired,
                $"{Identity}'s grant on record {record.Id.ToShortString()} expired at ledger time {grant.ExpiresAtMs}; the latest ledger closed at {closeTimeMs}.");
        if (!Identity.Box.TryOpen(grant.EncryptedPointer.Span, out var pointerBytes) || !Identity.Box.TryOpen(grant.EncryptedKey.Span, out var key))
            return new ClientFailure(ClientError.CannotUnwrap, $"The grant on record {record.Id.ToShortString()} does not open with {Identity}'s box key.");
        string pointer = System.Text.Encoding.ASCII.GetString(pointerBytes);
        if (!BlobPointer.IsWellFormed(pointer) || key.Length != RecordCipher.KeyBytes)
            return new ClientFailure(ClientError.CannotUnwrap, $"The grant on record {record.Id.ToShortString()} holds no valid pointer and key.");
        return ClientResult<(string, byte[])>.Ok((pointer, key));
    }

    private async ValueTask<ClientResult<SubmitOutcome>> SubmitOutcomeOnly(TxPayload payload, CancellationToken cancellationToken)
    {
        var submitted = await SubmitAsync(payload, cancellationToken).ConfigureAwait(false);
        return submitted.IsOk ? ClientResult<SubmitOutcome>.Ok(submitted.Value.Outcome) : submitted.Failure;
    }
}
