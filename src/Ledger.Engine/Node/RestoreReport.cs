namespace HealthLedger.Engine.Node;

/// <summary>How a node core restored itself when it was built.</summary>
/// <param name="SnapshotSequence">The ledger of the state snapshot it started from; null when it started from the
/// genesis ledger.</param>
/// <param name="SnapshotRejected">Why the snapshot it was given was not used; null when it was used or none was given.</param>
/// <param name="LedgersReplayed">Stored ledgers replayed on top of the starting ledger.</param>
/// <param name="TransactionsReplayed">Transactions those ledgers applied.</param>
public sealed record RestoreReport(uint? SnapshotSequence, string? SnapshotRejected, uint LedgersReplayed, long TransactionsReplayed);
