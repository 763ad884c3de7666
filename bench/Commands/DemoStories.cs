using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// The seed's stories (000 §3.3, 002 "Links and keys", "Subscription model"), each one client call per step, each
/// ending with what the design promises and whether it happened. The later stories build on the earlier ones'
/// records, so they run in order on one world.
/// </summary>
internal sealed partial class DemoStories(DemoWorld world, TextWriter output)
{
    private int _story;
    private int _kept;
    private RecordReceipt? _record;       // the provider's hospital record for the patient
    private RecordReceipt? _sharedCopy;   // the patient's copy shared with the insurer
    private byte[] _patientCopy = [];     // what the patient downloaded and keeps

    private HealthLedgerClient Registrar => world.Client(world.Registrar);
    private HealthLedgerClient Provider => world.Client(world.Provider);
    private HealthLedgerClient Patient => world.Client(world.Patient);
    private HealthLedgerClient Insurer => world.Client(world.Insurer);

    /// <summary>Runs every story; true when each ended as the design promises.</summary>
    public async Task<bool> RunAsync()
    {
        var stories = new (string Title, string Promise, Func<Task<bool>> Run)[]
        {
            ("Registration (3.3.1)", "the registrar's predetermined key pairs are registered", RegisterUsersAsync),
            ("Provider registers a record for the patient (3.3.2)", "encrypted off-chain; hash, date, version and sealed grants on the ledger", RegisterRecordAsync),
            ("Patient grants the insurer; the insurer reads and verifies (3.3.5)", "the insurer recovers exactly what the provider registered", PatientGrantsInsurerAsync),
            ("Database corruption (3.3.6)", "detected on read, data discarded, owner notified", CorruptionAsync),
            ("Forged upload (3.3.7)", "rejected by the ledger; nothing registered", ForgedUploadAsync),
            ("Viewer removed, next version re-keyed (3.3.4)", "the removed viewer cannot read what is published after removal", RemoveViewerAsync),
            ("Subscription grant (002, subscription model)", "access ends when ledger time passes the expiry", SubscriptionAsync),
            ("Notarized immunization status (002)", "the notarization is proven later", NotarizeAsync),
            ("Lawyer verifies an existence proof (3.3.8)", "the owner cannot deny the record it destroyed", ExistenceProofAsync),
            ("Unwanted viewer (3.3.9)", "no grant, no pointer, no plaintext", UnwantedViewerAsync),
            ("Accounting of disclosures", "the patient lists who was granted, removed, expired and who read", AuditTrailAsync),
        };
        foreach (var (title, promise, run) in stories)
        {
            output.WriteLine();
            output.WriteLine($"[{++_story}] {title}");
            output.WriteLine($"    promise: {promise}");
            bool kept;
            try
            {
                kept = await run();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
            {
                Step($"unexpected failure: {e.Message}");
                kept = false;
            }
            output.WriteLine(kept ? "    => as designed" : "    => NOT AS DESIGNED");
            if (kept) _kept++;
        }
        output.WriteLine();
        output.WriteLine($"{_kept} of {stories.Length} stories ended as the design promises; ledger {world.Ledger.Head.Sequence} is {world.Ledger.Head.Hash}.");
        return _kept == stories.Length;
    }

    private void Step(string text) => output.WriteLine($"    - {text}");

    /// <summary>Prints a failed client result and returns false, so a story reads "if (!ok) return Failed(r)".</summary>
    private bool Failed<T>(string what, ClientResult<T> result)
    {
        Step($"{what}: {result.Error} ({result.Reason})");
        return false;
    }

    private bool Expect(bool condition, string what)
    {
        Step((condition ? "" : "UNEXPECTED: ") + what);
        return condition;
    }

    private async Task<bool> RegisterUsersAsync()
    {
        var registrar = Registrar;
        foreach (var (who, role) in world.Newcomers)
        {
            var result = await registrar.RegisterUserAsync(who.ToRegistration(role));
            if (!result.IsOk) return Failed($"registering {who.Name}", result);
            Step($"{who.Name} registered as {role} in ledger {result.Value.LedgerSequence}");
        }
        return true;
    }

    private async Task<bool> RegisterRecordAsync()
    {
        var registered = await Provider.RegisterAsync(DemoWorld.HospitalRecord, world.Patient.AccountId);
        if (!registered.IsOk) return Failed("registering", registered);
        _record = registered.Value;
        Step($"dr-house encrypted {DemoWorld.HospitalRecord.Length} bytes under a fresh key and uploaded the ciphertext ({world.Store.Name}: pointer {_record.Pointer[..12]}…)");
        Step($"record {_record.RecordId.ToShortString()} v{_record.Version} applied in ledger {_record.LedgerSequence}: hash {_record.DataHash.ToShortString()}, grants sealed to dr-house and patient-ann");
        var stored = (await world.Store.GetAsync(_record.Pointer)).ValueOrThrow();
        if (!Expect(stored.AsSpan().IndexOf("HbA1c"u8) < 0, "the store holds ciphertext only (no plaintext bytes in the blob)")) return false;
        var read = await Patient.ReadAsync(_record.RecordId);
        if (!read.IsOk) return Failed("patient-ann reading", read);
        _patientCopy = read.Value.Plaintext;
        return Expect(read.Value.Plaintext.AsSpan().SequenceEqual(DemoWorld.HospitalRecord), "patient-ann opened her grant, downloaded, decrypted and matched the ledger's hash; she keeps a local copy");
    }

    private async Task<bool> PatientGrantsInsurerAsync()
    {
        Step("only an owner may add viewers on the ledger, so patient-ann shares a copy of her own, sealed to insurer-acme");
        var copy = await Patient.ShareCopyAsync(_record!.RecordId, [new ViewerAccess(world.Insurer.AccountId)]);
        if (!copy.IsOk) return Failed("sharing", copy);
        _sharedCopy = copy.Value;
        Step($"patient-ann's record {_sharedCopy.RecordId.ToShortString()} applied in ledger {_sharedCopy.LedgerSequence}, fresh key, new blob");
        var read = await Insurer.ReadAsync(_sharedCopy.RecordId);
        if (!read.IsOk) return Failed("insurer-acme reading", read);
        Step($"insurer-acme read and verified {read.Value.Plaintext.Length} bytes against hash {read.Value.DataHash.ToShortString()}");
        var source = (await Insurer.GetRecordAsync(_record.RecordId)).ValueOrThrow();
        return Expect(source.DataHash == read.Value.DataHash && source.Owner == world.Provider.AccountId,
            "the hash equals dr-house's own registration: the content is what the provider recorded");
    }

    private async Task<bool> CorruptionAsync()
    {
        world.Store.FlipBit(_record!.Pointer, 8 * 40 + 3);
        Step("the third-party database flips one bit of dr-house's blob and still answers as if all were well");
        var patient = Patient;
        AccessNotice? raised = null;
        patient.IntegrityFailure += n => raised = n;
        var read = await patient.ReadAsync(_record.RecordId);
        world.Store.HealAll();
        if (!Expect(!read.IsOk && read.Error.IsIntegrityFailure(), $"patient-ann's read: {read.Error} ({read.Reason})")) return false;
        if (!Expect(read.Value is null && raised is not null, "nothing was handed out; her client raised an integrity event")) return false;
        var alerts = await Provider.GetIntegrityAlertsAsync();
        if (!alerts.IsOk) return Failed("dr-house's inbox", alerts);
        var alert = alerts.Value.SingleOrDefault(a => a.RecordId == _record.RecordId);
        return Expect(alert is not null && alert.Reader == world.Patient.AccountId,
            $"dr-house's inbox holds a signed alert from {world.NameOf(alert?.Reader ?? default)} about record {_record.RecordId.ToShortString()} ({alert?.Problem})");
    }

    private async Task<bool> ForgedUploadAsync()
    {
        long blobsBefore = (await world.Store.CountAsync()).ValueOrThrow();
        var rootBefore = world.Ledger.Head.State.Root;
        var impostor = world.Client(world.Stranger with { AccountId = world.Provider.AccountId, Name = "impostor" });
        Step("viewer-999 signs a registration in dr-house's name with its own key");
        var forged = await impostor.RegisterAsync("{\"diagnosis\":\"fabricated\"}"u8.ToArray(), world.Patient.AccountId);
        if (!Expect(forged.Error == ClientError.Rejected && forged.LedgerResult == TxResult.WrongKey, $"outcome: {forged.Error} ({forged.LedgerResult})")) return false;
        bool unchanged = world.Ledger.Head.State.Root == rootBefore && (await world.Store.CountAsync()).ValueOrThrow() == blobsBefore;
        return Expect(unchanged, "the ledger state is unchanged and the uploaded blob was removed again");
    }
}
