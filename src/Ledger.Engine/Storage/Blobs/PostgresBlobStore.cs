using Npgsql;

namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>
/// Blobs in one PostgreSQL table (Npgsql): <c>pointer text COLLATE "C" PRIMARY KEY, content bytea</c>, for
/// deployments that keep off-chain data in a database server shared by several nodes or run by a hospital's DBA.
/// </summary>
/// <remarks>
/// Connections come from one pooled <see cref="NpgsqlDataSource"/> owned by the store. The pointer column uses the
/// "C" collation so that listing order is ordinal, as in every other store, whatever the database's locale.
/// <c>content</c> is stored <c>EXTERNAL</c> (out of line, uncompressed): ciphertext does not compress, so trying
/// would only cost CPU. Durability follows the server's <c>synchronous_commit</c>; the store checks each blob
/// against its pointer on read, since a DBA or a restored backup can change rows behind it.
/// </remarks>
public sealed partial class PostgresBlobStore : IBlobStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _qualifiedTable;
    private readonly BlobStoreOptions _options;

    private PostgresBlobStore(NpgsqlDataSource dataSource, string schema, string table, BlobStoreOptions options)
    {
        _dataSource = dataSource;
        _qualifiedTable = $"\"{schema}\".\"{table}\"";
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <summary>The schema-qualified, quoted table name.</summary>
    public string QualifiedTable => _qualifiedTable;

    /// <summary>Connects with <paramref name="connectionString"/> (Npgsql syntax, e.g.
    /// <c>Host=127.0.0.1;Username=healthledger;Password=…;Database=healthledger</c>) and creates
    /// <paramref name="schema"/> and <paramref name="table"/> if needed. Fails with <see cref="BlobError.Unavailable"/>
    /// when the server cannot be reached or the objects cannot be created.</summary>
    public static async ValueTask<BlobResult<PostgresBlobStore>> OpenAsync(string connectionString, string schema = "public",
        string table = "blobs", BlobStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        var store = Attach(connectionString, schema, table, options);
        try
        {
            await store.CreateSchemaAsync(schema, cancellationToken).ConfigureAwait(false);
            return BlobResult<PostgresBlobStore>.Ok(store);
        }
        catch (NpgsqlException e)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            return new BlobFailure(BlobError.Unavailable, $"The PostgreSQL blob store cannot be opened: {e.Message}");
        }
    }

    /// <summary>A store over a table that already exists, without contacting the server: operations answer
    /// <see cref="BlobError.Unavailable"/> while it cannot be reached. For deployments where the schema is
    /// provisioned separately and the application role may not create tables.</summary>
    public static PostgresBlobStore Attach(string connectionString, string schema = "public", string table = "blobs", BlobStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        SqlIdentifier.Require(schema, nameof(schema));
        SqlIdentifier.Require(table, nameof(table));
        var dataSource = NpgsqlDataSource.Create(connectionString); // throws ArgumentException on a malformed string
        return new PostgresBlobStore(dataSource, schema, table, options ?? BlobStoreOptions.Default);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task CreateSchemaAsync(string schema, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                // "IF NOT EXISTS" is not safe against two processes creating the same table at once (one fails on
                // the catalog's unique index); a transaction-scoped advisory lock serializes them.
                command.CommandText = $"""
                    SELECT pg_advisory_xact_lock(hashtext('healthledger.blobstore.schema'));
                    CREATE SCHEMA IF NOT EXISTS "{schema}";
                    CREATE TABLE IF NOT EXISTS {_qualifiedTable} (
                        pointer text COLLATE "C" PRIMARY KEY CHECK (pointer ~ '^[0-9a-f]{"{64}"}$'),
                        content bytea NOT NULL);
                    ALTER TABLE {_qualifiedTable} ALTER COLUMN content SET STORAGE EXTERNAL;
                    """;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Maps a PostgreSQL or connection error to the store's errors.</summary>
    private BlobFailure Failure(NpgsqlException e, bool writing, string what)
    {
        var error = e switch
        {
            PostgresException p when p.SqlState is "XX001" or "XX002" => BlobError.Corrupted, // data or index corrupted
            PostgresException p when IsUnavailable(p.SqlState) => BlobError.Unavailable,
            PostgresException => writing ? BlobError.WriteFailed : BlobError.Unavailable,
            _ => BlobError.Unavailable, // no answer from the server: refused, reset, timed out
        };
        return new BlobFailure(error, $"PostgreSQL blob store, table {_qualifiedTable}: {what} failed: {e.Message}");
    }

    // Connection exceptions (08), insufficient resources other than a full disk (53 but 53100), operator
    // intervention such as a shutdown (57), bad credentials (28), a missing database (3D) or table (42P01).
    private static bool IsUnavailable(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || (state.StartsWith("53", StringComparison.Ordinal) && state != "53100")
        || state.StartsWith("57", StringComparison.Ordinal)
        || state.StartsWith("28", StringComparison.Ordinal)
        || state.StartsWith("3D", StringComparison.Ordinal)
        || state == "42P01";
}
