using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Engine.Merkle;

namespace HealthLedger.Engine.Ledger;

/// <summary>
/// A closed ledger: its header, the transactions it applied (in apply order) and the state after them. Immutable.
/// Only transactions that applied are included, so inclusion in a ledger means the transaction took effect.
/// </summary>
public sealed class ClosedLedger
{
    private Hash256[]? _txIds;

    internal ClosedLedger(LedgerHeader header, IReadOnlyList<Transaction> transactions, LedgerState state)
    {
        Debug.Assert(header.TxCount == transactions.Count, "The header counts the transactions it commits to.");
        Header = header;
        Transactions = transactions;
        State = state;
    }

    /// <summary>The header.</summary>
    public LedgerHeader Header { get; }

    /// <summary>The header's hash: the ledger's identity.</summary>
    public Hash256 Hash => Header.Hash;

    /// <summary>The sequence number.</summary>
    public uint Sequence => Header.Sequence;

    /// <summary>The close time (ms since the Unix epoch).</summary>
    public long CloseTimeMs => Header.CloseTimeMs;

    /// <summary>The applied transactions, in apply order.</summary>
    public IReadOnlyList<Transaction> Transactions { get; }

    /// <summary>The state after this ledger.</summary>
    public LedgerState State { get; }

    /// <summary>The transaction ids in apply order: the leaves of the transaction Merkle tree.</summary>
    public ReadOnlySpan<Hash256> TransactionIds => _txIds ??= Transactions.Select(t => t.Id).ToArray();

    /// <summary>The index of a transaction in this ledger, or -1.</summary>
    public int IndexOf(Hash256 txId) => TransactionIds.IndexOf(txId);

    /// <summary>The Merkle inclusion proof of the transaction at <paramref name="index"/> against <see cref="LedgerHeader.TxRoot"/>.</summary>
    public Hash256[] ProveTransaction(int index) => MerkleTree.Prove(TransactionIds, index);

    /// <summary>The genesis ledger (sequence 0, no transactions) holding the configured accounts.</summary>
    public static ClosedLedger Genesis(GenesisConfig config)
    {
        var accounts = StateTrie.Empty.ToBuilder();
        foreach (var a in config.Accounts)
        {
            if (accounts.TryGet(a.Key.Id, out _)) ThrowHelper.Argument(nameof(config), $"Genesis lists key {a.Key.Id.ToShortString()} twice.");
            accounts.Set(new AccountEntry(a.Key.Id, a.Key, a.BoxScheme, a.BoxKey, a.Role, a.Group, 0, Hash256.Zero, 0));
        }
        var state = new LedgerState(accounts.ToImmutable(), StateTrie.Empty, StateTrie.Empty);
        var header = new LedgerHeader(0, Hash256.Zero, config.CloseTimeMs, MerkleTree.EmptyRoot, state.Root, 0);
        return new ClosedLedger(header, [], state);
    }

    /// <inheritdoc />
    public override string ToString() => $"ledger {Sequence} {Hash.ToShortString()} ({Transactions.Count} txs)";
}

/// <summary>An account present from the genesis ledger (registrars, validators, founding participants).</summary>
/// <param name="Key">Signature key; the account id is its <see cref="PublicKey.Id"/>.</param>
/// <param name="BoxScheme">Key-wrapping scheme.</param>
/// <param name="BoxKey">Key-wrapping public key.</param>
/// <param name="Role">Role.</param>
/// <param name="Group">Validator group label.</param>
public sealed record GenesisAccount(PublicKey Key, BoxScheme BoxScheme, byte[] BoxKey, Role Role, ValidatorGroup Group);

/// <summary>What the genesis ledger holds.</summary>
/// <param name="CloseTimeMs">Genesis close time (ms since the Unix epoch).</param>
/// <param name="Accounts">The founding accounts.</param>
public sealed record GenesisConfig(long CloseTimeMs, IReadOnlyList<GenesisAccount> Accounts);
