using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Tests.Storage;

/// <summary>The blob-store contract against the directory store, in a fresh temporary directory per test.</summary>
public sealed class DirectoryBlobStoreTests : BlobStoreContract
{
    private readonly string _root = Directory.CreateTempSubdirectory("hl-blobs-").FullName;
    private DirectoryBlobStore? _store;

    protected override ValueTask<IBlobStore> CreateStoreAsync()
    {
        _store = DirectoryBlobStore.Open(_root).ValueOrThrow();
        return ValueTask.FromResult<IBlobStore>(_store);
    }

    protected override async ValueTask TamperAsync(string pointer, byte[] bytes) =>
        await File.WriteAllBytesAsync(_store!.PathOf(pointer), bytes);

    protected override ValueTask<IBlobStore> CreateUnreachableStoreAsync()
    {
        string root = Path.Combine(_root, "gone");
        var store = DirectoryBlobStore.Open(root).ValueOrThrow();
        Directory.Delete(root, recursive: true);
        return ValueTask.FromResult<IBlobStore>(store);
    }

    protected override ValueTask<IBlobStore> CreateStoreRefusingWriteOfAsync(byte[] content)
    {
        // A directory squatting on the blob's file name: the final rename cannot replace it. (Permissions would not
        // do, since the tests may run as root.)
        Directory.CreateDirectory(_store!.PathOf(Sha256Hex(content)));
        return ValueTask.FromResult<IBlobStore>(_store);
    }

    protected override ValueTask CleanUpAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Blobs_fan_out_into_two_levels_and_no_temporary_file_is_left()
    {
        string pointer = await PutOk(Bytes(10, seed: 21));
        Assert.True(File.Exists(Path.Combine(_root, pointer[..2], pointer[2..4], pointer)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, ".tmp")));
    }

    [Fact]
    public async Task Files_that_are_not_blobs_are_ignored_by_count_and_list()
    {
        string pointer = await PutOk(Bytes(10, seed: 22));
        await File.WriteAllTextAsync(Path.Combine(_root, "README"), "not a blob");
        await File.WriteAllTextAsync(Path.Combine(_root, pointer[..2], pointer[2..4], "notes.txt"), "not a blob");
        Assert.Equal(1, (await Store.CountAsync()).ValueOrThrow());
        Assert.Equal([pointer], (await Store.ListAsync(null, 10)).ValueOrThrow());
    }

    [Fact]
    public void Opening_a_root_that_cannot_be_created_is_Unavailable()
    {
        string file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");
        var open = DirectoryBlobStore.Open(Path.Combine(file, "below"));
        Assert.Equal(BlobError.Unavailable, open.Error);
    }
}
