using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Client;

/// <summary>A viewer to grant, and when its grant ends (ledger close time in ms; 0 = never).</summary>
/// <param name="Viewer">The viewer's account id.</param>
/// <param name="ExpiresAtMs">Ledger close time from which the grant no longer counts; 0 for no expiry.</param>
public readonly record struct ViewerAccess(Hash256 Viewer, long ExpiresAtMs = 0);

/// <summary>A record version this client registered (3.3.2) or published (3.3.3).</summary>
/// <param name="RecordId">The version's record id.</param>
/// <param name="Version">Its version number.</param>
/// <param name="DataHash">SHA-256 of the plaintext, as registered.</param>
/// <param name="Pointer">Where the ciphertext is stored (the owner knows it; the ledger holds it only sealed).</param>
/// <param name="LedgerSequence">The ledger that applied the registration.</param>
/// <param name="CloseTimeMs">That ledger's close time: the date the network attests.</param>
/// <param name="TransactionId">The registering transaction.</param>
public sealed record RecordReceipt(Hash256 RecordId, uint Version, Hash256 DataHash, string Pointer, uint LedgerSequence, long CloseTimeMs, Hash256 TransactionId);

/// <summary>A record read that passed the integrity check (3.3.5): the plaintext hashes to the ledger's data hash.</summary>
/// <param name="RecordId">The version read.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Version">Its version number.</param>
/// <param name="DataHash">The ledger's hash, which the plaintext matches.</param>
/// <param name="Plaintext">The record.</param>
/// <param name="IsLatest">False when a newer version exists on the ledger.</param>
/// <param name="LedgerSequence">The ledger the read was checked against.</param>
/// <param name="LedgerCloseTimeMs">That ledger's close time (what grant expiry was checked against).</param>
public sealed record RecordRead(Hash256 RecordId, Hash256 Owner, uint Version, Hash256 DataHash, byte[] Plaintext, bool IsLatest,
    uint LedgerSequence, long LedgerCloseTimeMs);

/// <summary>Where a held version stands in its version chain (3.3.3).</summary>
/// <param name="HeldRecordId">The version the reader holds.</param>
/// <param name="HeldVersion">Its version number.</param>
/// <param name="HeldHashMatches">True when the held data's hash (if given) equals the ledger's hash of that version.</param>
/// <param name="LatestRecordId">The latest version's id.</param>
/// <param name="LatestVersion">Its version number.</param>
/// <param name="LatestDataHash">Its data hash.</param>
/// <param name="LedgerSequence">The ledger consulted.</param>
public sealed record VersionStatus(Hash256 HeldRecordId, uint HeldVersion, bool HeldHashMatches, Hash256 LatestRecordId, uint LatestVersion,
    Hash256 LatestDataHash, uint LedgerSequence)
{
    /// <summary>True when the held version is the latest.</summary>
    public bool IsLatest => HeldRecordId == LatestRecordId;
}

/// <summary>A notarized document hash (the subscription model's notarization, e.g. an immunization status).</summary>
/// <param name="Account">Who notarized it.</param>
/// <param name="DocumentHash">The document's SHA-256.</param>
/// <param name="LedgerSequence">The ledger that recorded it.</param>
/// <param name="CloseTimeMs">That ledger's close time.</param>
/// <param name="TransactionId">The notarizing transaction.</param>
public sealed record NotarizationReceipt(Hash256 Account, Hash256 DocumentHash, uint LedgerSequence, long CloseTimeMs, Hash256 TransactionId);
