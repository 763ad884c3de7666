using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Bench.Commands;

/// <summary>Opens the off-chain store the demo runs on: <c>directory</c> (the embedded default), <c>sqlite</c> or
/// <c>postgres</c> (the server in HL_POSTGRES). Without <c>--dir</c> the files go to a temporary directory that is
/// removed afterwards.</summary>
internal sealed class DemoStore : IAsyncDisposable
{
    public static readonly string[] Kinds = ["directory", "sqlite", "postgres"];

    private readonly string? _temporaryDirectory;

    private DemoStore(IBlobStore store, string description, string? temporaryDirectory)
    {
        Store = store;
        Description = description;
        _temporaryDirectory = temporaryDirectory;
    }

    public IBlobStore Store { get; }

    /// <summary>Where the blobs are, for the demo's first line.</summary>
    public string Description { get; }

    /// <summary>The store, or a sentence saying why it cannot be opened.</summary>
    public static async Task<(DemoStore? Store, string Error)> OpenAsync(string kind, string? directory)
    {
        string? temporary = directory is null ? Directory.CreateTempSubdirectory("healthledger-demo-").FullName : null;
        string root = directory ?? temporary!;
        var options = new BlobStoreOptions { Durable = false }; // a demo; durability is the stores' own tests' business
        BlobResult<IBlobStore> opened;
        string description;
        switch (kind)
        {
            case "directory":
                var dir = DirectoryBlobStore.Open(Path.Combine(root, "blobs"), options);
                opened = dir.IsOk ? BlobResult<IBlobStore>.Ok(dir.Value) : new BlobFailure(dir.Error, dir.Reason);
                description = $"directory store in {Path.Combine(root, "blobs")}";
                break;
            case "sqlite":
                string file = Path.Combine(root, "blobs.db");
                var sqlite = await SqliteBlobStore.OpenAsync($"Data Source={file}", options: options);
                opened = sqlite.IsOk ? BlobResult<IBlobStore>.Ok(sqlite.Value) : new BlobFailure(sqlite.Error, sqlite.Reason);
                description = $"SQLite store in {file}";
                break;
            case "postgres":
                string? connection = Environment.GetEnvironmentVariable("HL_POSTGRES");
                if (string.IsNullOrWhiteSpace(connection))
                {
                    Cleanup(temporary);
                    return (null, "PostgreSQL needs HL_POSTGRES (an Npgsql connection string); run `source .ci/setup-postgres.sh` first.");
                }
                // One table reused by every run: the demo is deterministic and the store content-addressed, so a rerun
                // puts the same blobs again.
                var pg = await PostgresBlobStore.OpenAsync(connection, "healthledger_demo", "blobs", options);
                opened = pg.IsOk ? BlobResult<IBlobStore>.Ok(pg.Value) : new BlobFailure(pg.Error, pg.Reason);
                description = "PostgreSQL store, table healthledger_demo.blobs";
                break;
            default:
                Cleanup(temporary);
                return (null, $"Unknown store '{kind}': choose one of {string.Join(", ", Kinds)}.");
        }
        if (!opened.IsOk)
        {
            Cleanup(temporary);
            return (null, opened.Reason);
        }
        return (new DemoStore(opened.Value, description, temporary), "");
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Cleanup(_temporaryDirectory);
    }

    private static void Cleanup(string? temporary)
    {
        if (temporary is not null && Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
    }
}
