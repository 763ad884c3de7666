using System.CommandLine;
using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// <c>healthledger proof export --out FILE [--document-out FILE]</c> builds the demo's ledger (deterministic: the same
/// checkpoint every run), registers the provider's record and writes its existence proof in the binary format of
/// docs/proof-format.md. <c>healthledger proof verify FILE --checkpoint HASH [--document FILE]</c> checks a proof
/// offline: exit 0 valid, 1 invalid (with the reason), 2 bad input (unreadable file, malformed proof or hash).
/// </summary>
public static class ProofCommand
{
    /// <summary>Exit code for a proof that does not hold.</summary>
    public const int ExitInvalid = 1;

    /// <summary>The <c>proof</c> command with its two subcommands.</summary>
    public static Command Create() => new("proof", "Export and verify existence proofs (seed 3.3.8).") { CreateExport(), CreateVerify() };

    private static Command CreateExport()
    {
        var outFile = new Option<string>("--out") { Description = "File to write the proof to.", Required = true };
        var documentOut = new Option<string?>("--document-out") { Description = "Also write the proven record's plaintext here (what a patient would hold)." };
        var command = new Command("export", "Build the demo ledger and export the existence proof of the provider's record.") { outFile, documentOut };
        command.SetAction((parse, _) => ExportAsync(parse.GetValue(outFile)!, parse.GetValue(documentOut), parse.InvocationConfiguration.Output));
        return command;
    }

    private static Command CreateVerify()
    {
        var file = new Argument<string>("FILE") { Description = "The proof file." };
        // Checked here rather than marked required, so a missing hash exits 2 (bad input) like every other bad input.
        var checkpoint = new Option<string?>("--checkpoint") { Description = "The trusted checkpoint ledger hash (64 hex characters); required." };
        var document = new Option<string?>("--document") { Description = "The document the proof should attest (its SHA-256 must match)." };
        var command = new Command("verify", "Verify an existence proof offline against a trusted checkpoint.") { file, checkpoint, document };
        command.SetAction(parse => Verify(parse.GetValue(file)!, parse.GetValue(checkpoint), parse.GetValue(document), parse.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Exports the demo record's proof; returns the exit code.</summary>
    public static async Task<int> ExportAsync(string outFile, string? documentOut, TextWriter output)
    {
        var (opened, error) = await DemoStore.OpenAsync("directory", null);
        if (opened is null)
        {
            output.WriteLine($"error: {error}");
            return Program.ExitBadInput;
        }
        await using (opened)
        {
            var world = new DemoWorld(opened.Store);
            var registrar = world.Client(world.Registrar);
            foreach (var (who, role) in world.Newcomers) (await registrar.RegisterUserAsync(who.ToRegistration(role))).ValueOrThrow();
            var record = (await world.Client(world.Provider).RegisterAsync(DemoWorld.HospitalRecord, world.Patient.AccountId)).ValueOrThrow();
            world.Ledger.CloseLedger(); // a checkpoint after the registration, as a published one would be
            var proof = (await world.Client(world.Patient).ExportRecordProofAsync(record.RecordId)).ValueOrThrow();
            try
            {
                await File.WriteAllBytesAsync(outFile, proof.Encode());
                if (documentOut is not null) await File.WriteAllBytesAsync(documentOut, DemoWorld.HospitalRecord);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.WriteLine($"error: cannot write: {e.Message}");
                return Program.ExitBadInput;
            }
            output.WriteLine($"proof:      {outFile} ({new FileInfo(outFile).Length} bytes), record {record.RecordId} registered by dr-house in ledger {record.LedgerSequence}");
            output.WriteLine($"attests:    {record.DataHash}");
            output.WriteLine($"checkpoint: {world.Ledger.Head.Hash} (ledger {world.Ledger.Head.Sequence})");
            if (documentOut is not null) output.WriteLine($"document:   {documentOut}");
            return 0;
        }
    }

    /// <summary>Verifies a proof file; returns the exit code.</summary>
    public static int Verify(string file, string? checkpointHex, string? documentFile, TextWriter output)
    {
        if (checkpointHex is null)
        {
            output.WriteLine("bad input: --checkpoint HASH is required: the proof is only as good as the checkpoint you trust.");
            return Program.ExitBadInput;
        }
        if (!Hash256.TryParse(checkpointHex.Trim().ToLowerInvariant(), out var checkpoint))
        {
            output.WriteLine($"bad input: --checkpoint '{checkpointHex}' is not a 64-character hexadecimal SHA-256 hash.");
            return Program.ExitBadInput;
        }
        byte[] bytes, document = [];
        try
        {
            bytes = File.ReadAllBytes(file);
            if (documentFile is not null) document = File.ReadAllBytes(documentFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"bad input: cannot read: {e.Message}");
            return Program.ExitBadInput;
        }
        var verdict = OfflineProof.Verify(bytes, checkpoint, document, checkDocument: documentFile is not null);
        switch (verdict.Kind)
        {
            case ProofVerdictKind.Malformed:
                output.WriteLine($"bad input: {verdict.Reason}");
                return Program.ExitBadInput;
            case ProofVerdictKind.Valid:
                var proof = verdict.Proof!;
                output.WriteLine($"valid: {verdict.Reason}");
                output.WriteLine($"  transaction {proof.Transaction.Kind} {proof.Transaction.Id} by {proof.Transaction.Sender}");
                output.WriteLine($"  attests {(proof.AttestedHash?.ToString() ?? "no hash")}; ledger {proof.Ledger.Sequence} closed at {proof.Ledger.CloseTimeMs} ms; checkpoint ledger {proof.Checkpoint.Sequence}");
                return 0;
            default:
                output.WriteLine($"invalid ({verdict.Kind}{(verdict.ProofFailure != Engine.Proofs.ProofFailure.None ? ", " + verdict.ProofFailure : "")}): {verdict.Reason}");
                return ExitInvalid;
        }
    }
}
