using System.Collections.Concurrent;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Node;

/// <summary>
/// Builds the ledger a round accepted: the agreed set applied in canonical order on the last closed ledger, with the
/// agreed close time. The result is a pure function of those three inputs (and of which signatures verify), so a host
/// that runs many nodes in one process may build each distinct ledger once and hand every node the same immutable
/// result, exactly as it checks each distinct signature once (<see cref="CachingTransactionVerifier"/>).
/// </summary>
public interface ILedgerBuilds
{
    /// <summary>The ledger <paramref name="set"/> makes on <paramref name="parent"/> at <paramref name="closeTimeMs"/>.</summary>
    BuildResult Build(ClosedLedger parent, TxSet set, long closeTimeMs, ISignatureVerifier verifier);
}

/// <summary>Every node builds its own ledger (the default, and what a node on its own machine does).</summary>
public sealed class DirectLedgerBuilds : ILedgerBuilds
{
    /// <summary>The one instance.</summary>
    public static DirectLedgerBuilds Instance { get; } = new();

    private DirectLedgerBuilds()
    {
    }

    /// <inheritdoc />
    public BuildResult Build(ClosedLedger parent, TxSet set, long closeTimeMs, ISignatureVerifier verifier) =>
        LedgerBuilder.Build(parent, set.Transactions, closeTimeMs, verifier);
}

/// <summary>
/// Builds each distinct (parent, set, close time) once per process and shares the result between the nodes of one
/// host. Ledgers, their state and their transactions are immutable, so sharing changes nothing a node decides; it only
/// removes the repeated work (and the repeated copies of the state) of many validators sharing a few cores. Nodes
/// that share it must share one transaction verifier's answers, which the result embodies; a node handed a result
/// another node's request built is still asked every signature question the build asked, in the same order, so its
/// own verifier sees what it would have seen building alone (a cache lookup where the answers are shared, and what a
/// host's per-node accounting of signature checks counts). Thread-safe: nodes racing to the same ledger wait for one
/// build. Bounded: the oldest results are forgotten beyond <see cref="Capacity"/>.
/// </summary>
public sealed class SharedLedgerBuilds(int capacity = 64) : ILedgerBuilds
{
    private readonly ConcurrentDictionary<(Hash256 Parent, Hash256 Set, long CloseTimeMs), Lazy<Built>> _built = new();
    private readonly ConcurrentQueue<(Hash256, Hash256, long)> _order = new();
    private long _builds;
    private long _shared;

    /// <summary>Results kept.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be positive.");

    /// <summary>Ledgers actually built.</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>Builds answered with a result another node's request made.</summary>
    public long Shared => Interlocked.Read(ref _shared);

    /// <inheritdoc />
    public BuildResult Build(ClosedLedger parent, TxSet set, long closeTimeMs, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(set);
        var key = (parent.Hash, set.Hash, closeTimeMs);
        var fresh = new Lazy<Built>(() =>
        {
            Interlocked.Increment(ref _builds);
            var asked = new Recording(verifier);
            return new Built(LedgerBuilder.Build(parent, set.Transactions, closeTimeMs, asked), asked.Asked.ToArray());
        }, LazyThreadSafetyMode.ExecutionAndPublication);
        var entry = _built.GetOrAdd(key, fresh);
        if (ReferenceEquals(entry, fresh))
        {
            _order.Enqueue(key);
            while (_order.Count > Capacity && _order.TryDequeue(out var old)) _built.TryRemove(old, out _);
            return entry.Value.Result;
        }
        Interlocked.Increment(ref _shared);
        var built = entry.Value;
        foreach (var tx in built.Asked) verifier.Verify(tx);
        return built.Result;
    }

    /// <summary>A result and the transactions whose signatures its build asked about, in order.</summary>
    private sealed record Built(BuildResult Result, Transaction[] Asked);

    private sealed class Recording(ISignatureVerifier inner) : ISignatureVerifier
    {
        public List<Transaction> Asked { get; } = [];

        public bool Verify(Transaction transaction)
        {
            Asked.Add(transaction);
            return inner.Verify(transaction);
        }
    }
}
