using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using HealthLedger.Engine.Storage.Blobs;
using Npgsql;

namespace HealthLedger.Bench.Micro;

/// <summary>
/// Put and get of 4 KiB blobs (a typical encrypted clinical note) against each off-chain store, with the stores'
/// default options (durable writes). PostgreSQL needs HL_POSTGRES: run <c>source .ci/setup-postgres.sh</c> first.
/// </summary>
[MemoryDiagnoser]
public class BlobStoreBenchmarks
{
    private const int BlobBytes = 4096;
    private const int StoredBlobs = 256; // read round-robin, so gets are not all served from one hot row or page

    private readonly byte[] _blob = new byte[BlobBytes];
    private readonly string[] _pointers = new string[StoredBlobs];
    private IBlobStore? _store;
    private string _directory = "";
    private string _schema = "";
    private long _putCounter;
    private int _getIndex;

    /// <summary>The backend: directory, sqlite or postgres.</summary>
    [Params("directory", "sqlite", "postgres")]
    public string Store { get; set; } = "directory";

    [GlobalSetup]
    public void Setup()
    {
        new Random(4096).NextBytes(_blob);
        _directory = Directory.CreateTempSubdirectory("hl-bench-blobs-").FullName;
        _store = Store switch
        {
            "directory" => DirectoryBlobStore.Open(Path.Combine(_directory, "blobs")).ValueOrThrow(),
            "sqlite" => SqliteBlobStore.OpenAsync($"Data Source={Path.Combine(_directory, "blobs.db")}").AsTask().GetAwaiter().GetResult().ValueOrThrow(),
            "postgres" => OpenPostgres(),
            _ => throw new ArgumentException($"Unknown store '{Store}'."),
        };
        for (int i = 0; i < StoredBlobs; i++) _pointers[i] = PutNext().AsTask().GetAwaiter().GetResult();
    }

    private IBlobStore OpenPostgres()
    {
        string connectionString = Environment.GetEnvironmentVariable("HL_POSTGRES")
            ?? throw new InvalidOperationException("PostgreSQL is absent: HL_POSTGRES is unset. Run `source .ci/setup-postgres.sh` first.");
        _schema = $"hl_bench_{Environment.ProcessId}";
        return PostgresBlobStore.OpenAsync(connectionString, _schema).AsTask().GetAwaiter().GetResult().ValueOrThrow();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_schema.Length > 0)
        {
            using var dataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("HL_POSTGRES")!);
            using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
            command.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A put of a new 4 KiB blob (a counter in the first bytes makes every blob distinct).</summary>
    [Benchmark]
    public ValueTask<string> Put() => PutNext();

    /// <summary>A get (with the store's content check) of one of 256 stored 4 KiB blobs.</summary>
    [Benchmark]
    public async ValueTask<byte[]> Get()
    {
        string pointer = _pointers[_getIndex++ % StoredBlobs];
        return (await _store!.GetAsync(pointer)).ValueOrThrow();
    }

    private async ValueTask<string> PutNext()
    {
        BinaryPrimitives.WriteInt64LittleEndian(_blob, ++_putCounter);
        return (await _store!.PutAsync(_blob)).ValueOrThrow();
    }
}
