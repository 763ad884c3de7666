namespace HealthLedger.Engine.Storage.Blobs;

public sealed partial class DirectoryBlobStore
{
    /// <inheritdoc />
    public ValueTask<BlobResult<long>> CountAsync(CancellationToken cancellationToken = default)
    {
        if (RootIsGone) return new(RootUnavailable());
        try
        {
            long count = 0;
            foreach (string _ in EnumerateFrom(null, cancellationToken)) count++;
            return new(BlobResult<long>.Ok(count));
        }
        catch (Exception e) when (IsFileSystemError(e))
        {
            return new(new BlobFailure(BlobError.Unavailable, $"Counting blobs in '{_root}' failed: {e.Message}"));
        }
    }

    /// <inheritdoc />
    public ValueTask<BlobResult<IReadOnlyList<string>>> ListAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        int pageSize = BlobGuard.ListLimit(limit);
        if (!BlobGuard.CursorIsValid(after)) return new(BlobFailure.InvalidPointer(after));
        if (RootIsGone) return new(RootUnavailable());
        try
        {
            var page = new List<string>(Math.Min(pageSize, 1024));
            foreach (string pointer in EnumerateFrom(after, cancellationToken))
            {
                page.Add(pointer);
                if (page.Count == pageSize) break;
            }
            return new(BlobResult<IReadOnlyList<string>>.Ok(page));
        }
        catch (Exception e) when (IsFileSystemError(e))
        {
            return new(new BlobFailure(BlobError.Unavailable, $"Listing blobs in '{_root}' failed: {e.Message}"));
        }
    }

    /// <summary>Stored pointers greater than <paramref name="after"/> in ordinal order. Walks the fan-out in sorted
    /// order and skips whole subdirectories that sort before the cursor, so a page costs one leaf directory or a few,
    /// not the whole store.</summary>
    private IEnumerable<string> EnumerateFrom(string? after, CancellationToken cancellationToken)
    {
        foreach (string level1 in SortedNames(_root, directories: true, nameLength: 2))
        {
            if (after is not null && string.CompareOrdinal(level1, after[..2]) < 0) continue;
            string level1Path = Path.Combine(_root, level1);
            foreach (string level2 in SortedNames(level1Path, directories: true, nameLength: 2))
            {
                string prefix = level1 + level2;
                if (after is not null && string.CompareOrdinal(prefix, after[..4]) < 0) continue;
                cancellationToken.ThrowIfCancellationRequested();
                foreach (string name in SortedNames(Path.Combine(level1Path, level2), directories: false, nameLength: BlobPointer.Length))
                {
                    // A file sitting in the wrong leaf was not written by this store; it is not a blob of it.
                    if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
                    if (after is not null && string.CompareOrdinal(name, after) <= 0) continue;
                    yield return name;
                }
            }
        }
    }

    private static List<string> SortedNames(string directory, bool directories, int nameLength)
    {
        var names = new List<string>();
        IEnumerable<string> entries = directories ? Directory.EnumerateDirectories(directory) : Directory.EnumerateFiles(directory);
        foreach (string entry in entries)
        {
            string name = Path.GetFileName(entry);
            if (name.Length == nameLength && BlobPointer.IsLowerHex(name)) names.Add(name);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
