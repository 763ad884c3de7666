using HealthLedger.Engine.Storage.Blobs;
using HealthLedger.Engine.Tests.Storage;
using Microsoft.Data.Sqlite;

namespace HealthLedger.Engine.Tests.Client;

/// <summary>The client stories on the directory store (the embedded default).</summary>
public sealed class DirectoryClientStories : ClientStoryContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hl-client-dir-").FullName;

    protected override ValueTask<IBlobStore> CreateStoreAsync() =>
        ValueTask.FromResult<IBlobStore>(DirectoryBlobStore.Open(_directory, new BlobStoreOptions { Durable = false }).ValueOrThrow());

    protected override ValueTask CleanUpAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The client stories on SQLite.</summary>
public sealed class SqliteClientStories : ClientStoryContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hl-client-sqlite-").FullName;

    protected override async ValueTask<IBlobStore> CreateStoreAsync() =>
        (await SqliteBlobStore.OpenAsync($"Data Source={Path.Combine(_directory, "blobs.db")}", options: new BlobStoreOptions { Durable = false })).ValueOrThrow();

    protected override ValueTask CleanUpAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The client stories on a real PostgreSQL server (see <see cref="PostgresFixture"/>; fails, never skips,
/// when the server is absent).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClientStories(PostgresFixture server) : ClientStoryContract
{
    protected override async ValueTask<IBlobStore> CreateStoreAsync()
    {
        server.RequireServer();
        return (await PostgresBlobStore.OpenAsync(server.ConnectionString, server.Schema, server.NextTable())).ValueOrThrow();
    }
}
