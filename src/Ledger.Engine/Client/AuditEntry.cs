using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Client;

/// <summary>What an audit-trail entry records.</summary>
public enum AuditKind : byte
{
    /// <summary>The owner registered the record's first version (ledger).</summary>
    Registered = 1,

    /// <summary>The owner published a new version (ledger).</summary>
    VersionPublished,

    /// <summary>A viewer was granted access, at registration, in a new version, or by an add-viewer (ledger).</summary>
    Granted,

    /// <summary>A viewer's grant was removed (ledger).</summary>
    Revoked,

    /// <summary>A viewer's grant expiry was set or changed (ledger).</summary>
    ExpiryChanged,

    /// <summary>A grant's expiry has passed by the latest ledger's close time (derived from the ledger).</summary>
    Expired,

    /// <summary>A viewer read and verified the record (its signed access receipt, off-ledger).</summary>
    Read,

    /// <summary>A viewer found the stored record missing or damaged (its signed alert, off-ledger).</summary>
    IntegrityAlert,
}

/// <summary>
/// One line of the accounting of disclosures: who could see which record version, from when, and who read it.
/// Entries from the ledger are facts every node agrees on; <see cref="AuditKind.Read"/> and
/// <see cref="AuditKind.IntegrityAlert"/> come from readers' signed notices and are only as complete as readers report.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="RecordId">The record version concerned.</param>
/// <param name="Version">Its version number.</param>
/// <param name="Actor">Who did it: the owner for ledger entries, the reader for notices.</param>
/// <param name="Subject">The viewer concerned (the actor itself for registrations and reads).</param>
/// <param name="TimeMs">Ledger close time of the event (for notices: of the ledger the read was checked against;
/// for expiries: the expiry).</param>
/// <param name="LedgerSequence">The ledger (for notices: the one the read was checked against).</param>
/// <param name="TransactionId">The transaction, or zero for notices and derived entries.</param>
/// <param name="ExpiresAtMs">For grants and expiry changes: the grant's expiry (0 = never).</param>
/// <param name="Detail">For alerts: what the reader found; otherwise <see cref="ClientError.None"/>.</param>
public sealed record AuditEntry(AuditKind Kind, Hash256 RecordId, uint Version, Hash256 Actor, Hash256 Subject, long TimeMs, uint LedgerSequence,
    Hash256 TransactionId, long ExpiresAtMs, ClientError Detail)
{
    /// <summary>True when the entry comes from the ledger rather than from a reader's notice.</summary>
    public bool FromLedger => Kind is not (AuditKind.Read or AuditKind.IntegrityAlert);
}
