namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>Why a blob-store operation did not succeed. Every store maps its own failures onto these, so a caller
/// decides what to do (retry, report tampering, reject input) without knowing which backend it talks to.</summary>
public enum BlobError
{
    /// <summary>No error: the operation succeeded.</summary>
    None = 0,

    /// <summary>No blob is stored under the pointer (never written, or deleted).</summary>
    NotFound,

    /// <summary>The store is reachable but refused or failed the write (disk full, read-only, constraint, I/O
    /// error). Nothing was stored; a put may be retried.</summary>
    WriteFailed,

    /// <summary>The store cannot be reached or opened (server down, directory gone, database locked beyond the
    /// timeout). Says nothing about whether the blob exists; retry later.</summary>
    Unavailable,

    /// <summary>The store found a blob but its own checksum fails: the bytes kept under a pointer no longer hash to
    /// that pointer. The store never returns such bytes.</summary>
    Corrupted,

    /// <summary>The pointer is not a well-formed content address (see <see cref="BlobPointer"/>). Rejected before
    /// the store is touched, which is also what keeps pointers like <c>../x</c> away from paths and queries.</summary>
    InvalidPointer,

    /// <summary>The blob is larger than the store's configured <see cref="BlobStoreOptions.MaxBlobBytes"/>.</summary>
    TooLarge,
}
