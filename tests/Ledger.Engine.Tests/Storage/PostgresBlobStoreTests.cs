using HealthLedger.Engine.Storage.Blobs;
using Npgsql;

namespace HealthLedger.Engine.Tests.Storage;

/// <summary>The blob-store contract against a real PostgreSQL server (see <see cref="PostgresFixture"/>), in a fresh
/// table of the run's schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBlobStoreTests(PostgresFixture server) : BlobStoreContract
{
    private string _table = "";

    protected override async ValueTask<IBlobStore> CreateStoreAsync()
    {
        server.RequireServer();
        _table = server.NextTable();
        return (await PostgresBlobStore.OpenAsync(server.ConnectionString, server.Schema, _table)).ValueOrThrow();
    }

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        foreach (object p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }

    protected override async ValueTask TamperAsync(string pointer, byte[] bytes) =>
        await ExecuteAsync($"UPDATE \"{server.Schema}\".\"{_table}\" SET content = $1 WHERE pointer = $2", bytes, pointer);

    protected override ValueTask<IBlobStore> CreateUnreachableStoreAsync() =>
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        ValueTask.FromResult<IBlobStore>(PostgresBlobStore.Attach("Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=5", server.Schema, _table));

    protected override async ValueTask<IBlobStore> CreateStoreRefusingWriteOfAsync(byte[] content)
    {
        // A constraint no row satisfies; NOT VALID keeps it from checking the rows already there.
        await ExecuteAsync($"ALTER TABLE \"{server.Schema}\".\"{_table}\" ADD CONSTRAINT refuse_writes CHECK (false) NOT VALID");
        return Store;
    }

    [Fact]
    public async Task Opening_an_unreachable_server_is_Unavailable()
    {
        var open = await PostgresBlobStore.OpenAsync("Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=5");
        Assert.Equal(BlobError.Unavailable, open.Error);
        Assert.Contains("cannot be opened", open.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tests_really_talk_to_a_PostgreSQL_server()
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT version()");
        string version = (string)(await command.ExecuteScalarAsync())!;
        Assert.StartsWith("PostgreSQL", version, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_same_table_twice_concurrently_is_safe()
    {
        string table = server.NextTable();
        var opens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            PostgresBlobStore.OpenAsync(server.ConnectionString, server.Schema, table).AsTask()));
        Assert.All(opens, o => Assert.True(o.IsOk, o.ToString()));
        foreach (var o in opens) await o.Value!.DisposeAsync();
    }
}
