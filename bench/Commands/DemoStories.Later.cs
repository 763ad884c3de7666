using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Bench.Commands;

// The stories that build on the first ones: removal and re-keying, subscriptions, notarization, proofs, audit.
internal sealed partial class DemoStories
{
    private async Task<bool> RemoveViewerAsync()
    {
        var removed = await Patient.RemoveViewerAsync(_sharedCopy!.RecordId, world.Insurer.AccountId);
        if (!removed.IsOk) return Failed("removing insurer-acme", removed);
        Step($"patient-ann removed insurer-acme's grant ({removed.Value} version)");
        var next = await Patient.NewVersionAsync(_sharedCopy.RecordId, DemoWorld.UpdatedRecord);
        if (!next.IsOk) return Failed("publishing version 2", next);
        Step($"patient-ann published v{next.Value.Version} ({next.Value.RecordId.ToShortString()}) under a fresh key, sealed to the remaining viewers only");
        var insurer = Insurer;
        var read = await insurer.ReadAsync(next.Value.RecordId);
        if (!Expect(read.Error == ClientError.NoGrant, $"insurer-acme reading v2: {read.Error}")) return false;
        var entry = (await insurer.GetRecordAsync(next.Value.RecordId)).ValueOrThrow();
        bool opensNothing = entry.Viewers.All(g => !world.Insurer.Box.TryOpen(g.EncryptedKey.Span, out _) && !world.Insurer.Box.TryOpen(g.EncryptedPointer.Span, out _));
        return Expect(opensNothing, "none of v2's sealed pointers or keys opens with insurer-acme's key; its old key does not fit the new blob");
    }

    private async Task<bool> SubscriptionAsync()
    {
        long expires = world.Ledger.Head.CloseTimeMs + 30 * DemoWorld.DayMs;
        var granted = await Provider.AddViewerAsync(_record!.RecordId, world.Insurer.AccountId, expires);
        if (!granted.IsOk) return Failed("granting", granted);
        Step($"insurer-acme bought 30 days: dr-house grants it until ledger time {Iso(expires)} (ledger {granted.Value.LedgerSequence})");
        var before = await Insurer.ReadAsync(_record.RecordId);
        if (!Expect(before.IsOk, $"read at ledger time {Iso(world.Ledger.Head.CloseTimeMs)}: {(before.IsOk ? "verified" : before.Error)}")) return false;
        world.Ledger.AdvanceTime(31 * DemoWorld.DayMs);
        var closed = world.Ledger.CloseLedger();
        Step($"31 days of ledger time pass; ledger {closed.Sequence} closes at {Iso(closed.CloseTimeMs)}");
        var after = await Insurer.ReadAsync(_record.RecordId);
        return Expect(after.Error == ClientError.GrantExpired, $"read at ledger time {Iso(closed.CloseTimeMs)}: {after.Error}");
    }

    private async Task<bool> NotarizeAsync()
    {
        var notarized = await Patient.NotarizeAsync(DemoWorld.Immunization, "immunization");
        if (!notarized.IsOk) return Failed("notarizing", notarized);
        Step($"patient-ann notarized hash {notarized.Value.DocumentHash.ToShortString()} in ledger {notarized.Value.LedgerSequence}; the document stays with her");
        world.Ledger.CloseLedger();
        var proof = await Insurer.ExportNotarizationProofAsync(world.Patient.AccountId, Hash256.Compute(DemoWorld.Immunization));
        if (!proof.IsOk) return Failed("exporting the proof", proof);
        var verdict = OfflineProof.Verify(proof.Value, world.Ledger.Head.Hash, DemoWorld.Immunization);
        return Expect(verdict.IsValid, $"an insurer checks her document offline: {verdict.Reason}");
    }

    private async Task<bool> ExistenceProofAsync()
    {
        var deleted = await world.Store.DeleteAsync(_record!.Pointer);
        Step($"dr-house destroys the data ({(deleted.IsOk ? "blob deleted" : deleted.Reason)}) and denies it ever existed");
        var gone = await Patient.ReadAsync(_record.RecordId);
        Step($"a read now fails: {gone.Error}");
        var proof = await Patient.ExportRecordProofAsync(_record.RecordId);
        if (!proof.IsOk) return Failed("exporting", proof);
        byte[] bytes = proof.Value.Encode();
        var checkpoint = world.Ledger.Head.Hash;
        Step($"patient-ann exports a {bytes.Length}-byte proof up to checkpoint ledger {world.Ledger.Head.Sequence} ({checkpoint.ToShortString()})");
        var verdict = OfflineProof.Verify(bytes, checkpoint, _patientCopy, checkDocument: true);
        if (!Expect(verdict.IsValid, $"the lawyer hashes patient-ann's local copy and checks the proof: {verdict.Reason}")) return false;
        var doctored = OfflineProof.Verify(bytes, checkpoint, DemoWorld.UpdatedRecord, checkDocument: true);
        return Expect(doctored.Kind == ProofVerdictKind.DocumentMismatch, $"a doctored copy does not pass: {doctored.Kind}");
    }

    private async Task<bool> UnwantedViewerAsync()
    {
        var stranger = world.Client(world.Stranger);
        var read = await stranger.ReadAsync(_sharedCopy!.RecordId);
        var entry = (await stranger.GetRecordAsync(_sharedCopy.RecordId)).ValueOrThrow();
        bool opensNothing = entry.Viewers.All(g => !world.Stranger.Box.TryOpen(g.EncryptedKey.Span, out _) && !world.Stranger.Box.TryOpen(g.EncryptedPointer.Span, out _));
        return Expect(read.Error == ClientError.NoGrant && opensNothing, $"viewer-999's read: {read.Error}; it opens none of the {entry.Viewers.Length} sealed grants");
    }

    private async Task<bool> AuditTrailAsync()
    {
        var trail = await Patient.GetAuditTrailAsync();
        if (!trail.IsOk) return Failed("listing", trail);
        foreach (var e in trail.Value)
        {
            string source = e.FromLedger ? $"ledger {e.LedgerSequence}" : $"signed notice, checked at ledger {e.LedgerSequence}";
            string expiry = e.ExpiresAtMs != 0 && e.Kind is AuditKind.Granted or AuditKind.ExpiryChanged ? $" until {Iso(e.ExpiresAtMs)}" : "";
            string detail = e.Detail != ClientError.None ? $" ({e.Detail})" : "";
            string who = e.Actor == e.Subject ? $"by {world.NameOf(e.Actor)}" : $"{world.NameOf(e.Actor)} -> {world.NameOf(e.Subject)}";
            Step($"{Iso(e.TimeMs)}  {e.Kind,-16} {e.RecordId.ToShortString()} v{e.Version}  {who}{expiry}{detail}  [{source}]");
        }
        var kinds = trail.Value.Select(e => e.Kind).ToHashSet();
        return Expect(kinds.IsSupersetOf([AuditKind.Granted, AuditKind.Revoked, AuditKind.Expired, AuditKind.Read, AuditKind.IntegrityAlert]),
            "grants, the removal, the expiry, the reads and the integrity alert are all listed");
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
