using HealthLedger.Engine.Client;

namespace HealthLedger.Attacks.OffChain;

// The readers' side: people who should learn nothing, and an owner who would rather nobody remembered.
public static partial class OffChainAttacks
{
    private static async Task<(string, string, string)> PryAsync(OffChainWorld world, string attack)
    {
        var record = await RegisterAsync(world, OffChainWorld.Record);
        // Both adversaries see the ledger entry; the database administrator also holds every blob.
        var intruder = world.Insurer;
        var entry = (await world.Client(intruder).GetRecordAsync(record.RecordId)).ValueOrThrow();
        bool opensGrant = entry.Viewers.Any(g => intruder.Box.TryOpen(g.EncryptedKey.Span, out _) || intruder.Box.TryOpen(g.EncryptedPointer.Span, out _));
        if (attack == "unwantedViewer")
        {
            var read = await world.Client(intruder).ReadAsync(record.RecordId);
            bool blocked = !read.IsOk && read.Error == ClientError.NoGrant && !opensGrant;
            return ("confidentiality", blocked ? "blocked" : "succeeded",
                $"read: {(read.IsOk ? "PLAINTEXT RETURNED" : read.Error.ToString())}; opens {(opensGrant ? "a" : "none of the")} {entry.Viewers.Length} sealed grants");
        }
        long blobs = (await world.Store.CountAsync()).ValueOrThrow();
        var stored = (await world.Store.GetAsync(record.Pointer)).ValueOrThrow();
        bool plaintextInBlob = stored.AsSpan().IndexOf("HbA1c"u8) >= 0;
        bool adminBlocked = !plaintextInBlob && !opensGrant;
        return ("confidentiality", adminBlocked ? "blocked" : "succeeded",
            $"the administrator holds {blobs} blob(s) of ciphertext only ({(plaintextInBlob ? "PLAINTEXT FOUND" : "no plaintext bytes")}) and opens none of the record keys sealed on the ledger");
    }

    private static async Task<(string, string, string)> DenyAsync(OffChainWorld world)
    {
        var record = await RegisterAsync(world, OffChainWorld.Record);
        var patient = world.Client(world.Patient);
        var copy = (await patient.ReadAsync(record.RecordId)).ValueOrThrow().Plaintext;
        await world.Store.DeleteBehindAsync(record.Pointer); // the owner destroys the data and denies it existed
        var proof = await patient.ExportRecordProofAsync(record.RecordId);
        if (!proof.IsOk) return ("integrity", "succeeded", $"no proof could be exported: {proof.Error}");
        var checkpoint = world.Ledger.Head.Hash;
        var verdict = OfflineProof.Verify(proof.Value!.Encode(), checkpoint, copy, checkDocument: true);
        var doctored = OfflineProof.Verify(proof.Value!.Encode(), checkpoint, OffChainWorld.OlderRecord, checkDocument: true);
        bool settled = verdict.IsValid && !doctored.IsValid;
        return ("integrity", settled ? "detected" : "succeeded",
            $"the viewer's proof verifies offline against checkpoint {checkpoint.ToShortString()}: {verdict.Kind}; a doctored copy: {doctored.Kind}");
    }
}
