using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;

namespace HealthLedger.Engine.Client;

// The audit trail a patient lists: the HIPAA accounting of disclosures.
public sealed partial class HealthLedgerClient
{
    /// <summary>
    /// The audit trail of the record chain <paramref name="recordId"/> belongs to, or (null) of every chain this
    /// account owns or has ever been granted: registrations, versions, grants, removals and expiry changes from the
    /// ledger history; expiries passed by the latest ledger's close time; and reads and integrity alerts from readers'
    /// signed notices (those whose signature does not check out against the ledger are left out). Ordered by ledger
    /// time. Reads the whole history through the gateway: a deployment with long histories would index it.
    /// </summary>
    public async ValueTask<ClientResult<IReadOnlyList<AuditEntry>>> GetAuditTrailAsync(Hash256? recordId = null, CancellationToken cancellationToken = default)
    {
        ClosedLedger head;
        var entries = new List<AuditEntry>();
        try
        {
            head = await Gateway.GetValidatedLedgerAsync(cancellationToken).ConfigureAwait(false);
            for (uint s = 1; s <= head.Sequence; s++)
            {
                var ledger = await Gateway.GetLedgerAsync(s, cancellationToken).ConfigureAwait(false);
                if (ledger is null) return new ClientFailure(ClientError.LedgerUnavailable, $"Ledger {s} is not available from the gateway.");
                foreach (var tx in ledger.Transactions) AddLedgerEntries(entries, tx, ledger);
            }
        }
        catch (LedgerUnavailableException e)
        {
            return Unavailable(e);
        }

        // Group versions by chain (the id of the chain's first version) so one trail covers every version.
        var chainOf = new Dictionary<Hash256, Hash256>();
        Hash256 Root(Hash256 id)
        {
            if (chainOf.TryGetValue(id, out var root)) return root;
            var r = head.State.GetRecord(id);
            while (r is { Previous.IsZero: false } && head.State.GetRecord(r.Previous) is { } previous) r = previous;
            return chainOf[id] = r?.Id ?? id;
        }
        foreach (var record in entries.Select(e => e.RecordId).Distinct().ToArray())
            foreach (var grant in head.State.GetRecord(record)?.Viewers ?? [])
                if (grant.ExpiresAtMs != 0 && grant.ExpiresAtMs <= head.CloseTimeMs)
                    entries.Add(new AuditEntry(AuditKind.Expired, record, head.State.GetRecord(record)!.Version, head.State.GetRecord(record)!.Owner,
                        grant.Viewer, grant.ExpiresAtMs, head.Sequence, Hash256.Zero, grant.ExpiresAtMs, ClientError.None));

        HashSet<Hash256> chains = recordId is { } wanted
            ? [Root(wanted)]
            : entries.Where(e => e.Actor == AccountId || e.Subject == AccountId).Select(e => Root(e.RecordId)).ToHashSet();
        if (recordId is { } id && head.State.GetRecord(id) is null) return NotFound(id);

        if (_options.Disclosures is { } channel)
        {
            foreach (var version in entries.Where(e => chains.Contains(Root(e.RecordId))).Select(e => e.RecordId).Distinct().ToArray())
                foreach (var n in await channel.ListByRecordAsync(version, cancellationToken).ConfigureAwait(false))
                    if (IsAuthentic(n, head.State))
                        entries.Add(new AuditEntry(n.Kind == NoticeKind.AccessReceipt ? AuditKind.Read : AuditKind.IntegrityAlert, n.RecordId, n.Version,
                            n.Reader, n.Reader, n.LedgerCloseTimeMs, n.LedgerSequence, Hash256.Zero, 0, n.Problem));
        }
        // A stable sort: entries of one ledger keep their apply order, and notices follow the ledger they cite.
        var trail = entries.Where(e => chains.Contains(Root(e.RecordId)))
            .Select((e, i) => (e, i)).OrderBy(x => x.e.TimeMs).ThenBy(x => x.e.LedgerSequence).ThenBy(x => x.i).Select(x => x.e).ToArray();
        return ClientResult<IReadOnlyList<AuditEntry>>.Ok(trail);
    }

    private static void AddLedgerEntries(List<AuditEntry> entries, Transaction tx, ClosedLedger ledger)
    {
        AuditEntry Entry(AuditKind kind, Hash256 record, uint version, Hash256 subject, long expires = 0) =>
            new(kind, record, version, tx.Sender, subject, ledger.CloseTimeMs, ledger.Sequence, tx.Id, expires, ClientError.None);
        uint VersionOf(Hash256 record) => ledger.State.GetRecord(record)?.Version ?? 0;

        switch (tx.Payload)
        {
            case RegisterRecord r:
                AddVersion(entries, Entry, AuditKind.Registered, RecordIds.For(tx.Sender, tx.Sequence), r.Fields, tx.Sender);
                break;
            case NewVersion v:
                AddVersion(entries, Entry, AuditKind.VersionPublished, RecordIds.For(tx.Sender, tx.Sequence), v.Fields, tx.Sender);
                break;
            case AddViewer a:
                entries.Add(Entry(AuditKind.Granted, a.Record, VersionOf(a.Record), a.Grant.Viewer, a.Grant.ExpiresAtMs));
                break;
            case RemoveViewer rv:
                entries.Add(Entry(AuditKind.Revoked, rv.Record, VersionOf(rv.Record), rv.Viewer));
                break;
            case SetLinkExpiry se:
                entries.Add(Entry(AuditKind.ExpiryChanged, se.Record, VersionOf(se.Record), se.Viewer, se.ExpiresAtMs));
                break;
        }
    }

    private static void AddVersion(List<AuditEntry> entries, Func<AuditKind, Hash256, uint, Hash256, long, AuditEntry> entry, AuditKind kind,
        Hash256 record, RecordFields fields, Hash256 owner)
    {
        entries.Add(entry(kind, record, fields.Version, owner, 0));
        foreach (var grant in fields.Viewers)
            if (grant.Viewer != owner) entries.Add(entry(AuditKind.Granted, record, fields.Version, grant.Viewer, grant.ExpiresAtMs));
    }
}
