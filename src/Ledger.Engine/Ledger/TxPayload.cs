using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Ledger;

/// <summary>The kinds of transaction: every ledger function of seed 3.3. The byte value is part of the encoding.</summary>
public enum TxKind : byte
{
    /// <summary>A registrar registers a user's key pair, role and group (3.3.1).</summary>
    RegisterUser = 1,

    /// <summary>An owner registers a record: hash, date, version, viewers with sealed pointers and keys (3.3.2).</summary>
    RegisterRecord = 2,

    /// <summary>An owner publishes a new version, linking the previous one's next-version and next-hash (3.3.3).</summary>
    NewVersion = 3,

    /// <summary>An owner grants a viewer access (3.3.4, 3.3.5).</summary>
    AddViewer = 4,

    /// <summary>An owner removes a viewer's grant (3.3.4).</summary>
    RemoveViewer = 5,

    /// <summary>An account replaces its key with one of its own making, proving possession (3.3.1).</summary>
    RotateKey = 6,

    /// <summary>An account notarizes a document hash (for example an immunization status).</summary>
    Notarize = 7,

    /// <summary>An owner sets or changes when a viewer's grant expires (the subscription model).</summary>
    SetLinkExpiry = 8,
}

/// <summary>The kind-specific part of a transaction.</summary>
public abstract record TxPayload
{
    /// <summary>The transaction kind this payload belongs to.</summary>
    public abstract TxKind Kind { get; }

    internal abstract void Write(CanonicalWriter w);

    internal static bool TryRead(TxKind kind, ref CanonicalReader r, out TxPayload? payload)
    {
        payload = null;
        switch (kind)
        {
            case TxKind.RegisterUser: return RegisterUser.TryRead(ref r, out payload);
            case TxKind.RegisterRecord:
                if (!RecordFields.TryRead(ref r, out var f)) return false;
                payload = new RegisterRecord(f!);
                return true;
            case TxKind.NewVersion:
                r.Hash("previous", out var previous);
                if (!RecordFields.TryRead(ref r, out var nf)) return false;
                payload = new NewVersion(previous, nf!);
                return true;
            case TxKind.AddViewer:
                r.Hash("record", out var record);
                if (!ViewerGrant.TryRead(ref r, out var grant)) return false;
                payload = new AddViewer(record, grant!);
                return true;
            case TxKind.RemoveViewer:
                r.Hash("record", out var rr);
                r.Hash("viewer", out var rv);
                payload = new RemoveViewer(rr, rv);
                return r.Ok;
            case TxKind.RotateKey: return RotateKey.TryRead(ref r, out payload);
            case TxKind.Notarize:
                r.Hash("documentHash", out var doc);
                r.Bytes16("memo", Notarize.MaxMemoBytes, out var memo);
                payload = new Notarize(doc, memo.ToArray());
                return r.Ok;
            case TxKind.SetLinkExpiry:
                r.Hash("record", out var er);
                r.Hash("viewer", out var ev);
                r.I64("expiresAtMs", out var exp);
                if (r.Ok && exp < 0) return r.Fail(DecodeErrorKind.InvalidValue, "expiresAtMs: must not be negative.");
                payload = new SetLinkExpiry(er, ev, exp);
                return r.Ok;
            default:
                return r.Fail(DecodeErrorKind.UnknownTag, $"kind: unknown transaction kind {(byte)kind}.");
        }
    }
}

/// <summary>Registers a new account. The new account's id is its key's <see cref="PublicKey.Id"/>.</summary>
/// <param name="Key">The new account's signature key.</param>
/// <param name="BoxScheme">The scheme of the account's key-wrapping key.</param>
/// <param name="BoxKey">The public key viewers' grants are sealed to.</param>
/// <param name="Role">The account's role.</param>
/// <param name="Group">The validator group label, or <see cref="ValidatorGroup.None"/>.</param>
public sealed record RegisterUser(PublicKey Key, BoxScheme BoxScheme, byte[] BoxKey, Role Role, ValidatorGroup Group) : TxPayload
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.RegisterUser;

    internal override void Write(CanonicalWriter w)
    {
        w.Key(Key);
        w.U8((byte)BoxScheme);
        w.Bytes16(BoxKey);
        w.U8((byte)Role);
        w.U8((byte)Group);
    }

    internal static bool TryRead(ref CanonicalReader r, out TxPayload? payload)
    {
        payload = null;
        r.Key("key", out var key);
        if (!BoxKeys.TryRead(ref r, out var scheme, out var boxKey)) return false;
        r.U8("role", out var role);
        r.U8("group", out var group);
        if (!r.Ok) return false;
        if (!RolePolicy.IsDefined((Role)role)) return r.Fail(DecodeErrorKind.UnknownTag, $"role: unknown role {role}.");
        if (!RolePolicy.IsDefined((ValidatorGroup)group)) return r.Fail(DecodeErrorKind.UnknownTag, $"group: unknown group {group}.");
        payload = new RegisterUser(key!, scheme, boxKey, (Role)role, (ValidatorGroup)group);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(RegisterUser? other) => other is not null && Key.Equals(other.Key) && BoxScheme == other.BoxScheme
        && BoxKey.AsSpan().SequenceEqual(other.BoxKey) && Role == other.Role && Group == other.Group;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Role, Group);
}

/// <summary>The fields of one record version (seed 3.3.2).</summary>
/// <param name="DataHash">SHA-256 of the record's plaintext.</param>
/// <param name="DateMs">The record's date, as the owner states it (ms since the Unix epoch).</param>
/// <param name="Version">1 for a first registration, previous + 1 for a new version.</param>
/// <param name="Viewers">Grants in canonical order (sorted by viewer id, unique).</param>
public sealed record RecordFields(Hash256 DataHash, long DateMs, uint Version, ViewerGrant[] Viewers)
{
    internal void Write(CanonicalWriter w)
    {
        w.Hash(DataHash);
        w.I64(DateMs);
        w.U32(Version);
        ViewerList.Write(w, Viewers);
    }

    internal static bool TryRead(ref CanonicalReader r, out RecordFields? fields)
    {
        fields = null;
        r.Hash("dataHash", out var hash);
        r.I64("dateMs", out var date);
        r.U32("version", out var version);
        if (!ViewerList.TryRead(ref r, out var viewers)) return false;
        fields = new RecordFields(hash, date, version, viewers);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(RecordFields? other) => other is not null && DataHash == other.DataHash && DateMs == other.DateMs
        && Version == other.Version && Viewers.AsSpan().SequenceEqual(other.Viewers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(DataHash, DateMs, Version, Viewers.Length);
}

/// <summary>Registers a first version. The record id is <see cref="RecordIds.For"/>(sender, sequence).</summary>
/// <param name="Fields">The record's fields.</param>
public sealed record RegisterRecord(RecordFields Fields) : TxPayload
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.RegisterRecord;

    internal override void Write(CanonicalWriter w) => Fields.Write(w);
}

/// <summary>Registers a new version of <paramref name="Previous"/> and links it (seed 3.3.3).</summary>
/// <param name="Previous">The record id of the version being superseded.</param>
/// <param name="Fields">The new version's fields.</param>
public sealed record NewVersion(Hash256 Previous, RecordFields Fields) : TxPayload
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.NewVersion;

    internal override void Write(CanonicalWriter w)
    {
        w.Hash(Previous);
        Fields.Write(w);
    }
}

/// <summary>Grants a viewer access to a record version.</summary>
/// <param name="Record">The record id.</param>
/// <param name="Grant">The viewer's sealed pointer and key, and expiry.</param>
public sealed record AddViewer(Hash256 Record, ViewerGrant Grant) : TxPayload
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.AddViewer;

    internal override void Write(CanonicalWriter w)
    {
        w.Hash(Record);
        Grant.Write(w);
    }
}

/// <summary>Removes a viewer's grant from a record version.</summary>
/// <param name="Record">The record id.</param>
/// <param name="Viewer">The viewer's account id.</param>
public sealed record RemoveViewer(Hash256 Record, Hash256 Viewer) : TxPayload
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.RemoveViewer;

    internal override void Write(CanonicalWriter w)
    {
        w.Hash(Record);
        w.Hash(Viewer);
    }
}

/// <summary>Sets when a viewer's grant expires (ledger close time, ms; 0 = never).</summary>
/// <param name="Record">The record id.</param>
/// <param name="Viewer">The viewer's account id.</param>
/// <param name="ExpiresAtMs">The new expiry.</param>
public sealed record SetLinkExpiry(Hash256 Record, Hash256 Viewer, long ExpiresAtMs) : TxPayload
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.SetLinkExpiry;

    internal override void Write(CanonicalWriter w)
    {
        w.Hash(Record);
        w.Hash(Viewer);
        w.I64(ExpiresAtMs);
    }
}

/// <summary>Replaces the sender's keys with ones it made itself. <paramref name="Proof"/> is the new key's signature
/// over <see cref="ProofMessage"/>, so nobody can bind a key it does not hold.</summary>
/// <param name="NewKey">The new signature key.</param>
/// <param name="BoxScheme">The scheme of the new key-wrapping key.</param>
/// <param name="BoxKey">The new key-wrapping public key.</param>
/// <param name="Proof">The new key's signature over the proof message.</param>
public sealed record RotateKey(PublicKey NewKey, BoxScheme BoxScheme, byte[] BoxKey, byte[] Proof) : TxPayload
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.RotateKey;

    /// <summary>The message the new key signs: "HLROT1" ‖ account id ‖ sequence (u64, big-endian).</summary>
    public static byte[] ProofMessage(Hash256 account, ulong sequence)
    {
        var message = new byte[6 + Hash256.Size + 8];
        "HLROT1"u8.CopyTo(message);
        account.CopyTo(message.AsSpan(6));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(6 + Hash256.Size), sequence);
        return message;
    }

    internal override void Write(CanonicalWriter w)
    {
        w.Key(NewKey);
        w.U8((byte)BoxScheme);
        w.Bytes16(BoxKey);
        w.Raw(Proof);
    }

    internal static bool TryRead(ref CanonicalReader r, out TxPayload? payload)
    {
        payload = null;
        if (!r.Key("newKey", out var key)) return false;
        if (!BoxKeys.TryRead(ref r, out var scheme, out var boxKey)) return false;
        if (!r.Raw("proof", SignatureSchemes.Get(key!.Scheme).SignatureLength, out var proof)) return false;
        payload = new RotateKey(key, scheme, boxKey, proof.ToArray());
        return true;
    }

    /// <inheritdoc />
    public bool Equals(RotateKey? other) => other is not null && NewKey.Equals(other.NewKey) && BoxScheme == other.BoxScheme
        && BoxKey.AsSpan().SequenceEqual(other.BoxKey) && Proof.AsSpan().SequenceEqual(other.Proof);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NewKey, BoxScheme);
}

/// <summary>Notarizes a document hash with an optional short memo.</summary>
/// <param name="DocumentHash">SHA-256 of the document.</param>
/// <param name="Memo">Up to <see cref="MaxMemoBytes"/> bytes the notarizer attaches (for example a document type).</param>
public sealed record Notarize(Hash256 DocumentHash, byte[] Memo) : TxPayload
{
    /// <summary>Largest memo accepted, in bytes.</summary>
    public const int MaxMemoBytes = 512;

    /// <inheritdoc />
    public override TxKind Kind => TxKind.Notarize;

    internal override void Write(CanonicalWriter w)
    {
        w.Hash(DocumentHash);
        w.Bytes16(Memo);
    }

    /// <inheritdoc />
    public bool Equals(Notarize? other) => other is not null && DocumentHash == other.DocumentHash && Memo.AsSpan().SequenceEqual(other.Memo);

    /// <inheritdoc />
    public override int GetHashCode() => DocumentHash.GetHashCode();
}

/// <summary>Reading box (key-wrapping) keys: scheme byte, then a u16-prefixed key whose length the scheme fixes.</summary>
internal static class BoxKeys
{
    public static int Length(BoxScheme scheme) => scheme switch { BoxScheme.X25519 => 32, BoxScheme.P256 => 64, _ => -1 };

    public static bool TryRead(ref CanonicalReader r, out BoxScheme scheme, out byte[] key)
    {
        key = [];
        r.U8("boxScheme", out var s);
        scheme = (BoxScheme)s;
        r.Bytes16("boxKey", 64, out var bytes);
        if (!r.Ok) return false;
        int expected = Length(scheme);
        if (expected < 0) return r.Fail(DecodeErrorKind.UnknownTag, $"boxScheme: unknown scheme {s}.");
        if (bytes.Length != expected) return r.Fail(DecodeErrorKind.InvalidValue, $"boxKey: {scheme} keys are {expected} bytes, not {bytes.Length}.");
        key = bytes.ToArray();
        return true;
    }
}

/// <summary>How record ids are derived.</summary>
public static class RecordIds
{
    /// <summary>SHA-256("HLREC1" ‖ owner ‖ sequence as u64 big-endian): unique per registering transaction and
    /// computable by the client before submission.</summary>
    public static Hash256 For(Hash256 owner, ulong sequence)
    {
        Span<byte> buffer = stackalloc byte[6 + Hash256.Size + 8];
        "HLREC1"u8.CopyTo(buffer);
        owner.CopyTo(buffer[6..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(buffer[(6 + Hash256.Size)..], sequence);
        return Hash256.Compute(buffer);
    }
}
