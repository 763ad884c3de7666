using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Ledger.State;

/// <summary>
/// The ledger state after some ledger: accounts, record versions and notarizations, each in its own
/// <see cref="StateTrie"/> so their key spaces cannot collide. Immutable.
/// state root = SHA-256(0x02 ‖ accounts root ‖ records root ‖ notarizations root).
/// </summary>
public sealed class LedgerState
{
    /// <summary>The empty state.</summary>
    public static readonly LedgerState Empty = new(StateTrie.Empty, StateTrie.Empty, StateTrie.Empty);

    private Hash256? _root;

    /// <summary>Assembles a state from its three tries.</summary>
    public LedgerState(StateTrie accounts, StateTrie records, StateTrie notarizations)
    {
        Accounts = accounts;
        Records = records;
        Notarizations = notarizations;
    }

    /// <summary>Accounts by account id.</summary>
    public StateTrie Accounts { get; }

    /// <summary>Record versions by record id.</summary>
    public StateTrie Records { get; }

    /// <summary>Notarizations by <see cref="NotaryKeys.For"/>.</summary>
    public StateTrie Notarizations { get; }

    /// <summary>Entries held: accounts, record versions and notarizations.</summary>
    public int Count => Accounts.Count + Records.Count + Notarizations.Count;

    /// <summary>The entries of this state that <paramref name="older"/> (an earlier version of it) does not hold as they
    /// are here (<see cref="StateTrie.ChangedSince"/>), accounts first, then record versions, then notarizations.</summary>
    public List<IStateEntry> ChangedSince(LedgerState older)
    {
        ArgumentNullException.ThrowIfNull(older);
        var changed = Accounts.ChangedSince(older.Accounts);
        changed.AddRange(Records.ChangedSince(older.Records));
        changed.AddRange(Notarizations.ChangedSince(older.Notarizations));
        return changed;
    }

    /// <summary>This state with <paramref name="entries"/> set, each in its own trie (replacing any entry under its key).</summary>
    public LedgerState With(IEnumerable<IStateEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        StateTrie.Builder[] tries = [Accounts.ToBuilder(), Records.ToBuilder(), Notarizations.ToBuilder()];
        foreach (var entry in entries) tries[TrieIndex(entry)].Set(entry);
        return new LedgerState(tries[0].ToImmutable(), tries[1].ToImmutable(), tries[2].ToImmutable());
    }

    /// <summary>Which trie holds <paramref name="entry"/>: 0 accounts, 1 record versions, 2 notarizations.</summary>
    internal static int TrieIndex(IStateEntry entry) => entry switch { AccountEntry => 0, RecordEntry => 1, _ => 2 };

    /// <summary>The state root a ledger header commits to.</summary>
    public Hash256 Root => _root ??= CombineRoots(Accounts.RootHash, Records.RootHash, Notarizations.RootHash);

    /// <summary>SHA-256(0x02 ‖ accounts ‖ records ‖ notarizations).</summary>
    public static Hash256 CombineRoots(Hash256 accounts, Hash256 records, Hash256 notarizations)
    {
        Span<byte> buffer = stackalloc byte[1 + 3 * Hash256.Size];
        buffer[0] = 0x02;
        accounts.CopyTo(buffer[1..]);
        records.CopyTo(buffer[(1 + Hash256.Size)..]);
        notarizations.CopyTo(buffer[(1 + 2 * Hash256.Size)..]);
        return Hash256.Compute(buffer);
    }

    /// <summary>The account, or null.</summary>
    public AccountEntry? GetAccount(Hash256 id) => Accounts.TryGet(id, out var e) ? (AccountEntry)e! : null;

    /// <summary>The record version, or null.</summary>
    public RecordEntry? GetRecord(Hash256 id) => Records.TryGet(id, out var e) ? (RecordEntry)e! : null;

    /// <summary>The notarization of <paramref name="documentHash"/> by <paramref name="account"/>, or null.</summary>
    public NotaryEntry? GetNotarization(Hash256 account, Hash256 documentHash) =>
        Notarizations.TryGet(NotaryKeys.For(account, documentHash), out var e) ? (NotaryEntry)e! : null;

    /// <summary>Follows next-version links from <paramref name="id"/> to the latest version (seed 3.3.3).</summary>
    public RecordEntry? GetLatestVersion(Hash256 id)
    {
        var record = GetRecord(id);
        while (record is { IsLatest: false }) record = GetRecord(record.Next);
        return record;
    }
}
