namespace HealthLedger.Engine.Ledger;

/// <summary>
/// The outcome of applying a transaction: <see cref="Applied"/> or the reason it was rejected. A rejected transaction
/// changes nothing. The byte value is stable (reports and the wire use it).
/// </summary>
public enum TxResult : byte
{
    /// <summary>Applied to the ledger state.</summary>
    Applied = 0,

    /// <summary>The signature does not verify under the transaction's signing key.</summary>
    BadSignature = 1,

    /// <summary>The sender is not a registered account.</summary>
    UnknownSigner = 2,

    /// <summary>The signing key is not the sender account's current key (for example a rotated-out key).</summary>
    WrongKey = 3,

    /// <summary>The sequence number was already used: a replay.</summary>
    Replayed = 4,

    /// <summary>The sequence number is ahead of the account's next one; may apply after earlier ones (retryable).</summary>
    SequenceAhead = 5,

    /// <summary>The ledger being built is past the transaction's last valid ledger.</summary>
    Expired = 6,

    /// <summary>The sender is not the record's owner.</summary>
    NotOwner = 7,

    /// <summary>The previous version already has a next version: versions form a list, not a tree.</summary>
    VersionSuperseded = 8,

    /// <summary>The version number is not the previous version's plus one (or not 1 for a first registration).</summary>
    BadVersion = 9,

    /// <summary>The transaction is well-formed bytes but breaks a structural rule.</summary>
    Malformed = 10,

    /// <summary>The sender's role may not do this (only registrars register users; only patients and providers own records).</summary>
    RoleNotPermitted = 11,

    /// <summary>An account with this key already exists.</summary>
    AccountExists = 12,

    /// <summary>The record does not exist.</summary>
    RecordNotFound = 13,

    /// <summary>The viewer already has a grant on this record.</summary>
    ViewerExists = 14,

    /// <summary>The viewer has no grant on this record.</summary>
    ViewerNotFound = 15,

    /// <summary>A named viewer is not a registered account.</summary>
    ViewerUnknown = 16,

    /// <summary>The record would exceed its viewer limit.</summary>
    TooManyViewers = 17,

    /// <summary>The new key's proof of possession does not verify.</summary>
    BadProofOfPossession = 18,

    /// <summary>This account already notarized this document hash.</summary>
    AlreadyNotarized = 19,

    /// <summary>A record with this id already exists.</summary>
    RecordExists = 20,

    /// <summary>Local, never in a ledger: the node the client submitted to holds as many unconfirmed transactions as it
    /// admits (<see cref="Consensus.ConsensusParameters.SubmissionQueueLimit"/>) and refused the submission without
    /// relaying it. Nothing was applied; the client may submit the same transaction again later (rippled's
    /// telCAN_NOT_QUEUE_FULL).</summary>
    NodeBusy = 21,
}

/// <summary>Helpers over <see cref="TxResult"/>.</summary>
public static class TxResultExtensions
{
    /// <summary>True for rejections that may succeed later in the same or a later ledger (a missing earlier sequence,
    /// or a sender or viewer registered by a transaction that has not applied yet).</summary>
    public static bool IsRetryable(this TxResult result) =>
        result is TxResult.SequenceAhead or TxResult.UnknownSigner or TxResult.ViewerUnknown or TxResult.RecordNotFound;
}
