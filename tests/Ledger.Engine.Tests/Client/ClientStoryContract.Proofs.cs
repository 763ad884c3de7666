using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Proofs;

namespace HealthLedger.Engine.Tests.Client;

public abstract partial class ClientStoryContract
{
    [Fact]
    public async Task A_lawyer_verifies_an_existence_proof_offline_after_the_owner_destroyed_the_data_3_3_8()
    {
        var receipt = await ProviderRegistersForPatientAsync();
        var patientCopy = Ok(await Patient.ReadAsync(receipt.RecordId)).Plaintext;
        World.Ledger.CloseLedger();
        Assert.True((await World.Store.DeleteAsync(receipt.Pointer)).IsOk); // the provider destroys the data

        var proof = Ok(await Patient.ExportRecordProofAsync(receipt.RecordId));
        var checkpoint = World.Ledger.Head.Hash;
        byte[] bytes = proof.Encode();

        var verdict = OfflineProof.Verify(bytes, checkpoint, patientCopy, checkDocument: true);
        Assert.True(verdict.IsValid, verdict.Reason);
        Assert.Equal(World.Provider.AccountId, verdict.Signer);
        Assert.Equal(receipt.LedgerSequence, verdict.Ledger!.Sequence);

        Assert.Equal(ProofVerdictKind.DocumentMismatch, OfflineProof.Verify(bytes, checkpoint, "a doctored copy"u8, checkDocument: true).Kind);
        var wrong = OfflineProof.Verify(bytes, Hash256.Compute("another checkpoint"u8));
        Assert.Equal(ProofVerdictKind.Invalid, wrong.Kind);
        Assert.Equal(ProofFailure.WrongCheckpoint, wrong.ProofFailure);
        Assert.Equal(ProofVerdictKind.Malformed, OfflineProof.Verify(bytes.AsSpan(0, bytes.Length - 3), checkpoint).Kind);

        // An older checkpoint works as well, as long as it is at or after the registration.
        var early = Ok(await Patient.ExportRecordProofAsync(receipt.RecordId, receipt.LedgerSequence));
        Assert.True(OfflineProof.Verify(early, World.Ledger.GetLedger(receipt.LedgerSequence)!.Hash, patientCopy).IsValid);
        Assert.Equal(ClientError.InvalidArgument, (await Patient.ExportRecordProofAsync(receipt.RecordId, receipt.LedgerSequence - 1)).Error);
    }

    [Fact]
    public async Task A_notarized_document_is_proven_later()
    {
        byte[] immunization = "MMR dose 2, 2026-01-15, lot X123"u8.ToArray();
        var patient = Patient;
        var notarized = Ok(await patient.NotarizeAsync(immunization, "immunization"));
        World.Ledger.CloseLedger();
        var proof = Ok(await Insurer.ExportNotarizationProofAsync(World.Patient.AccountId, Hash256.Compute(immunization)));
        var verdict = OfflineProof.Verify(proof, World.Ledger.Head.Hash, immunization);
        Assert.True(verdict.IsValid, verdict.Reason);
        Assert.Equal(notarized.LedgerSequence, verdict.Ledger!.Sequence);

        var again = await patient.NotarizeAsync(immunization);
        Assert.Equal(TxResult.AlreadyNotarized, again.LedgerResult);
        Assert.Equal(ClientError.RecordNotFound, (await Insurer.ExportNotarizationProofAsync(World.Insurer.AccountId, Hash256.Compute(immunization))).Error);
        Assert.Equal(ClientError.InvalidArgument, (await patient.NotarizeAsync(immunization, new string('x', 600))).Error);
        Ok(await patient.NotarizeAsync("a later document"u8.ToArray())); // the rejection consumed no sequence number
    }

    [Fact]
    public async Task The_patient_lists_grants_removals_expiry_and_reads_in_the_audit_trail()
    {
        var receipt = await ProviderRegistersForPatientAsync();
        Ok(await Provider.AddViewerAsync(receipt.RecordId, World.Insurer.AccountId, World.Ledger.Head.CloseTimeMs + 5_000));
        Ok(await Insurer.ReadAsync(receipt.RecordId));
        Ok(await Provider.SetExpiryAsync(receipt.RecordId, World.Insurer.AccountId, World.Ledger.Head.CloseTimeMs + 2_000));
        World.Ledger.AdvanceTime(10_000);
        World.Ledger.CloseLedger();
        Ok(await Provider.AddViewerAsync(receipt.RecordId, World.Lawyer.AccountId));
        Ok(await Provider.RemoveViewerAsync(receipt.RecordId, World.Lawyer.AccountId));
        World.Store.FlipBit(receipt.Pointer, 7);
        Assert.True((await Patient.ReadAsync(receipt.RecordId)).Error.IsIntegrityFailure());

        var trail = Ok(await Patient.GetAuditTrailAsync());
        var kinds = trail.Select(e => (e.Kind, e.Subject)).ToArray();
        Assert.Equal(
        [
            (AuditKind.Registered, World.Provider.AccountId),
            (AuditKind.Granted, World.Patient.AccountId),
            (AuditKind.Granted, World.Insurer.AccountId),
            (AuditKind.Read, World.Insurer.AccountId),
            (AuditKind.ExpiryChanged, World.Insurer.AccountId),
            (AuditKind.Expired, World.Insurer.AccountId),
            (AuditKind.Granted, World.Lawyer.AccountId),
            (AuditKind.Revoked, World.Lawyer.AccountId),
            (AuditKind.IntegrityAlert, World.Patient.AccountId),
        ], kinds);
        Assert.All(trail.Where(e => e.FromLedger && e.Kind != AuditKind.Expired), e => Assert.False(e.TransactionId.IsZero));
        Assert.Equal(trail, Ok(await Provider.GetAuditTrailAsync(receipt.RecordId)));

        // The stranger has no part in it and sees an empty trail of its own.
        Assert.Empty(Ok(await Stranger.GetAuditTrailAsync()));
    }

    [Fact]
    public async Task The_client_resynchronises_its_sequence_after_another_client_of_the_same_account_submitted()
    {
        var first = Provider;
        var second = Provider; // same account, e.g. two devices of one provider
        Ok(await first.RegisterAsync(ClientWorld.Record));
        Ok(await second.RegisterAsync(ClientWorld.Record));
        var stale = await first.RegisterAsync(ClientWorld.RecordV2);
        Assert.Equal(TxResult.Replayed, stale.LedgerResult);
        Ok(await first.RegisterAsync(ClientWorld.RecordV2));
    }
}
