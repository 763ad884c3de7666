namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>
/// An off-chain store of encrypted records. Clients encrypt a record (see
/// <see cref="HealthLedger.Engine.Crypto.RecordCipher"/>) before calling <see cref="PutAsync"/>, so a store only ever
/// sees ciphertext; the ledger keeps the record's hash and the returned pointer, encrypted.
/// </summary>
/// <remarks>
/// Contract, shared by every implementation and checked by one test suite:
/// <list type="bullet">
/// <item>Pointers are content addresses in the format of <see cref="BlobPointer"/>; a put of the same bytes twice
/// returns the same pointer and stores one blob.</item>
/// <item>No method throws for a failure that comes from outside (disk, server, pointer text): each returns a
/// <see cref="BlobResult"/> or <see cref="BlobResult{T}"/> with a <see cref="BlobError"/> and a reason. Cancelling
/// the token throws <see cref="OperationCanceledException"/>, as everywhere in .NET.</item>
/// <item>A get never returns bytes that fail to hash to the pointer: the store checks and answers
/// <see cref="BlobError.Corrupted"/>. A reader still compares the SHA-256 of the decrypted record with the ledger,
/// because a hostile store (see <see cref="FaultInjectingBlobStore"/>) need not honour this.</item>
/// <item>Implementations are safe for concurrent use.</item>
/// </list>
/// </remarks>
public interface IBlobStore : IAsyncDisposable
{
    /// <summary>A short name of the backend for logs and reports: <c>directory</c>, <c>sqlite</c>, <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>Stores <paramref name="ciphertext"/> and returns its pointer. Atomic: afterwards the blob is either
    /// fully stored or absent. Errors: <see cref="BlobError.WriteFailed"/>, <see cref="BlobError.Unavailable"/>,
    /// <see cref="BlobError.TooLarge"/>.</summary>
    ValueTask<BlobResult<string>> PutAsync(ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default);

    /// <summary>The bytes stored under <paramref name="pointer"/>. Errors: <see cref="BlobError.NotFound"/>,
    /// <see cref="BlobError.InvalidPointer"/>, <see cref="BlobError.Corrupted"/>, <see cref="BlobError.Unavailable"/>.</summary>
    ValueTask<BlobResult<byte[]>> GetAsync(string pointer, CancellationToken cancellationToken = default);

    /// <summary>Removes the blob under <paramref name="pointer"/>. Errors: <see cref="BlobError.NotFound"/> when
    /// nothing was there (callers that want idempotence ignore it), <see cref="BlobError.InvalidPointer"/>,
    /// <see cref="BlobError.WriteFailed"/>, <see cref="BlobError.Unavailable"/>.</summary>
    ValueTask<BlobResult> DeleteAsync(string pointer, CancellationToken cancellationToken = default);

    /// <summary>Whether a blob is stored under <paramref name="pointer"/>, without reading or verifying it. Errors:
    /// <see cref="BlobError.InvalidPointer"/>, <see cref="BlobError.Unavailable"/>.</summary>
    ValueTask<BlobResult<bool>> ExistsAsync(string pointer, CancellationToken cancellationToken = default);

    /// <summary>How many blobs the store holds, for audits. Error: <see cref="BlobError.Unavailable"/>.</summary>
    ValueTask<BlobResult<long>> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>One page of stored pointers in ascending ordinal order, for audits (for example: every pointer the
    /// ledger references exists, and nothing else does). Pass the last pointer of a page as
    /// <paramref name="after"/> to get the next; null starts at the beginning. A page shorter than
    /// <paramref name="limit"/> is the last. <paramref name="limit"/> must be at least 1 (a programmer's error otherwise, which
    /// throws <see cref="ArgumentOutOfRangeException"/>) and is capped at <see cref="BlobStoreOptions.MaxListLimit"/>.
    /// Errors: <see cref="BlobError.InvalidPointer"/> (a malformed cursor), <see cref="BlobError.Unavailable"/>.</summary>
    ValueTask<BlobResult<IReadOnlyList<string>>> ListAsync(string? after, int limit, CancellationToken cancellationToken = default);
}
