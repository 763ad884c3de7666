using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Storage.Blobs;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Client;

/// <summary>
/// The confidentiality and integrity invariants of the client, as properties over random records, viewer sets and
/// faults: a party without a grant never recovers a record's plaintext or pointer, and any damage to a stored blob is
/// detected on read. One world (directory store, non-durable writes) serves every case, so the properties stay fast.
/// </summary>
public sealed class ClientPropertyTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hl-client-props-").FullName;
    private ClientWorld? _world;
    private ClientWorld World => _world!;

    public async Task InitializeAsync() =>
        _world = await ClientWorld.CreateAsync(DirectoryBlobStore.Open(_directory, new BlobStoreOptions { Durable = false }).ValueOrThrow(), "client-props");

    public async Task DisposeAsync()
    {
        if (_world is not null) await _world.Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    // FsCheck runs properties synchronously; the client and stores use ConfigureAwait(false) and the in-process ledger
    // completes submissions on the thread pool, so blocking here cannot deadlock.
    private static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    [Fact]
    public void A_viewer_without_a_grant_never_recovers_plaintext_or_pointer()
    {
        var candidates = new[] { World.Patient, World.Insurer, World.Lawyer, World.Stranger };
        var provider = World.Client(World.Provider);
        Prop.ForAll<NonEmptyArray<byte>, byte, bool>((content, mask, removeOne) =>
        {
            byte[] plaintext = content.Get;
            var granted = candidates.Where((_, i) => (mask >> i & 1) == 1).ToList();
            var receipt = Wait(provider.RegisterAsync(plaintext, granted.Select(g => g.AccountId).ToArray())).ValueOrThrow();
            var recordId = receipt.RecordId;
            if (removeOne && granted.Count > 0)
            {
                // A removed viewer counts as one without a grant on what is published next.
                Wait(provider.RemoveViewerAsync(recordId, granted[0].AccountId)).ValueOrThrow();
                granted.RemoveAt(0);
                receipt = Wait(provider.NewVersionAsync(recordId, plaintext)).ValueOrThrow();
                recordId = receipt.RecordId;
            }
            var record = World.Ledger.Head.State.GetRecord(recordId)!;
            var tx = World.Ledger.Head.Transactions.Single(t => t.Id == record.RegistrationTx);
            byte[] pointerText = System.Text.Encoding.ASCII.GetBytes(receipt.Pointer);
            byte[] pointerHash = Hash256.Parse(receipt.Pointer).ToArray();

            foreach (var outsider in candidates.Except(granted))
            {
                var read = Wait(World.Client(outsider).ReadAsync(recordId));
                if (read.Error != ClientError.NoGrant) return false.Label($"{outsider.Name} read: {read}");
                foreach (var grant in record.Viewers)
                    if (outsider.Box.TryOpen(grant.EncryptedPointer.Span, out _) || outsider.Box.TryOpen(grant.EncryptedKey.Span, out _))
                        return false.Label($"{outsider.Name} opened a box sealed to {grant.Viewer.ToShortString()}");
            }
            // Nothing on the ledger shows the pointer in the clear, and the store never holds the plaintext.
            var onLedger = tx.Encoded.Span;
            if (onLedger.IndexOf(pointerText) >= 0 || onLedger.IndexOf(pointerHash) >= 0) return false.Label("pointer visible on the ledger");
            var stored = Wait(World.Store.GetAsync(receipt.Pointer)).ValueOrThrow();
            if (plaintext.Length >= 8 && stored.AsSpan().IndexOf(plaintext) >= 0) return false.Label("plaintext visible in the store");
            foreach (var insider in granted)
                if (!Wait(World.Client(insider).ReadAsync(recordId)).IsOk) return false.Label($"{insider.Name} could not read its grant");
            return true.ToProperty();
        }).Check(PropertyConfig.Default(seed: 20261201, maxTest: 40));
    }

    [Fact]
    public void Any_corruption_of_a_stored_blob_is_detected_on_read()
    {
        var provider = World.Client(World.Provider);
        var patient = World.Client(World.Patient, receipts: false);
        var previous = Wait(provider.RegisterAsync(ClientWorld.Record, World.Patient.AccountId)).ValueOrThrow();
        Prop.ForAll<NonEmptyArray<byte>, NonNegativeInt>((content, choice) =>
        {
            World.Store.HealAll();
            var receipt = Wait(provider.RegisterAsync(content.Get, World.Patient.AccountId)).ValueOrThrow();
            var kind = (BlobFaultKind)(choice.Get % 4);
            var injected = Wait(World.Store.InjectAsync(kind, receipt.Pointer, previous.Pointer, bitIndex: choice.Get / 4));
            if (!injected.IsOk) return false.Label($"injecting {kind} failed: {injected}");
            int alertsBefore = World.Channel.Count;

            var read = Wait(patient.ReadAsync(receipt.RecordId));
            previous = receipt;
            if (read.IsOk) return false.Label($"{kind} went unnoticed");
            if (!read.Error.IsIntegrityFailure()) return false.Label($"{kind} reported as {read.Error}, not as an integrity failure");
            return (World.Channel.Count == alertsBefore + 1).Label("the owner was not alerted");
        }).Check(PropertyConfig.Default(seed: 20261202, maxTest: 60));
    }
}
