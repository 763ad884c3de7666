using HealthLedger.Engine.Client;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Attacks.OffChain;

/// <summary>
/// A fresh, deterministic world for one case: one in-process ledger, a directory blob store in a temporary directory
/// behind a fault injector (the third-party database), a provider who owns a record, a patient granted it, and an
/// insurer registered but never granted. Keys and record keys come from fixed labels, so every run is the same.
/// </summary>
internal sealed class OffChainWorld : IAsyncDisposable
{
    public static readonly byte[] Record = "{\"resourceType\":\"Observation\",\"subject\":\"patient-ann\",\"code\":\"HbA1c\",\"value\":6.1}"u8.ToArray();
    public static readonly byte[] OlderRecord = "{\"resourceType\":\"Observation\",\"subject\":\"patient-ann\",\"code\":\"HbA1c\",\"value\":7.9}"u8.ToArray();

    private readonly string _directory;
    private readonly SeededEntropy _entropy = new("healthledger-offchain-attacks");

    public ClientIdentity Registrar { get; } = ClientIdentity.FromLabel("registrar");
    public ClientIdentity Provider { get; } = ClientIdentity.FromLabel("dr-house");
    public ClientIdentity Patient { get; } = ClientIdentity.FromLabel("patient-ann");
    public ClientIdentity Insurer { get; } = ClientIdentity.FromLabel("insurer-acme");
    public ClientIdentity Outsider { get; } = ClientIdentity.FromLabel("never-registered");
    public InProcessLedger Ledger { get; }
    public FaultInjectingBlobStore Store { get; }
    public InMemoryDisclosureChannel Channel { get; } = new();

    private OffChainWorld(string directory, IBlobStore store)
    {
        _directory = directory;
        Store = new FaultInjectingBlobStore(store);
        Ledger = new InProcessLedger(ClosedLedger.Genesis(new GenesisConfig(1_767_225_600_000,
            [Registrar.ToGenesisAccount(Role.Registrar), Provider.ToGenesisAccount(Role.Provider),
             Patient.ToGenesisAccount(Role.Patient), Insurer.ToGenesisAccount(Role.Insurer)])));
    }

    public static OffChainWorld Create()
    {
        string directory = Path.Combine(Path.GetTempPath(), "hl-offchain-" + Environment.ProcessId + "-" + Interlocked.Increment(ref s_worlds));
        var store = DirectoryBlobStore.Open(directory);
        if (!store.IsOk) throw new IOException($"cannot open a blob store in {directory}: {store.Reason}");
        return new OffChainWorld(directory, store.Value!);
    }

    private static int s_worlds;

    public HealthLedgerClient Client(ClientIdentity who) => new(who, Store, Ledger, new ClientOptions { Entropy = _entropy, Disclosures = Channel });

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
