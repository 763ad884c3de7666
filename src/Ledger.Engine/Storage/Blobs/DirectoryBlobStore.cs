namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>
/// The embedded default store: one file per blob under a root directory, named by its pointer and fanned out over
/// two levels of subdirectories (<c>root/ab/cd/abcd…</c>, 65,536 leaf directories) so no directory grows too large
/// for the file system to search quickly.
/// </summary>
/// <remarks>
/// A put writes a temporary file in <c>root/.tmp</c> (the same file system), fsyncs it when
/// <see cref="BlobStoreOptions.Durable"/>, and renames it over the final name; rename is atomic, so a reader sees the
/// whole blob or none, even if the process dies mid-write. File names are built only from validated pointers
/// (64 lower-case hex characters), so no pointer can name a path outside the root. Empty fan-out directories are
/// left in place after a delete: removing one would race with a concurrent put into it. A crash can leave files in
/// <c>root/.tmp</c>; they are never read and may be removed while no process is writing.
/// </remarks>
public sealed partial class DirectoryBlobStore : IBlobStore
{
    private const string TempDirectoryName = ".tmp";
    private readonly string _root;
    private readonly string _tempDirectory;
    private readonly BlobStoreOptions _options;
    private long _tempSequence;

    private DirectoryBlobStore(string root, BlobStoreOptions options)
    {
        _root = root;
        _tempDirectory = Path.Combine(root, TempDirectoryName);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "directory";

    /// <summary>The absolute root directory.</summary>
    public string Root => _root;

    /// <summary>Opens (creating if needed) a store rooted at <paramref name="rootDirectory"/>. Fails with
    /// <see cref="BlobError.Unavailable"/> when the directory cannot be created.</summary>
    public static BlobResult<DirectoryBlobStore> Open(string rootDirectory, BlobStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        try
        {
            string root = Path.GetFullPath(rootDirectory);
            Directory.CreateDirectory(Path.Combine(root, TempDirectoryName));
            return BlobResult<DirectoryBlobStore>.Ok(new DirectoryBlobStore(root, options ?? BlobStoreOptions.Default));
        }
        catch (Exception e) when (IsFileSystemError(e))
        {
            return new BlobFailure(BlobError.Unavailable, $"The blob directory '{rootDirectory}' cannot be created or opened: {e.Message}");
        }
    }

    /// <summary>The file that holds the blob under a well-formed <paramref name="pointer"/>.</summary>
    internal string PathOf(string pointer)
    {
        Debug.Assert(BlobPointer.IsWellFormed(pointer), "Paths are only ever built from validated pointers.");
        return Path.Combine(_root, pointer[..2], pointer[2..4], pointer);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // holds no handles between calls

    private bool RootIsGone => !Directory.Exists(_tempDirectory);

    private BlobFailure RootUnavailable() =>
        new(BlobError.Unavailable, $"The blob directory '{_root}' is missing or unreadable.");

    private static bool IsFileSystemError(Exception e) =>
        e is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException;
}
