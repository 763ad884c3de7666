namespace HealthLedger.Engine.Client;

/// <summary>Why a client operation did not succeed. Every failure of a <see cref="HealthLedgerClient"/> call is one of
/// these with a reason; none surfaces as an exception.</summary>
public enum ClientError : byte
{
    /// <summary>Success.</summary>
    None = 0,

    /// <summary>The ledger rejected the transaction; <see cref="ClientResult{T}.LedgerResult"/> says why. Nothing changed.</summary>
    Rejected,

    /// <summary>The gateway could not reach the ledger. Whether a submission applied is unknown until the client
    /// reads the ledger again (it resynchronises its sequence number first).</summary>
    LedgerUnavailable,

    /// <summary>The off-chain store refused or failed an upload; <see cref="ClientResult{T}.StoreError"/> says how.</summary>
    StoreFailed,

    /// <summary>The off-chain store cannot be reached (a read says nothing about the record's integrity then).</summary>
    StoreUnavailable,

    /// <summary>An account named in the call (a viewer, or this client's own) is not registered on the ledger.</summary>
    UnknownAccount,

    /// <summary>The record (or notarization) is not on the ledger.</summary>
    RecordNotFound,

    /// <summary>Only the record's owner may do this.</summary>
    NotOwner,

    /// <summary>The reader has no grant on this record version (never had one, or was removed).</summary>
    NoGrant,

    /// <summary>The reader's grant expired at or before the latest ledger's close time (the subscription ended).</summary>
    GrantExpired,

    /// <summary>The grant's sealed pointer or key does not open with this reader's box key, or holds no valid pointer.</summary>
    CannotUnwrap,

    /// <summary>Integrity: the store has no blob under the record's pointer (deleted or lost).</summary>
    BlobMissing,

    /// <summary>Integrity: the store, or the reader's own check, found that the bytes do not hash to the pointer.</summary>
    BlobCorrupted,

    /// <summary>Integrity: the ciphertext does not authenticate under the record key (altered, swapped or rolled back).</summary>
    DecryptFailed,

    /// <summary>Integrity: the plaintext decrypted but its SHA-256 differs from the hash on the ledger.</summary>
    HashMismatch,

    /// <summary>An argument the ledger's format cannot carry (too many viewers, a memo too long, a bad date).</summary>
    InvalidArgument,
}

/// <summary>Helpers over <see cref="ClientError"/>.</summary>
public static class ClientErrorExtensions
{
    /// <summary>True for the read failures that mean the stored data is damaged or gone (seed 3.3.6): the reader
    /// discards what it fetched and the owner is notified.</summary>
    public static bool IsIntegrityFailure(this ClientError error) =>
        error is ClientError.BlobMissing or ClientError.BlobCorrupted or ClientError.DecryptFailed or ClientError.HashMismatch;
}
