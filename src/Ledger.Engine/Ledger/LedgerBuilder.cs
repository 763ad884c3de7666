using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Engine.Merkle;

namespace HealthLedger.Engine.Ledger;

/// <summary>
/// Builds the next ledger on a parent: applies transactions one at a time through the state transition function
/// (<see cref="Apply"/>), then closes. Pure and deterministic: no clock (the close time is an input), no randomness,
/// no I/O, no dependence on hash-set order. A rejected transaction changes nothing.
/// </summary>
public sealed partial class LedgerBuilder
{
    private readonly ClosedLedger _parent;
    private readonly ISignatureVerifier _verifier;
    private readonly StateTrie.Builder _accounts;
    private readonly StateTrie.Builder _records;
    private readonly StateTrie.Builder _notarizations;
    private readonly List<Transaction> _applied = [];

    /// <summary>Starts ledger <c>parent.Sequence + 1</c>. The close time is clamped to at least one millisecond after
    /// the parent's, so close times strictly increase (as in the XRP Ledger).</summary>
    public LedgerBuilder(ClosedLedger parent, long closeTimeMs, ISignatureVerifier verifier)
    {
        _parent = parent;
        _verifier = verifier;
        Sequence = parent.Sequence + 1;
        CloseTimeMs = Math.Max(closeTimeMs, parent.CloseTimeMs + 1);
        _accounts = parent.State.Accounts.ToBuilder();
        _records = parent.State.Records.ToBuilder();
        _notarizations = parent.State.Notarizations.ToBuilder();
    }

    /// <summary>The sequence of the ledger being built.</summary>
    public uint Sequence { get; }

    /// <summary>Its close time.</summary>
    public long CloseTimeMs { get; }

    /// <summary>Transactions applied so far.</summary>
    public IReadOnlyList<Transaction> Applied => _applied;

    /// <summary>Applies <paramref name="tx"/> or rejects it with a reason; a rejection leaves the state unchanged.</summary>
    public TxResult Apply(Transaction tx)
    {
        var result = Check(tx, out var sender);
        if (result != TxResult.Applied) return result;
        result = ApplyPayload(tx, sender!);
        if (result != TxResult.Applied) return result;
        _applied.Add(tx);
        return TxResult.Applied;
    }

    /// <summary>Closes the ledger: the header commits to the applied transactions and the new state.</summary>
    public ClosedLedger Close()
    {
        var state = new LedgerState(_accounts.ToImmutable(), _records.ToImmutable(), _notarizations.ToImmutable());
        var ids = new Hash256[_applied.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = _applied[i].Id;
        var header = new LedgerHeader(Sequence, _parent.Hash, CloseTimeMs, MerkleTree.Root(ids), state.Root, (uint)ids.Length);
        return new ClosedLedger(header, _applied.ToArray(), state);
    }

    /// <summary>
    /// Builds a ledger from a transaction set, as consensus does once the set is agreed: sorts the set into canonical
    /// order (sender, then sequence, then id), applies it, and retries transactions rejected for a retryable reason
    /// (for example a sequence gap filled later in the set) in further passes while any pass makes progress.
    /// </summary>
    public static BuildResult Build(ClosedLedger parent, IEnumerable<Transaction> set, long closeTimeMs, ISignatureVerifier verifier)
    {
        var builder = new LedgerBuilder(parent, closeTimeMs, verifier);
        var pending = CanonicalOrder(set);
        var rejected = new List<Rejection>();
        while (pending.Count > 0)
        {
            var retry = new List<Transaction>();
            var retryResults = new List<TxResult>();
            foreach (var tx in pending)
            {
                var result = builder.Apply(tx);
                if (result == TxResult.Applied) continue;
                if (result.IsRetryable())
                {
                    retry.Add(tx);
                    retryResults.Add(result);
                }
                else
                {
                    rejected.Add(new Rejection(tx, result));
                }
            }
            if (retry.Count == pending.Count)
            {
                for (int i = 0; i < retry.Count; i++) rejected.Add(new Rejection(retry[i], retryResults[i]));
                break;
            }
            pending = retry;
        }
        return new BuildResult(builder.Close(), rejected);
    }

    /// <summary>The canonical apply order of a set: by sender, then sequence, then id; duplicates removed.</summary>
    public static List<Transaction> CanonicalOrder(IEnumerable<Transaction> set)
    {
        var items = set as Transaction[] ?? set.ToArray();
        var keys = new OrderKey[items.Length];
        for (int i = 0; i < items.Length; i++) keys[i] = new OrderKey(items[i], i);
        // A struct key with its own comparison: the sort neither calls a delegate nor chases object pointers.
        Array.Sort(keys);
        var list = new List<Transaction>(items.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            // Equal ids sort next to each other (same id, same sender and sequence): keep one.
            if (i > 0 && keys[i].Id == keys[i - 1].Id) continue;
            list.Add(items[keys[i].Index]);
        }
        return list;
    }

    private readonly struct OrderKey(Transaction tx, int index) : IComparable<OrderKey>
    {
        public readonly Hash256 Sender = tx.Sender;
        public readonly ulong Sequence = tx.Sequence;
        public readonly Hash256 Id = tx.Id;
        public readonly int Index = index;

        public int CompareTo(OrderKey other)
        {
            int c = Sender.CompareTo(other.Sender);
            if (c != 0) return c;
            c = Sequence.CompareTo(other.Sequence);
            return c != 0 ? c : Id.CompareTo(other.Id);
        }
    }
}

/// <summary>A transaction that did not apply, and why.</summary>
/// <param name="Transaction">The transaction.</param>
/// <param name="Result">The rejection reason.</param>
public readonly record struct Rejection(Transaction Transaction, TxResult Result);

/// <summary>A built ledger and the transactions of the set that did not apply.</summary>
/// <param name="Ledger">The new ledger.</param>
/// <param name="Rejected">The rejected transactions with reasons, in the order they were given up on.</param>
public sealed record BuildResult(ClosedLedger Ledger, IReadOnlyList<Rejection> Rejected);
