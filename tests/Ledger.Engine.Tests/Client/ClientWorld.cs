using HealthLedger.Engine.Client;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Tests.Client;

/// <summary>
/// The seed's cast on one in-process ledger and one off-chain store: a registrar and a provider from genesis; a
/// patient, an insurer, a lawyer and an unwanted viewer registered by the registrar (3.3.1). The store is wrapped in
/// a <see cref="FaultInjectingBlobStore"/> so tests can play the damaged database. Everything is deterministic: keys
/// from labels, entropy from a seed, virtual ledger time.
/// </summary>
public sealed class ClientWorld
{
    public const long GenesisTimeMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    public const long DayMs = 86_400_000;

    public ClientIdentity Registrar { get; } = ClientIdentity.FromLabel("registrar");
    public ClientIdentity Provider { get; } = ClientIdentity.FromLabel("dr-house");
    public ClientIdentity Patient { get; } = ClientIdentity.FromLabel("patient-ann");
    public ClientIdentity Insurer { get; } = ClientIdentity.FromLabel("insurer-acme");
    public ClientIdentity Lawyer { get; } = ClientIdentity.FromLabel("lawyer-lee");
    public ClientIdentity Stranger { get; } = ClientIdentity.FromLabel("viewer-999");

    public InProcessLedger Ledger { get; }
    public FaultInjectingBlobStore Store { get; }
    public InMemoryDisclosureChannel Channel { get; } = new();
    private readonly SeededEntropy _entropy;

    private ClientWorld(IBlobStore store, string seed, InProcessLedgerOptions? options)
    {
        Store = new FaultInjectingBlobStore(store);
        _entropy = new SeededEntropy(seed);
        var genesis = ClosedLedger.Genesis(new GenesisConfig(GenesisTimeMs,
            [Registrar.ToGenesisAccount(Role.Registrar), Provider.ToGenesisAccount(Role.Provider)]));
        Ledger = new InProcessLedger(genesis, options);
    }

    /// <summary>A world whose users are registered through the registrar's client.</summary>
    public static async Task<ClientWorld> CreateAsync(IBlobStore store, string seed = "client-tests", InProcessLedgerOptions? options = null)
    {
        var world = new ClientWorld(store, seed, options);
        var registrar = world.Client(world.Registrar);
        foreach (var (who, role) in new[] { (world.Patient, Role.Patient), (world.Insurer, Role.Insurer), (world.Lawyer, Role.Legal), (world.Stranger, Role.Insurer) })
            Assert.True((await registrar.RegisterUserAsync(who.ToRegistration(role))).IsOk);
        return world;
    }

    public HealthLedgerClient Client(ClientIdentity who, bool receipts = true) =>
        new(who, Store, Ledger, new ClientOptions { Entropy = _entropy, Disclosures = Channel, SendAccessReceipts = receipts });

    public static readonly byte[] Record = "{\"resourceType\":\"Observation\",\"code\":\"HbA1c\",\"value\":6.1,\"unit\":\"%\"}"u8.ToArray();
    public static readonly byte[] RecordV2 = "{\"resourceType\":\"Observation\",\"code\":\"HbA1c\",\"value\":5.8,\"unit\":\"%\"}"u8.ToArray();
}
