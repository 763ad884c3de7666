using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Ledger.State;

/// <summary>A value stored in the ledger state under a 32-byte key, with a canonical encoding that the state root
/// commits to.</summary>
public interface IStateEntry
{
    /// <summary>The key the entry is stored under.</summary>
    Hash256 Key { get; }

    /// <summary>Writes the canonical encoding.</summary>
    void Write(CanonicalWriter w);
}

/// <summary>Reads state entries back from their canonical encodings (a state snapshot holds them as written).</summary>
public static class StateEntries
{
    /// <summary>Reads one entry of any type: the type byte <see cref="IStateEntry.Write"/> starts with, then its fields.
    /// A reader over an owned array shares its bytes with the viewer grants read from it.</summary>
    public static bool TryRead(ref CanonicalReader r, out IStateEntry? entry)
    {
        entry = null;
        if (!r.U8("entryType", out var type)) return false;
        switch (type)
        {
            case 1:
                r.Hash("id", out var id);
                r.Key("signingKey", out var signingKey);
                if (!BoxKeys.TryRead(ref r, out var boxScheme, out var boxKey)) return false;
                r.U8("role", out var role);
                r.U8("group", out var group);
                r.U64("nextSequence", out var nextSequence);
                r.Hash("registeredBy", out var registeredBy);
                r.U32("registeredLedger", out var registeredLedger);
                if (!r.Ok) return false;
                entry = new AccountEntry(id, signingKey!, boxScheme, boxKey, (Role)role, (ValidatorGroup)group, nextSequence, registeredBy, registeredLedger);
                return true;
            case 2:
                r.Hash("id", out var recordId);
                r.Hash("owner", out var owner);
                r.U32("version", out var version);
                r.Hash("dataHash", out var dataHash);
                r.I64("dateMs", out var dateMs);
                if (!r.Ok || !ViewerList.TryRead(ref r, out var viewers)) return false;
                r.Hash("previous", out var previous);
                r.Hash("next", out var next);
                r.Hash("nextHash", out var nextHash);
                r.U32("registeredLedger", out var recordLedger);
                r.I64("registeredCloseTimeMs", out var closeTimeMs);
                r.Hash("registrationTx", out var registrationTx);
                if (!r.Ok) return false;
                entry = new RecordEntry(recordId, owner, version, dataHash, dateMs, viewers, previous, next, nextHash, recordLedger, closeTimeMs, registrationTx);
                return true;
            case 3:
                r.Hash("key", out var key);
                r.Hash("account", out var account);
                r.Hash("documentHash", out var documentHash);
                r.Bytes16("memo", Notarize.MaxMemoBytes, out var memo);
                byte[] memoBytes = memo.ToArray();
                r.U32("ledger", out var ledger);
                r.I64("closeTimeMs", out var notaryCloseMs);
                r.Hash("transaction", out var transaction);
                if (!r.Ok) return false;
                entry = new NotaryEntry(key, account, documentHash, memoBytes, ledger, notaryCloseMs, transaction);
                return true;
            default:
                return r.Fail(DecodeErrorKind.UnknownTag, $"entryType: unknown state entry type {type}.");
        }
    }
}

/// <summary>A registered participant.</summary>
/// <param name="Id">The account id (the first key's <see cref="PublicKey.Id"/>).</param>
/// <param name="SigningKey">The current signature key.</param>
/// <param name="BoxScheme">Scheme of the key-wrapping key.</param>
/// <param name="BoxKey">The key grants are sealed to.</param>
/// <param name="Role">The role.</param>
/// <param name="Group">Validator group label, or none.</param>
/// <param name="NextSequence">The sequence number the account's next transaction must carry.</param>
/// <param name="RegisteredBy">The registrar that registered it (zero for genesis accounts).</param>
/// <param name="RegisteredLedger">The ledger sequence that registered it.</param>
public sealed record AccountEntry(Hash256 Id, PublicKey SigningKey, BoxScheme BoxScheme, byte[] BoxKey, Role Role,
    ValidatorGroup Group, ulong NextSequence, Hash256 RegisteredBy, uint RegisteredLedger) : IStateEntry
{
    /// <inheritdoc />
    public Hash256 Key => Id;

    /// <inheritdoc />
    public void Write(CanonicalWriter w)
    {
        w.U8(1); // entry type: account
        w.Hash(Id);
        w.Key(SigningKey);
        w.U8((byte)BoxScheme);
        w.Bytes16(BoxKey);
        w.U8((byte)Role);
        w.U8((byte)Group);
        w.U64(NextSequence);
        w.Hash(RegisteredBy);
        w.U32(RegisteredLedger);
    }
}

/// <summary>One record version as the ledger holds it (seed 3.3.2-3.3.4): never its content, only its hash, date,
/// version links and the viewers' sealed pointers and keys.</summary>
/// <param name="Id">The record id (<see cref="RecordIds.For"/>).</param>
/// <param name="Owner">The owning account.</param>
/// <param name="Version">Version number, 1 for the first.</param>
/// <param name="DataHash">SHA-256 of the plaintext.</param>
/// <param name="DateMs">The owner's stated date.</param>
/// <param name="Viewers">Current grants, sorted by viewer id.</param>
/// <param name="Previous">The previous version's id, or zero.</param>
/// <param name="Next">The next version's id, or zero while this is the latest.</param>
/// <param name="NextHash">The next version's data hash, or zero.</param>
/// <param name="RegisteredLedger">The ledger sequence that registered this version.</param>
/// <param name="RegisteredCloseTimeMs">That ledger's close time: the date the network attests.</param>
/// <param name="RegistrationTx">The id of the registering transaction.</param>
public sealed record RecordEntry(Hash256 Id, Hash256 Owner, uint Version, Hash256 DataHash, long DateMs, ViewerGrant[] Viewers,
    Hash256 Previous, Hash256 Next, Hash256 NextHash, uint RegisteredLedger, long RegisteredCloseTimeMs, Hash256 RegistrationTx) : IStateEntry
{
    /// <inheritdoc />
    public Hash256 Key => Id;

    /// <summary>True while no newer version exists.</summary>
    public bool IsLatest => Next.IsZero;

    /// <summary>The viewer's grant, or null.</summary>
    public ViewerGrant? GrantFor(Hash256 viewer)
    {
        int i = IndexOf(viewer);
        return i >= 0 ? Viewers[i] : null;
    }

    internal int IndexOf(Hash256 viewer)
    {
        int lo = 0, hi = Viewers.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = Viewers[mid].Viewer.CompareTo(viewer);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }

    /// <inheritdoc />
    public void Write(CanonicalWriter w)
    {
        w.U8(2); // entry type: record
        w.Hash(Id);
        w.Hash(Owner);
        w.U32(Version);
        w.Hash(DataHash);
        w.I64(DateMs);
        ViewerList.Write(w, Viewers);
        w.Hash(Previous);
        w.Hash(Next);
        w.Hash(NextHash);
        w.U32(RegisteredLedger);
        w.I64(RegisteredCloseTimeMs);
        w.Hash(RegistrationTx);
    }
}

/// <summary>A notarized document hash.</summary>
/// <param name="Key">SHA-256("HLNOT1" ‖ account ‖ document hash): see <see cref="NotaryKeys.For"/>.</param>
/// <param name="Account">Who notarized it.</param>
/// <param name="DocumentHash">The document's SHA-256.</param>
/// <param name="Memo">The notarizer's memo.</param>
/// <param name="Ledger">The ledger sequence that recorded it.</param>
/// <param name="CloseTimeMs">That ledger's close time.</param>
/// <param name="Transaction">The notarizing transaction's id.</param>
public sealed record NotaryEntry(Hash256 Key, Hash256 Account, Hash256 DocumentHash, byte[] Memo, uint Ledger, long CloseTimeMs, Hash256 Transaction) : IStateEntry
{
    /// <inheritdoc />
    public void Write(CanonicalWriter w)
    {
        w.U8(3); // entry type: notarization
        w.Hash(Key);
        w.Hash(Account);
        w.Hash(DocumentHash);
        w.Bytes16(Memo);
        w.U32(Ledger);
        w.I64(CloseTimeMs);
        w.Hash(Transaction);
    }
}

/// <summary>How notarization keys are derived: one entry per (account, document), so nobody can squat another
/// account's notarization.</summary>
public static class NotaryKeys
{
    /// <summary>SHA-256("HLNOT1" ‖ account ‖ document hash).</summary>
    public static Hash256 For(Hash256 account, Hash256 documentHash)
    {
        Span<byte> buffer = stackalloc byte[6 + 2 * Hash256.Size];
        "HLNOT1"u8.CopyTo(buffer);
        account.CopyTo(buffer[6..]);
        documentHash.CopyTo(buffer[(6 + Hash256.Size)..]);
        return Hash256.Compute(buffer);
    }
}
