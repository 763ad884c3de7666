using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using HealthLedger.Engine.Storage.Blobs;

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
    private BenchStore? _bench;
    private long _putCounter;
    private int _getIndex;

    /// <summary>The backend: directory, sqlite or postgres.</summary>
    [Params("directory", "sqlite", "postgres")]
    public string Store { get; set; } = "directory";

    [GlobalSetup]
    public void Setup()
    {
        new Random(4096).NextBytes(_blob);
        _bench = new BenchStore(Store, "blobs");
        _store = _bench.Store;
        for (int i = 0; i < StoredBlobs; i++) _pointers[i] = PutNext().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _bench?.Dispose();

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
