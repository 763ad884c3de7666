using HealthLedger.Engine.Client;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// The demo's cast on one in-process ledger: keys derived from names, entropy from a fixed seed, virtual ledger time
/// from 2026-01-01. Deterministic, so every run (and <c>proof export</c>) produces the same ledgers and hashes.
/// The store is wrapped in a fault injector to play the damaged third-party database.
/// </summary>
internal sealed class DemoWorld
{
    public const long GenesisTimeMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    public const long DayMs = 86_400_000;

    public static readonly byte[] HospitalRecord =
        "{\"resourceType\":\"Observation\",\"subject\":\"patient-ann\",\"code\":\"HbA1c\",\"value\":6.1,\"unit\":\"%\",\"performer\":\"dr-house\"}"u8.ToArray();

    public static readonly byte[] UpdatedRecord =
        "{\"resourceType\":\"Observation\",\"subject\":\"patient-ann\",\"code\":\"HbA1c\",\"value\":5.8,\"unit\":\"%\",\"performer\":\"dr-house\"}"u8.ToArray();

    public static readonly byte[] Immunization = "{\"resourceType\":\"Immunization\",\"vaccine\":\"MMR\",\"dose\":2,\"date\":\"2026-01-15\"}"u8.ToArray();

    public ClientIdentity Registrar { get; } = ClientIdentity.FromLabel("registrar");
    public ClientIdentity Provider { get; } = ClientIdentity.FromLabel("dr-house");
    public ClientIdentity Patient { get; } = ClientIdentity.FromLabel("patient-ann");
    public ClientIdentity Insurer { get; } = ClientIdentity.FromLabel("insurer-acme");
    public ClientIdentity Lawyer { get; } = ClientIdentity.FromLabel("lawyer-lee");
    public ClientIdentity Stranger { get; } = ClientIdentity.FromLabel("viewer-999");

    public InProcessLedger Ledger { get; }
    public FaultInjectingBlobStore Store { get; }
    public InMemoryDisclosureChannel Channel { get; } = new();
    private readonly SeededEntropy _entropy = new("healthledger-demo");

    public DemoWorld(IBlobStore store)
    {
        Store = new FaultInjectingBlobStore(store);
        Ledger = new InProcessLedger(ClosedLedger.Genesis(new GenesisConfig(GenesisTimeMs,
            [Registrar.ToGenesisAccount(Role.Registrar), Provider.ToGenesisAccount(Role.Provider)])));
    }

    /// <summary>The participants the registrar registers (3.3.1), with their roles.</summary>
    public (ClientIdentity Who, Role Role)[] Newcomers =>
        [(Patient, Role.Patient), (Insurer, Role.Insurer), (Lawyer, Role.Legal), (Stranger, Role.Insurer)];

    public HealthLedgerClient Client(ClientIdentity who) =>
        new(who, Store, Ledger, new ClientOptions { Entropy = _entropy, Disclosures = Channel });

    /// <summary>A short name for an account id, for printing.</summary>
    public string NameOf(Engine.Crypto.Hash256 id) =>
        new[] { Registrar, Provider, Patient, Insurer, Lawyer, Stranger }.FirstOrDefault(p => p.AccountId == id)?.Name ?? id.ToShortString();
}
