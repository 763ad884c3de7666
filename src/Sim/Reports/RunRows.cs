using CsvHelper;

namespace HealthLedger.Sim.Reports;

/// <summary>latency.csv: one row per planned operation.</summary>
[CsvRecord]
public sealed partial record LatencyRow(string TxId, string Kind, long PlannedUs, long SubmittedUs, long DoneUs, long LatencyUs, string Outcome, string Reason, uint Ledger, int Node);

/// <summary>ledgers.csv: one row per validated ledger.</summary>
[CsvRecord]
public sealed partial record LedgerRow(uint Sequence, string Hash, long CloseTimeMs, int TxCount, long FirstValidatedUs, int NodesValidated);

/// <summary>nodes.csv: one row per validator.</summary>
[CsvRecord]
public sealed partial record NodeRow(int Node, string Group, long CpuUs, long MessagesSent, long BytesSent, long MessagesReceived, long BytesReceived, long StorageBytes, uint ValidatedSequence, long Dropped, int Crashes, string Byzantine);

/// <summary>invariants.csv: one row per invariant.</summary>
[CsvRecord]
public sealed partial record InvariantRow(string Invariant, string Expected, string Actual, bool AsExpected, string Detail);
