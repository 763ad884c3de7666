using BenchmarkDotNet.Attributes;
using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Bench.Micro;

/// <summary>
/// The client's two record paths on 4 KiB records against each off-chain store: encrypt + upload + register (one
/// ledger close per record on the in-process gateway, two sealed grants) and download + decrypt + verify (a read with
/// the full integrity check). Stores run with their default, durable options, as the blob-store benchmarks do.
/// PostgreSQL needs HL_POSTGRES: run <c>source .ci/setup-postgres.sh</c> first.
/// </summary>
[MemoryDiagnoser]
public class ClientBenchmarks
{
    private const int RecordBytes = 4096;
    private const int StoredRecords = 64; // read round-robin

    private readonly byte[] _record = new byte[RecordBytes];
    private readonly Hash256[] _records = new Hash256[StoredRecords];
    private IBlobStore? _store;
    private HealthLedgerClient? _provider;
    private HealthLedgerClient? _patient;
    private ClientIdentity? _patientIdentity;
    private BenchStore? _bench;
    private int _readIndex;

    /// <summary>The backend: directory, sqlite or postgres.</summary>
    [Params("directory", "sqlite", "postgres")]
    public string Store { get; set; } = "directory";

    [GlobalSetup]
    public void Setup()
    {
        new Random(4096).NextBytes(_record);
        _bench = new BenchStore(Store, "client");
        _store = _bench.Store;
        var provider = ClientIdentity.FromLabel("bench-provider");
        _patientIdentity = ClientIdentity.FromLabel("bench-patient");
        var ledger = new InProcessLedger(ClosedLedger.Genesis(new GenesisConfig(BenchFixtures.GenesisTimeMs,
            [provider.ToGenesisAccount(Role.Provider), _patientIdentity.ToGenesisAccount(Role.Patient)])));
        var options = new ClientOptions { Entropy = new SeededEntropy("client-bench") };
        _provider = new HealthLedgerClient(provider, _store, ledger, options);
        _patient = new HealthLedgerClient(_patientIdentity, _store, ledger, options);
        for (int i = 0; i < StoredRecords; i++) _records[i] = Register().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _bench?.Dispose();

    /// <summary>Encrypt a 4 KiB record under a fresh key, upload it, and register it (owner + one viewer) in a ledger.</summary>
    [Benchmark]
    public ValueTask<Hash256> EncryptUploadRegister() => Register();

    /// <summary>Open the grant, download, check the content address, decrypt and compare the hash with the ledger.</summary>
    [Benchmark]
    public async ValueTask<byte[]> DownloadDecryptVerify() =>
        (await _patient!.ReadAsync(_records[_readIndex++ % StoredRecords])).ValueOrThrow().Plaintext;

    private async ValueTask<Hash256> Register() =>
        (await _provider!.RegisterAsync(_record, _patientIdentity!.AccountId)).ValueOrThrow().RecordId;
}
