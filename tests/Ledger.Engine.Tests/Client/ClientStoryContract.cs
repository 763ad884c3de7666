using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Tests.Client;

/// <summary>
/// The seed's stories end to end through <see cref="HealthLedgerClient"/>, one call per step, run against every
/// off-chain store by a subclass per backend. More stories (proofs, notarization, audit trail) are in the other
/// partial files.
/// </summary>
public abstract partial class ClientStoryContract : IAsyncLifetime
{
    private IBlobStore? _store;
    private ClientWorld? _world;

    protected ClientWorld World => _world ?? throw new InvalidOperationException("Created in InitializeAsync.");

    /// <summary>A fresh, empty store of the backend under test.</summary>
    protected abstract ValueTask<IBlobStore> CreateStoreAsync();

    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        _world = await ClientWorld.CreateAsync(_store);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await CleanUpAsync();
    }

    protected HealthLedgerClient Provider => World.Client(World.Provider);
    protected HealthLedgerClient Patient => World.Client(World.Patient);
    protected HealthLedgerClient Insurer => World.Client(World.Insurer);
    protected HealthLedgerClient Stranger => World.Client(World.Stranger);

    protected static T Ok<T>(ClientResult<T> result)
    {
        Assert.True(result.IsOk, result.ToString());
        return result.Value!;
    }

    protected async Task<RecordReceipt> ProviderRegistersForPatientAsync(byte[]? record = null) =>
        Ok(await Provider.RegisterAsync(record ?? ClientWorld.Record, World.Patient.AccountId));

    [Fact]
    public async Task Provider_registers_a_record_and_the_patient_reads_and_verifies_it_3_3_2_and_3_3_5()
    {
        var receipt = await ProviderRegistersForPatientAsync();
        Assert.Equal(1u, receipt.Version);
        Assert.Equal(Hash256.Compute(ClientWorld.Record), receipt.DataHash);

        var read = Ok(await Patient.ReadAsync(receipt.RecordId));
        Assert.Equal(ClientWorld.Record, read.Plaintext);
        Assert.True(read.IsLatest);
        Assert.Equal(World.Provider.AccountId, read.Owner);

        // The owner is a viewer of its own record; the store holds only ciphertext.
        Assert.Equal(ClientWorld.Record, Ok(await Provider.ReadAsync(receipt.RecordId)).Plaintext);
        var stored = (await World.Store.GetAsync(receipt.Pointer)).ValueOrThrow();
        Assert.Equal(-1, stored.AsSpan().IndexOf("HbA1c"u8));
    }

    [Fact]
    public async Task The_owner_grants_a_viewer_who_then_reads_3_3_4()
    {
        var receipt = await ProviderRegistersForPatientAsync();
        Assert.Equal(ClientError.NoGrant, (await Insurer.ReadAsync(receipt.RecordId)).Error);
        Ok(await Provider.AddViewerAsync(receipt.RecordId, World.Insurer.AccountId));
        Assert.Equal(ClientWorld.Record, Ok(await Insurer.ReadAsync(receipt.RecordId)).Plaintext);

        // Only the owner may grant; the patient is told so, nothing is submitted.
        var byPatient = await Patient.AddViewerAsync(receipt.RecordId, World.Lawyer.AccountId);
        Assert.Equal(ClientError.NotOwner, byPatient.Error);
    }

    [Fact]
    public async Task The_patient_grants_the_insurer_through_a_shared_copy_that_matches_the_providers_registration()
    {
        var original = await ProviderRegistersForPatientAsync();
        var copy = Ok(await Patient.ShareCopyAsync(original.RecordId, [new ViewerAccess(World.Insurer.AccountId)]));
        var read = Ok(await Insurer.ReadAsync(copy.RecordId));
        Assert.Equal(ClientWorld.Record, read.Plaintext);
        var source = Ok(await Insurer.GetRecordAsync(original.RecordId));
        Assert.Equal(source.DataHash, read.DataHash); // provenance: the provider registered exactly this content
        Assert.Equal(World.Patient.AccountId, read.Owner);
    }

    [Fact]
    public async Task A_new_version_links_the_chain_and_a_reader_learns_what_it_holds_is_stale_3_3_3()
    {
        var v1 = await ProviderRegistersForPatientAsync();
        var held = Ok(await Patient.ReadAsync(v1.RecordId));
        Assert.True(Ok(await Patient.CheckLatestAsync(v1.RecordId, held.DataHash)).IsLatest);

        var v2 = Ok(await Provider.NewVersionAsync(v1.RecordId, ClientWorld.RecordV2));
        Assert.Equal(2u, v2.Version);
        Assert.NotEqual(v1.Pointer, v2.Pointer);
        var status = Ok(await Patient.CheckLatestAsync(v1.RecordId, held.DataHash));
        Assert.False(status.IsLatest);
        Assert.True(status.HeldHashMatches);
        Assert.Equal(v2.RecordId, status.LatestRecordId);
        Assert.Equal(Hash256.Compute(ClientWorld.RecordV2), status.LatestDataHash);

        var v1Entry = Ok(await Patient.GetRecordAsync(v1.RecordId));
        Assert.Equal(v2.RecordId, v1Entry.Next);
        Assert.Equal(v2.DataHash, v1Entry.NextHash);
        Assert.False(Ok(await Patient.ReadAsync(v1.RecordId)).IsLatest);
        Assert.Equal(ClientWorld.RecordV2, Ok(await Patient.ReadLatestAsync(v1.RecordId)).Plaintext);
        Assert.False(Ok(await Patient.CheckLatestAsync(v1.RecordId, Hash256.Compute("forged"u8))).HeldHashMatches);
    }

    [Fact]
    public async Task Damage_in_the_database_is_detected_and_the_owner_notified_3_3_6()
    {
        var receipt = await ProviderRegistersForPatientAsync();
        AccessNotice? raised = null;
        var patient = Patient;
        patient.IntegrityFailure += n => raised = n;

        World.Store.FlipBit(receipt.Pointer, 12345);
        var read = await patient.ReadAsync(receipt.RecordId);
        Assert.True(read.Error.IsIntegrityFailure(), read.ToString());
        Assert.Null(read.Value);
        Assert.NotNull(raised);

        var alerts = Ok(await Provider.GetIntegrityAlertsAsync());
        var alert = Assert.Single(alerts);
        Assert.Equal(World.Patient.AccountId, alert.Reader);
        Assert.Equal(receipt.RecordId, alert.RecordId);
        Assert.Equal(read.Error, alert.Problem);

        // A blob deleted behind everyone's back is reported too.
        World.Store.HealAll();
        Assert.True((await World.Store.DeleteBehindAsync(receipt.Pointer)).IsOk);
        Assert.Equal(ClientError.BlobMissing, (await patient.ReadAsync(receipt.RecordId)).Error);
        Assert.Equal(2, Ok(await Provider.GetIntegrityAlertsAsync()).Count);
    }

    [Fact]
    public async Task A_blob_rolled_back_to_the_previous_version_is_detected_3_3_6()
    {
        var v1 = await ProviderRegistersForPatientAsync();
        var v2 = Ok(await Provider.NewVersionAsync(v1.RecordId, ClientWorld.RecordV2));
        World.Store.RollBackTo(v2.Pointer, v1.Pointer);
        var read = await Patient.ReadAsync(v2.RecordId);
        Assert.Equal(ClientError.BlobCorrupted, read.Error);
    }

    [Fact]
    public async Task A_forged_upload_under_another_owners_name_registers_nothing_3_3_7()
    {
        long blobsBefore = (await World.Store.CountAsync()).ValueOrThrow();
        var rootBefore = World.Ledger.Head.State.Root;
        // Owner I holds its own key but claims Owner 1's (the provider's) account.
        var impostor = World.Client(World.Stranger with { AccountId = World.Provider.AccountId, Name = "impostor" });
        var forged = await impostor.RegisterAsync(ClientWorld.Record, World.Patient.AccountId);
        Assert.Equal(ClientError.Rejected, forged.Error);
        Assert.Equal(TxResult.WrongKey, forged.LedgerResult);
        Assert.Equal(rootBefore, World.Ledger.Head.State.Root);
        Assert.Equal(blobsBefore, (await World.Store.CountAsync()).ValueOrThrow()); // the orphan upload was removed

        // The real provider is unaffected: its sequence number was not consumed.
        await ProviderRegistersForPatientAsync();
    }

    [Fact]
    public async Task A_removed_viewer_cannot_read_the_rekeyed_next_version_3_3_4()
    {
        var v1 = await ProviderRegistersForPatientAsync();
        Ok(await Provider.AddViewerAsync(v1.RecordId, World.Insurer.AccountId));
        var insurer = Insurer;
        Ok(await insurer.ReadAsync(v1.RecordId));

        Assert.Equal(1, Ok(await Provider.RemoveViewerAsync(v1.RecordId, World.Insurer.AccountId)));
        Assert.Equal(ClientError.NoGrant, (await insurer.ReadAsync(v1.RecordId)).Error);

        var v2 = Ok(await Provider.NewVersionAsync(v1.RecordId, ClientWorld.RecordV2));
        Assert.Equal(ClientError.NoGrant, (await insurer.ReadAsync(v2.RecordId)).Error);
        var entry = Ok(await insurer.GetRecordAsync(v2.RecordId));
        Assert.Null(entry.GrantFor(World.Insurer.AccountId));
        foreach (var grant in entry.Viewers)
        {
            Assert.False(World.Insurer.Box.TryOpen(grant.EncryptedKey.Span, out _));
            Assert.False(World.Insurer.Box.TryOpen(grant.EncryptedPointer.Span, out _));
        }
        // The patient, still a viewer, reads the new version.
        Assert.Equal(ClientWorld.RecordV2, Ok(await Patient.ReadAsync(v2.RecordId)).Plaintext);
        Assert.Equal(ClientError.NoGrant, (await Provider.RemoveViewerAsync(v1.RecordId, World.Insurer.AccountId)).Error);
    }

    [Fact]
    public async Task A_subscription_grant_expires_by_ledger_time_not_the_clock()
    {
        var receipt = await ProviderRegistersForPatientAsync();
        long expires = World.Ledger.Head.CloseTimeMs + 30 * ClientWorld.DayMs;
        Ok(await Provider.AddViewerAsync(receipt.RecordId, World.Insurer.AccountId, expires));
        Ok(await Insurer.ReadAsync(receipt.RecordId));

        // Time passes only when ledgers close: a day later the grant still holds.
        World.Ledger.AdvanceTime(ClientWorld.DayMs);
        World.Ledger.CloseLedger();
        Ok(await Insurer.ReadAsync(receipt.RecordId));

        World.Ledger.AdvanceTime(30 * ClientWorld.DayMs);
        World.Ledger.CloseLedger();
        var expired = await Insurer.ReadAsync(receipt.RecordId);
        Assert.Equal(ClientError.GrantExpired, expired.Error);

        // Renewing the subscription is an expiry change on the ledger.
        Assert.Equal(1, Ok(await Provider.SetExpiryAsync(receipt.RecordId, World.Insurer.AccountId, 0)));
        Ok(await Insurer.ReadAsync(receipt.RecordId));

        // A new version carries unexpired grants with their expiry and drops expired ones.
        Ok(await Provider.SetExpiryAsync(receipt.RecordId, World.Insurer.AccountId, World.Ledger.Head.CloseTimeMs + 1));
        World.Ledger.CloseLedger();
        var v2 = Ok(await Provider.NewVersionAsync(receipt.RecordId, ClientWorld.RecordV2));
        Assert.Null(Ok(await Provider.GetRecordAsync(v2.RecordId)).GrantFor(World.Insurer.AccountId));
    }

    [Fact]
    public async Task An_unwanted_viewer_cannot_read_3_3_9()
    {
        var receipt = await ProviderRegistersForPatientAsync();
        var stranger = Stranger;
        Assert.Equal(ClientError.NoGrant, (await stranger.ReadAsync(receipt.RecordId)).Error);
        Assert.Equal(ClientError.NotOwner, (await stranger.NewVersionAsync(receipt.RecordId, ClientWorld.RecordV2)).Error);
        Assert.Equal(ClientError.NotOwner, (await stranger.RemoveViewerAsync(receipt.RecordId, World.Patient.AccountId)).Error);
        Assert.Equal(ClientError.RecordNotFound, (await stranger.ReadAsync(Hash256.Compute("nothing"u8))).Error);
    }
}
