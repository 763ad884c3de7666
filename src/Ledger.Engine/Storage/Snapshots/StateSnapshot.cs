using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;

namespace HealthLedger.Engine.Storage.Snapshots;

/// <summary>
/// The state after one fully validated ledger, with that ledger's header, as a node writes it beside its block log
/// (<see cref="StateSnapshotFile"/>). A node restarting from it replays only the stored ledgers after it, so its
/// restart costs what its state holds, not what its history does. It is trusted only as far as it checks out: the
/// state's root must be the header's, and the block log must hold a ledger of that hash at that sequence.
/// </summary>
/// <param name="Network">The network's id (its genesis ledger's hash).</param>
/// <param name="Header">The ledger's header.</param>
/// <param name="State">The state after the ledger.</param>
public sealed record StateSnapshot(Hash256 Network, LedgerHeader Header, LedgerState State)
{
    /// <summary>The ledger's sequence.</summary>
    public uint Sequence => Header.Sequence;

    /// <summary>State entries held (accounts, record versions and notarizations).</summary>
    public int Entries => State.Count;
}
