using HealthLedger.Engine.Storage.Blobs;
using Microsoft.Data.Sqlite;

namespace HealthLedger.Engine.Tests.Storage;

/// <summary>The blob-store contract against SQLite, in a fresh database file per test.</summary>
public sealed class SqliteBlobStoreTests : BlobStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hl-sqlite-").FullName;
    private string ConnectionString => $"Data Source={Path.Combine(_directory, "blobs.db")}";

    protected override async ValueTask<IBlobStore> CreateStoreAsync() =>
        (await SqliteBlobStore.OpenAsync(ConnectionString, table: "blobs")).ValueOrThrow();

    protected override async ValueTask TamperAsync(string pointer, byte[] bytes)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE blobs SET content = $content WHERE pointer = $pointer";
        command.Parameters.AddWithValue("$content", bytes);
        command.Parameters.AddWithValue("$pointer", pointer);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    protected override ValueTask<IBlobStore> CreateUnreachableStoreAsync() =>
        ValueTask.FromResult<IBlobStore>(SqliteBlobStore.Attach($"Data Source={Path.Combine(_directory, "missing-dir", "blobs.db")}"));

    protected override ValueTask<IBlobStore> CreateStoreRefusingWriteOfAsync(byte[] content) =>
        ValueTask.FromResult<IBlobStore>(SqliteBlobStore.Attach(ConnectionString + ";Mode=ReadOnly"));

    protected override ValueTask CleanUpAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Opening_a_database_that_cannot_be_created_is_Unavailable()
    {
        var open = await SqliteBlobStore.OpenAsync($"Data Source={Path.Combine(_directory, "missing-dir", "x.db")}");
        Assert.Equal(BlobError.Unavailable, open.Error);
    }

    [Fact]
    public void Table_names_are_plain_identifiers_only()
    {
        Assert.Throws<ArgumentException>(() => SqliteBlobStore.Attach(ConnectionString, table: "blobs\"; DROP TABLE x; --"));
    }
}
