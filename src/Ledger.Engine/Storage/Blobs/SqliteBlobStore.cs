using Microsoft.Data.Sqlite;

namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>
/// Blobs in one table of a SQLite database (Microsoft.Data.Sqlite): <c>pointer TEXT PRIMARY KEY, content BLOB</c>.
/// For a node that wants its off-chain data in a single file it can back up and copy.
/// </summary>
/// <remarks>
/// The database runs in WAL mode, so reads proceed while a write commits; writes are serialized by SQLite itself and
/// wait up to the connection's command timeout for the lock. Connections are pooled by the provider and opened per
/// operation, which keeps the store safe for concurrent use without a lock of its own. SQLite's page checksums are
/// optional, so the store checks each blob against its pointer on read.
/// </remarks>
public sealed partial class SqliteBlobStore : IBlobStore
{
    private readonly string _connectionString;
    private readonly string _table;
    private readonly BlobStoreOptions _options;
    private readonly string _synchronousPragma;

    private SqliteBlobStore(string connectionString, string table, BlobStoreOptions options)
    {
        _connectionString = connectionString;
        _table = table;
        _options = options;
        // A per-connection setting, and pooled connections are shared by reads and writes: set before every write.
        _synchronousPragma = options.Durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <summary>The table that holds the blobs.</summary>
    public string Table => _table;

    /// <summary>Opens the database at <paramref name="connectionString"/> (for example <c>Data Source=blobs.db</c>),
    /// creating the file, switching it to WAL mode and creating <paramref name="table"/> if needed. Fails with
    /// <see cref="BlobError.Unavailable"/> when the database cannot be opened.</summary>
    public static async ValueTask<BlobResult<SqliteBlobStore>> OpenAsync(string connectionString, string table = "blobs",
        BlobStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        var store = Attach(connectionString, table, options);
        try
        {
            var connection = await store.OpenConnectionAsync(writing: false, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""
                    PRAGMA journal_mode = WAL;
                    CREATE TABLE IF NOT EXISTS "{table}" (
                        pointer TEXT PRIMARY KEY NOT NULL CHECK (length(pointer) = 64),
                        content BLOB NOT NULL);
                    """;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return BlobResult<SqliteBlobStore>.Ok(store);
        }
        catch (SqliteException e)
        {
            return new BlobFailure(BlobError.Unavailable, $"The SQLite blob store cannot be opened: {e.Message}");
        }
    }

    /// <summary>A store over a database and table that already exist, without touching the database: operations
    /// answer <see cref="BlobError.Unavailable"/> while it cannot be opened. For deployments where the schema is
    /// provisioned separately.</summary>
    public static SqliteBlobStore Attach(string connectionString, string table = "blobs", BlobStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        SqlIdentifier.Require(table, nameof(table));
        // Validates the syntax now, so a malformed string is a configuration error at start-up, not at first use.
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return new SqliteBlobStore(builder.ConnectionString, table, options ?? BlobStoreOptions.Default);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async ValueTask<SqliteConnection> OpenConnectionAsync(bool writing, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (writing)
            {
                // Its own command: a statement batched with the write would blur the write's count of changed rows.
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = _synchronousPragma;
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Maps a SQLite error to the store's errors by its primary result code.</summary>
    private BlobFailure Failure(SqliteException e, bool writing, string what)
    {
        int primary = e.SqliteErrorCode & 0xFF;
        bool full = primary is 13 /* FULL */ or 8 /* READONLY */ or 19 /* CONSTRAINT */ or 18 /* TOOBIG */;
        var error = writing && full ? BlobError.WriteFailed : BlobError.Unavailable;
        return new BlobFailure(error, $"SQLite blob store, table {_table}: {what} failed: {e.Message}");
    }
}
