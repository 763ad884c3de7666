namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>An error and its human-readable reason, convertible to any <see cref="BlobResult{T}"/> or
/// <see cref="BlobResult"/>, so a store can write <c>return BlobFailure.NotFound(p);</c> from any method.</summary>
/// <param name="Error">The error; never <see cref="BlobError.None"/>.</param>
/// <param name="Reason">A full sentence for logs and reports.</param>
public readonly record struct BlobFailure(BlobError Error, string Reason)
{
    /// <summary>No blob under <paramref name="pointer"/>.</summary>
    public static BlobFailure NotFound(string pointer) => new(BlobError.NotFound, $"No blob is stored under {pointer}.");

    /// <summary>A malformed pointer; the text is quoted (truncated) so a log shows what arrived.</summary>
    public static BlobFailure InvalidPointer(string? pointer) =>
        new(BlobError.InvalidPointer, $"'{Truncate(pointer)}' is not a blob pointer: expected {BlobPointer.Length} lower-case hexadecimal characters (the SHA-256 of the ciphertext).");

    /// <summary>Stored bytes that no longer hash to their pointer.</summary>
    public static BlobFailure Corrupted(string pointer, string store) =>
        new(BlobError.Corrupted, $"The {store} store holds bytes under {pointer} whose SHA-256 differs from the pointer; the blob is corrupted.");

    /// <summary>A blob over the configured size limit.</summary>
    public static BlobFailure TooLarge(long lengthBytes, long maxBytes) =>
        new(BlobError.TooLarge, $"A blob of {lengthBytes} bytes exceeds the store's limit of {maxBytes} bytes.");

    private static string Truncate(string? text) => text is null ? "(null)" : text.Length <= 80 ? text : text[..77] + "...";
}
