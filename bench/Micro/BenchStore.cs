using HealthLedger.Engine.Storage.Blobs;
using Npgsql;

namespace HealthLedger.Bench.Micro;

/// <summary>
/// An off-chain store opened for a benchmark in a temporary directory (or a PostgreSQL schema of its own), with
/// default, durable options, and removed again afterwards. PostgreSQL needs HL_POSTGRES
/// (run <c>source .ci/setup-postgres.sh</c> first).
/// </summary>
internal sealed class BenchStore : IDisposable
{
    private readonly string _directory;
    private readonly string _schema = "";

    /// <summary>Opens <paramref name="kind"/> (directory, sqlite or postgres); <paramref name="label"/> names the
    /// temporary directory and schema.</summary>
    public BenchStore(string kind, string label)
    {
        _directory = Directory.CreateTempSubdirectory($"hl-bench-{label}-").FullName;
        Store = kind switch
        {
            "directory" => DirectoryBlobStore.Open(Path.Combine(_directory, "blobs")).ValueOrThrow(),
            "sqlite" => SqliteBlobStore.OpenAsync($"Data Source={Path.Combine(_directory, "blobs.db")}").AsTask().GetAwaiter().GetResult().ValueOrThrow(),
            "postgres" => OpenPostgres(_schema = $"hl_bench_{label}_{Environment.ProcessId}"),
            _ => throw new ArgumentException($"Unknown store '{kind}'.", nameof(kind)),
        };
    }

    /// <summary>The open store.</summary>
    public IBlobStore Store { get; }

    private static IBlobStore OpenPostgres(string schema)
    {
        string connectionString = Environment.GetEnvironmentVariable("HL_POSTGRES")
            ?? throw new InvalidOperationException("PostgreSQL is absent: HL_POSTGRES is unset. Run `source .ci/setup-postgres.sh` first.");
        return PostgresBlobStore.OpenAsync(connectionString, schema).AsTask().GetAwaiter().GetResult().ValueOrThrow();
    }

    /// <summary>Closes the store and removes its directory and schema.</summary>
    public void Dispose()
    {
        Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_schema.Length > 0)
        {
            using var dataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("HL_POSTGRES")!);
            using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
            command.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
