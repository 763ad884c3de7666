using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Attacks.OffChain;

/// <summary>
/// The off-chain and transaction-forging adversaries of the design, each played on a fresh world: database corruption
/// (3.3.6: flipBit, delete, swap, rollback — promised detected: the reader gets nothing, the owner gets an alert),
/// forged uploads (3.3.7: badSignature, impersonation, replay, unregisteredKey, tamperedFields — promised blocked: the
/// ledger rejects, its state is unchanged), unwanted readers (3.3.9: unwantedViewer, databaseAdmin — promised blocked:
/// no plaintext, no pointer, no key) and an owner denying a record (3.3.8: ownerDenial — promised detected: an
/// existence proof checked offline against the reader's copy settles it).
/// </summary>
public static partial class OffChainAttacks
{
    /// <summary>Every attack a case may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
    [
        "flipBit", "delete", "swap", "rollback",
        "badSignature", "impersonation", "replay", "unregisteredKey", "tamperedFields",
        "unwantedViewer", "databaseAdmin", "ownerDenial",
    ];

    /// <summary>Runs every case of <paramref name="spec"/> in order.</summary>
    public static async Task<IReadOnlyList<OffChainOutcome>> RunAsync(OffChainAttackSpec spec)
    {
        var outcomes = new List<OffChainOutcome>();
        foreach (var c in spec.OffChain.Cases)
        {
            await using var world = OffChainWorld.Create();
            var (invariant, actual, detail) = await RunCaseAsync(world, c.Attack);
            outcomes.Add(new OffChainOutcome(c.Attack, invariant, c.Expect, actual, detail));
        }
        return outcomes;
    }

    private static Task<(string Invariant, string Actual, string Detail)> RunCaseAsync(OffChainWorld world, string attack) => attack switch
    {
        "flipBit" or "delete" or "swap" or "rollback" => CorruptAsync(world, attack),
        "badSignature" or "tamperedFields" or "replay" => TamperAsync(world, attack),
        "impersonation" or "unregisteredKey" => ForgeAsync(world, attack),
        "unwantedViewer" or "databaseAdmin" => PryAsync(world, attack),
        "ownerDenial" => DenyAsync(world),
        _ => throw new ArgumentException($"Unknown off-chain attack '{attack}'.", nameof(attack)),
    };

    /// <summary>Registers a record of the provider's for the patient and returns its receipt.</summary>
    private static async Task<RecordReceipt> RegisterAsync(OffChainWorld world, byte[] content)
    {
        var result = await world.Client(world.Provider).RegisterAsync(content, world.Patient.AccountId);
        if (!result.IsOk) throw new InvalidOperationException($"setting up the world failed: {result}");
        return result.Value!;
    }

    private static async Task<(string, string, string)> CorruptAsync(OffChainWorld world, string attack)
    {
        var record = await RegisterAsync(world, OffChainWorld.Record);
        switch (attack)
        {
            case "flipBit": world.Store.FlipBit(record.Pointer, 8 * 40 + 3); break;
            case "delete": await world.Store.DeleteBehindAsync(record.Pointer); break;
            case "swap":
                var other = await RegisterAsync(world, OffChainWorld.OlderRecord);
                world.Store.Swap(record.Pointer, other.Pointer);
                break;
            case "rollback":
                // The record's next version is what the database rolls back: v2 reads return v1's bytes.
                var next = await world.Client(world.Provider).NewVersionAsync(record.RecordId, OffChainWorld.OlderRecord);
                if (!next.IsOk) throw new InvalidOperationException($"setting up the world failed: {next}");
                world.Store.RollBackTo(next.Value!.Pointer, record.Pointer);
                record = next.Value;
                break;
        }
        var patient = world.Client(world.Patient);
        var read = await patient.ReadAsync(record.RecordId);
        var alerts = await world.Client(world.Provider).GetIntegrityAlertsAsync();
        bool alerted = alerts.IsOk && alerts.Value!.Any(a => a.RecordId == record.RecordId && a.Reader == world.Patient.AccountId);
        if (read.IsOk) return ("integrity", "succeeded", $"the reader accepted {read.Value!.Plaintext.Length} bytes from the damaged store");
        bool detected = read.Error.IsIntegrityFailure() && read.Value is null && alerted;
        return ("integrity", detected ? "detected" : "succeeded",
            $"read failed with {read.Error}; nothing handed out; owner alerted: {(alerted ? "yes" : "no")}");
    }

    private static async Task<(string, string, string)> TamperAsync(OffChainWorld world, string attack)
    {
        var provider = world.Client(world.Provider);
        var applied = await provider.NotarizeAsync("{\"consent\":\"signed\"}"u8.ToArray(), "consent");
        if (!applied.IsOk) throw new InvalidOperationException($"setting up the world failed: {applied}");
        var original = world.Ledger.Head.Transactions.Single(t => t.Id == applied.Value!.TransactionId);
        Transaction? attempt = original;
        if (attack != "replay")
        {
            var bytes = original.Encoded.ToArray();
            // badSignature: one bit of the signature (the last bytes); tamperedFields: the memo, just before it.
            int at = attack == "badSignature" ? bytes.Length - 1 : bytes.Length - original.Signature.Length - 1;
            bytes[at] ^= 0x01;
            if (!Transaction.TryDecode(bytes, out attempt, out var error))
                return ("validity", "blocked", $"the altered transaction does not even decode: {error}");
        }
        return await SubmitForgeryAsync(world, attempt!);
    }

    private static async Task<(string, string, string)> ForgeAsync(OffChainWorld world, string attack)
    {
        var key = attack == "impersonation" ? world.Insurer.Signer : world.Outsider.Signer;
        // impersonation: the insurer signs in the provider's name; unregisteredKey: a key nobody registered signs as itself.
        var sender = attack == "impersonation" ? world.Provider.AccountId : world.Outsider.AccountId;
        var payload = new Notarize(Hash256.Compute("{\"diagnosis\":\"fabricated\"}"u8), "forged"u8.ToArray());
        return await SubmitForgeryAsync(world, Transaction.Create(key, sender, 1, payload));
    }

    /// <summary>Submits a forged transaction; blocked when the ledger rejects it and its state does not change.</summary>
    private static async Task<(string, string, string)> SubmitForgeryAsync(OffChainWorld world, Transaction forged)
    {
        var before = world.Ledger.Head.State.Root;
        var submitted = world.Ledger.SubmitAsync(forged);
        if (!submitted.IsCompleted) world.Ledger.CloseLedger();
        var outcome = await submitted;
        bool unchanged = world.Ledger.Head.State.Root == before;
        bool blocked = !outcome.IsApplied && unchanged;
        return ("validity", blocked ? "blocked" : "succeeded", $"ledger answered {outcome.Result}; state {(unchanged ? "unchanged" : "CHANGED")}");
    }
}
