using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger.State;

namespace HealthLedger.Engine.Ledger;

// The state transition rules of seed 3.3, one method per transaction kind. Each method checks everything first and
// only then writes, so a rejection leaves the state untouched.
public sealed partial class LedgerBuilder
{
    private AccountEntry? Account(Hash256 id) => _accounts.TryGet(id, out var e) ? (AccountEntry)e! : null;

    private RecordEntry? Record(Hash256 id) => _records.TryGet(id, out var e) ? (RecordEntry)e! : null;

    /// <summary>The checks every transaction passes: signature, expiry, known signer, current key, sequence.</summary>
    private TxResult Check(Transaction tx, out AccountEntry? sender)
    {
        sender = null;
        if (tx.LastValidLedger != 0 && Sequence > tx.LastValidLedger) return TxResult.Expired;
        if (!_verifier.Verify(tx)) return TxResult.BadSignature;
        sender = Account(tx.Sender);
        if (sender is null) return TxResult.UnknownSigner;
        if (!sender.SigningKey.Equals(tx.SigningKey)) return TxResult.WrongKey;
        if (tx.Sequence < sender.NextSequence) return TxResult.Replayed;
        if (tx.Sequence > sender.NextSequence) return TxResult.SequenceAhead;
        return TxResult.Applied;
    }

    private TxResult ApplyPayload(Transaction tx, AccountEntry sender) => tx.Payload switch
    {
        RegisterUser p => ApplyRegisterUser(tx, sender, p),
        RegisterRecord p => ApplyRegisterRecord(tx, sender, p),
        NewVersion p => ApplyNewVersion(tx, sender, p),
        AddViewer p => ApplyAddViewer(tx, sender, p),
        RemoveViewer p => ApplyRemoveViewer(sender, p),
        SetLinkExpiry p => ApplySetLinkExpiry(sender, p),
        RotateKey p => ApplyRotateKey(tx, sender, p),
        Notarize p => ApplyNotarize(tx, sender, p),
        _ => TxResult.Malformed,
    } is var result && result == TxResult.Applied ? Commit(tx, sender) : result;

    /// <summary>Consumes the sender's sequence number; called only after the payload applied.</summary>
    private TxResult Commit(Transaction tx, AccountEntry sender)
    {
        // Key rotation rewrote the sender's own entry: build on the new one.
        var current = tx.Kind == TxKind.RotateKey ? Account(sender.Id)! : sender;
        _accounts.Set(current with { NextSequence = current.NextSequence + 1 });
        return TxResult.Applied;
    }

    private TxResult ApplyRegisterUser(Transaction tx, AccountEntry sender, RegisterUser p)
    {
        if (!RolePolicy.MayRegisterUsers(sender.Role)) return TxResult.RoleNotPermitted;
        if (SignatureSchemes.TryGet(p.Key.Scheme) is null || BoxKeys.Length(p.BoxScheme) != p.BoxKey.Length) return TxResult.Malformed;
        if (Account(p.Key.Id) is not null) return TxResult.AccountExists;
        _accounts.Set(new AccountEntry(p.Key.Id, p.Key, p.BoxScheme, p.BoxKey, p.Role, p.Group, 0, sender.Id, Sequence));
        return TxResult.Applied;
    }

    private TxResult CheckFields(AccountEntry sender, RecordFields fields)
    {
        if (!RolePolicy.MayOwnRecords(sender.Role)) return TxResult.RoleNotPermitted;
        if (fields.Viewers.Length > ViewerList.MaxViewers) return TxResult.TooManyViewers;
        foreach (var v in fields.Viewers)
            if (Account(v.Viewer) is null) return TxResult.ViewerUnknown;
        return TxResult.Applied;
    }

    private RecordEntry NewRecord(Transaction tx, RecordFields fields, Hash256 previous) =>
        new(RecordIds.For(tx.Sender, tx.Sequence), tx.Sender, fields.Version, fields.DataHash, fields.DateMs, fields.Viewers,
            previous, Hash256.Zero, Hash256.Zero, Sequence, CloseTimeMs, tx.Id);

    private TxResult ApplyRegisterRecord(Transaction tx, AccountEntry sender, RegisterRecord p)
    {
        var check = CheckFields(sender, p.Fields);
        if (check != TxResult.Applied) return check;
        if (p.Fields.Version != 1) return TxResult.BadVersion;
        // Ids derive from (sender, sequence), so a clash means a broken invariant or a SHA-256 collision; TryAdd
        // refuses it without changing anything.
        return _records.TryAdd(NewRecord(tx, p.Fields, Hash256.Zero)) ? TxResult.Applied : TxResult.RecordExists;
    }

    private TxResult ApplyNewVersion(Transaction tx, AccountEntry sender, NewVersion p)
    {
        var previous = Record(p.Previous);
        if (previous is null) return TxResult.RecordNotFound;
        if (previous.Owner != sender.Id) return TxResult.NotOwner;
        if (!previous.IsLatest) return TxResult.VersionSuperseded;
        var check = CheckFields(sender, p.Fields);
        if (check != TxResult.Applied) return check;
        if (p.Fields.Version != previous.Version + 1) return TxResult.BadVersion;
        var record = NewRecord(tx, p.Fields, previous.Id);
        if (!_records.TryAdd(record)) return TxResult.RecordExists;
        _records.Set(previous with { Next = record.Id, NextHash = record.DataHash });
        return TxResult.Applied;
    }

    private TxResult OwnedRecord(AccountEntry sender, Hash256 id, out RecordEntry? record)
    {
        record = Record(id);
        if (record is null) return TxResult.RecordNotFound;
        return record.Owner == sender.Id ? TxResult.Applied : TxResult.NotOwner;
    }

    private TxResult ApplyAddViewer(Transaction tx, AccountEntry sender, AddViewer p)
    {
        var owned = OwnedRecord(sender, p.Record, out var record);
        if (owned != TxResult.Applied) return owned;
        if (Account(p.Grant.Viewer) is null) return TxResult.ViewerUnknown;
        int index = record!.IndexOf(p.Grant.Viewer);
        if (index >= 0) return TxResult.ViewerExists;
        if (record.Viewers.Length >= ViewerList.MaxViewers) return TxResult.TooManyViewers;
        var viewers = new ViewerGrant[record.Viewers.Length + 1];
        int at = ~index;
        Array.Copy(record.Viewers, viewers, at);
        viewers[at] = p.Grant;
        Array.Copy(record.Viewers, at, viewers, at + 1, record.Viewers.Length - at);
        _records.Set(record with { Viewers = viewers });
        return TxResult.Applied;
    }

    private TxResult ApplyRemoveViewer(AccountEntry sender, RemoveViewer p)
    {
        var owned = OwnedRecord(sender, p.Record, out var record);
        if (owned != TxResult.Applied) return owned;
        int index = record!.IndexOf(p.Viewer);
        if (index < 0) return TxResult.ViewerNotFound;
        var viewers = new ViewerGrant[record.Viewers.Length - 1];
        Array.Copy(record.Viewers, viewers, index);
        Array.Copy(record.Viewers, index + 1, viewers, index, viewers.Length - index);
        _records.Set(record with { Viewers = viewers });
        return TxResult.Applied;
    }

    private TxResult ApplySetLinkExpiry(AccountEntry sender, SetLinkExpiry p)
    {
        var owned = OwnedRecord(sender, p.Record, out var record);
        if (owned != TxResult.Applied) return owned;
        int index = record!.IndexOf(p.Viewer);
        if (index < 0) return TxResult.ViewerNotFound;
        var viewers = (ViewerGrant[])record.Viewers.Clone();
        viewers[index] = viewers[index] with { ExpiresAtMs = p.ExpiresAtMs };
        _records.Set(record with { Viewers = viewers });
        return TxResult.Applied;
    }

    private TxResult ApplyRotateKey(Transaction tx, AccountEntry sender, RotateKey p)
    {
        if (BoxKeys.Length(p.BoxScheme) != p.BoxKey.Length) return TxResult.Malformed;
        if (!p.NewKey.Verify(RotateKey.ProofMessage(sender.Id, tx.Sequence), p.Proof)) return TxResult.BadProofOfPossession;
        _accounts.Set(sender with { SigningKey = p.NewKey, BoxScheme = p.BoxScheme, BoxKey = p.BoxKey });
        return TxResult.Applied;
    }

    private TxResult ApplyNotarize(Transaction tx, AccountEntry sender, Notarize p)
    {
        var key = NotaryKeys.For(sender.Id, p.DocumentHash);
        if (_notarizations.TryGet(key, out _)) return TxResult.AlreadyNotarized;
        _notarizations.Set(new NotaryEntry(key, sender.Id, p.DocumentHash, p.Memo, Sequence, CloseTimeMs, tx.Id));
        return TxResult.Applied;
    }
}
