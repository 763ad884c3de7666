using System.Security.Cryptography;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Tests.Storage;

/// <summary>
/// The one test suite every <see cref="IBlobStore"/> passes: a subclass per backend supplies a fresh empty store
/// and the few backend-specific moves (tampering with a stored blob, making the backend unreachable, making it
/// refuse writes). The property tests are in <c>BlobStoreContract.Properties.cs</c>, the fault-injection tests in
/// <c>BlobStoreContract.Faults.cs</c>.
/// </summary>
public abstract partial class BlobStoreContract : IAsyncLifetime
{
    private IBlobStore? _store;

    /// <summary>The store under test, fresh and empty for each test.</summary>
    protected IBlobStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A new, empty store of the backend under test.</summary>
    protected abstract ValueTask<IBlobStore> CreateStoreAsync();

    /// <summary>Overwrites the bytes kept under <paramref name="pointer"/> in the backend itself, behind the store.</summary>
    protected abstract ValueTask TamperAsync(string pointer, byte[] bytes);

    /// <summary>A store of this backend whose backend cannot be reached (directory gone, file unopenable, server down).</summary>
    protected abstract ValueTask<IBlobStore> CreateUnreachableStoreAsync();

    /// <summary>Arranges that a put of <paramref name="content"/> fails, and returns the store to put it into.</summary>
    protected abstract ValueTask<IBlobStore> CreateStoreRefusingWriteOfAsync(byte[] content);

    /// <summary>Backend clean-up after the store is disposed.</summary>
    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await CleanUpAsync();
    }

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    protected async Task<string> PutOk(byte[] content)
    {
        var put = await Store.PutAsync(content);
        Assert.True(put.IsOk, put.ToString());
        return put.Value;
    }

    [Fact]
    public async Task Put_then_get_round_trips_and_the_pointer_is_the_content_address()
    {
        byte[] content = Bytes(4096, seed: 1);
        string pointer = await PutOk(content);

        Assert.Equal(Sha256Hex(content), pointer);
        var get = await Store.GetAsync(pointer);
        Assert.True(get.IsOk, get.ToString());
        Assert.Equal(content, get.Value);
        Assert.True((await Store.ExistsAsync(pointer)).ValueOrThrow());
    }

    [Fact]
    public async Task The_empty_blob_round_trips()
    {
        string pointer = await PutOk([]);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", pointer);
        Assert.Empty((await Store.GetAsync(pointer)).ValueOrThrow());
    }

    [Fact]
    public async Task Putting_the_same_bytes_twice_stores_one_blob()
    {
        byte[] content = Bytes(100, seed: 2);
        string first = await PutOk(content);
        string second = await PutOk(content);
        Assert.Equal(first, second);
        Assert.Equal(1, (await Store.CountAsync()).ValueOrThrow());
    }

    [Fact]
    public async Task A_missing_blob_is_NotFound()
    {
        string pointer = Sha256Hex(Bytes(10, seed: 3));
        var get = await Store.GetAsync(pointer);
        Assert.Equal(BlobError.NotFound, get.Error);
        Assert.Contains(pointer, get.Reason, StringComparison.Ordinal);
        Assert.False((await Store.ExistsAsync(pointer)).ValueOrThrow());
        Assert.Equal(BlobError.NotFound, (await Store.DeleteAsync(pointer)).Error);
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_only_that_blob()
    {
        string kept = await PutOk(Bytes(64, seed: 4));
        string removed = await PutOk(Bytes(64, seed: 5));

        Assert.True((await Store.DeleteAsync(removed)).IsOk);

        Assert.Equal(BlobError.NotFound, (await Store.GetAsync(removed)).Error);
        Assert.False((await Store.ExistsAsync(removed)).ValueOrThrow());
        Assert.Equal(BlobError.NotFound, (await Store.DeleteAsync(removed)).Error);
        Assert.True((await Store.GetAsync(kept)).IsOk);
        Assert.Equal(1, (await Store.CountAsync()).ValueOrThrow());
    }

    public static TheoryData<string?> InvalidPointers => new()
    {
        null,
        "",
        "../x",
        "../../../../../../etc/passwd",
        "/etc/passwd",
        "..",
        "ab/../../cd",
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", // upper case: not the canonical spelling
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", // 63 characters
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550", // 65 characters
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8/.",
        "../../../../../../../../../../../../../../../../../../../../../.", // 64 characters of traversal
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\0",
        "'; DROP TABLE blobs; --",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85٣", // an Arabic-Indic digit
    };

    [Theory]
    [MemberData(nameof(InvalidPointers))]
    public async Task Malformed_pointers_are_rejected_as_InvalidPointer(string? pointer)
    {
        await PutOk(Bytes(16, seed: 6));
        Assert.Equal(BlobError.InvalidPointer, (await Store.GetAsync(pointer!)).Error);
        Assert.Equal(BlobError.InvalidPointer, (await Store.DeleteAsync(pointer!)).Error);
        Assert.Equal(BlobError.InvalidPointer, (await Store.ExistsAsync(pointer!)).Error);
        if (pointer is not null) Assert.Equal(BlobError.InvalidPointer, (await Store.ListAsync(pointer, 10)).Error);
        Assert.Equal(1, (await Store.CountAsync()).ValueOrThrow());
    }

    [Fact]
    public async Task A_one_MiB_blob_round_trips()
    {
        byte[] content = Bytes(1024 * 1024, seed: 7);
        string pointer = await PutOk(content);
        Assert.Equal(content, (await Store.GetAsync(pointer)).ValueOrThrow());
    }

    [Fact]
    public async Task Concurrent_puts_of_distinct_and_of_identical_blobs_all_land()
    {
        var distinct = Enumerable.Range(0, 32).Select(i => Bytes(512 + i, seed: 100 + i)).ToArray();
        byte[] same = Bytes(2048, seed: 99);
        var work = distinct.Concat(Enumerable.Repeat(same, 8)).ToArray();
        var results = new BlobResult<string>[work.Length];

        await Parallel.ForAsync(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => results[i] = await Store.PutAsync(work[i], ct));

        Assert.All(results, r => Assert.True(r.IsOk, r.ToString()));
        Assert.Equal(distinct.Length + 1, (await Store.CountAsync()).ValueOrThrow());
        foreach (var content in distinct.Append(same))
            Assert.Equal(content, (await Store.GetAsync(Sha256Hex(content))).ValueOrThrow());
    }

    [Fact]
    public async Task List_pages_through_every_pointer_in_ordinal_order()
    {
        var expected = new List<string>();
        for (int i = 0; i < 25; i++) expected.Add(await PutOk(Bytes(32, seed: 200 + i)));
        expected.Sort(StringComparer.Ordinal);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = (await Store.ListAsync(after, 7)).ValueOrThrow();
            seen.AddRange(page);
            if (page.Count < 7) break;
            after = page[^1];
        }

        Assert.Equal(expected, seen);
        Assert.Equal(25, (await Store.CountAsync()).ValueOrThrow());
        Assert.Empty((await Store.ListAsync(expected[^1], 7)).ValueOrThrow());
    }

    [Fact]
    public async Task A_non_positive_list_limit_is_a_programming_error()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.ListAsync(null, 0));
    }

    [Fact]
    public async Task A_blob_over_the_size_limit_is_TooLarge_for_every_store()
    {
        // The guard runs before the backend is touched; the default limit (64 MiB) applies to every test store.
        var tooBig = await Store.PutAsync(new byte[(int)BlobStoreOptions.Default.MaxBlobBytes + 1]);
        Assert.Equal(BlobError.TooLarge, tooBig.Error);
        Assert.Equal(0, (await Store.CountAsync()).ValueOrThrow());
    }

    [Fact]
    public async Task Bytes_changed_inside_the_backend_are_reported_Corrupted_never_returned()
    {
        byte[] content = Bytes(300, seed: 8);
        string pointer = await PutOk(content);
        byte[] rotten = (byte[])content.Clone();
        rotten[17] ^= 0x04;
        await TamperAsync(pointer, rotten);

        var get = await Store.GetAsync(pointer);
        Assert.Equal(BlobError.Corrupted, get.Error);
        Assert.Null(get.Value);

        // A put of the right bytes repairs it.
        await PutOk(content);
        Assert.Equal(content, (await Store.GetAsync(pointer)).ValueOrThrow());
    }

    [Fact]
    public async Task An_unreachable_backend_answers_Unavailable_to_every_operation()
    {
        await using var store = await CreateUnreachableStoreAsync();
        string pointer = Sha256Hex([1, 2, 3]);
        Assert.Equal(BlobError.Unavailable, (await store.PutAsync(new byte[] { 1, 2, 3 })).Error);
        Assert.Equal(BlobError.Unavailable, (await store.GetAsync(pointer)).Error);
        Assert.Equal(BlobError.Unavailable, (await store.DeleteAsync(pointer)).Error);
        Assert.Equal(BlobError.Unavailable, (await store.ExistsAsync(pointer)).Error);
        Assert.Equal(BlobError.Unavailable, (await store.CountAsync()).Error);
        var list = await store.ListAsync(null, 10);
        Assert.Equal(BlobError.Unavailable, list.Error);
        Assert.False(string.IsNullOrWhiteSpace(list.Reason));
    }

    [Fact]
    public async Task A_refused_write_is_WriteFailed_and_stores_nothing()
    {
        byte[] content = Bytes(128, seed: 9);
        var store = await CreateStoreRefusingWriteOfAsync(content);
        var put = await store.PutAsync(content);
        Assert.Equal(BlobError.WriteFailed, put.Error);
        Assert.False(string.IsNullOrWhiteSpace(put.Reason));
        if (!ReferenceEquals(store, Store)) await store.DisposeAsync();
        Assert.False((await Store.ExistsAsync(Sha256Hex(content))).ValueOrThrow());
    }

    [Fact]
    public async Task Cancellation_throws_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.PutAsync(new byte[] { 1 }, cancelled.Token));
    }
}
