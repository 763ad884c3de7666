namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>Checks every store makes before touching its backend, kept in one place so the stores agree.</summary>
internal static class BlobGuard
{
    /// <summary>A failure when <paramref name="lengthBytes"/> is over the limit.</summary>
    public static bool TooLarge(long lengthBytes, BlobStoreOptions options, out BlobFailure failure)
    {
        failure = default;
        if (lengthBytes <= options.MaxBlobBytes) return false;
        failure = BlobFailure.TooLarge(lengthBytes, options.MaxBlobBytes);
        return true;
    }

    /// <summary>The page size to use, or a throw for a non-positive limit (a caller's bug, not outside input).</summary>
    public static int ListLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Math.Min(limit, BlobStoreOptions.MaxListLimit);
    }

    /// <summary>True when the list cursor is absent or well formed.</summary>
    public static bool CursorIsValid(string? after) => after is null || BlobPointer.IsWellFormed(after);
}
