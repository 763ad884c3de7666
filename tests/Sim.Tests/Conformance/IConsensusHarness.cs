using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Sim.Tests.Conformance;

/// <summary>The cluster a conformance test asks for: validators in three groups (generators take the remainder, as
/// the simulator and the loopback cluster split them: 4 → 2/1/1, 7 → 3/2/2), a quorum policy and group weights.</summary>
public sealed record ClusterShape(int Validators, string Quorum = "flat(0.8)", string Weights = "1:1:1", long CloseIntervalMs = 300)
{
    /// <summary>Validators per group.</summary>
    public (int G, int R, int M) Split => (Validators - 2 * (Validators / 3), Validators / 3, Validators / 3);

    /// <summary>Genesis accounts the tests sign with (label-derived <c>provider-i</c>, as in the simulator's population).</summary>
    public const int Accounts = 12;
}

/// <summary>One ledger as a node stores it.</summary>
public sealed record LedgerView(uint Sequence, Hash256 Hash, IReadOnlyList<Hash256> TransactionIds);

/// <summary>What became of one submission, as the node that took it answered.</summary>
public enum SubmissionState
{
    /// <summary>No answer yet.</summary>
    Pending,

    /// <summary>In a fully validated ledger.</summary>
    Validated,

    /// <summary>Refused (the reason says why).</summary>
    Rejected,
}

/// <summary>One submission of a transaction to a node. Updated by the harness (from its own thread for TCP).</summary>
public sealed class Submission(Transaction tx)
{
    private readonly Lock _lock = new();
    private SubmissionState _state;
    private uint _ledger;
    private string _reason = "";
    private TxResult? _result;

    public Transaction Tx { get; } = tx;

    public SubmissionState State { get { lock (_lock) return _state; } }

    /// <summary>The ledger that holds it, once validated.</summary>
    public uint Ledger { get { lock (_lock) return _ledger; } }

    /// <summary>The rule that refused it, when a rule did.</summary>
    public TxResult? Result { get { lock (_lock) return _result; } }

    public string Reason { get { lock (_lock) return _reason; } }

    public bool IsValidated => State == SubmissionState.Validated;

    public bool IsRejected => State == SubmissionState.Rejected;

    public bool IsDone => State != SubmissionState.Pending;

    internal void Validated(uint ledger)
    {
        lock (_lock) (_state, _ledger) = (SubmissionState.Validated, ledger);
    }

    internal void Rejected(TxResult? result, string reason)
    {
        lock (_lock) (_state, _result, _reason) = (SubmissionState.Rejected, result, reason);
    }

    public override string ToString() => $"{Tx.Id.ToShortString()} seq {Tx.Sequence}: {State} {(State == SubmissionState.Validated ? $"in ledger {Ledger}" : Reason)}";
}

/// <summary>
/// A cluster of validators the conformance suite drives, whatever carries their messages: the deterministic simulator
/// (virtual time) or real TCP over 127.0.0.1 (real time). Node indexes follow the validator order generators,
/// receivers, monitors. Every method is called from the test's thread.
/// </summary>
public interface IConsensusHarness : IAsyncDisposable
{
    /// <summary>"simulated" or "loopback-tcp" (in failure messages).</summary>
    string Backend { get; }

    /// <summary>Validators.</summary>
    int Count { get; }

    /// <summary>True when <see cref="PartitionAsync"/> works on this backend.</summary>
    bool CanPartition { get; }

    /// <summary>Genesis accounts the test may sign with (each tracks its next sequence number).</summary>
    IReadOnlyList<TestAccount> Accounts { get; }

    /// <summary>Starts every validator and waits until they are connected.</summary>
    Task StartAsync();

    /// <summary>Sends <paramref name="tx"/> to node <paramref name="node"/> (or the next one up, when it is down);
    /// returns at once, the submission is updated when the node answers.</summary>
    Submission Submit(int node, Transaction tx);

    /// <summary>Lets the cluster run until <paramref name="condition"/> holds or <paramref name="deadline"/> passes
    /// (virtual time for the simulator, real time for TCP); returns whether the condition holds.</summary>
    Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan deadline);

    /// <summary>Stops node <paramref name="node"/> abruptly; its data directory (block store, signing watermark) stays.</summary>
    Task CrashAsync(int node);

    /// <summary>Starts a crashed node again from its data directory.</summary>
    Task RestartAsync(int node);

    /// <summary>Cuts the nodes in <paramref name="side"/> off from the others until <see cref="HealAsync"/>.</summary>
    Task PartitionAsync(IReadOnlyList<int> side);

    /// <summary>Ends the partition.</summary>
    Task HealAsync();

    /// <summary>False while the node is crashed.</summary>
    bool IsUp(int node);

    /// <summary>Every ledger the node reported fully validated, by sequence, across its restarts (a copy).</summary>
    IReadOnlyDictionary<uint, Hash256> Reported(int node);

    /// <summary>Problems the harness saw while recording reports: a node that reported two different ledgers at one
    /// sequence (across restarts too).</summary>
    IReadOnlyList<string> ReportConflicts { get; }

    /// <summary>The ledgers node <paramref name="node"/> holds in its block store (it must be up).</summary>
    Task<IReadOnlyList<LedgerView>> StoredLedgersAsync(int node);

    /// <summary>How many ledgers node <paramref name="node"/> fetched from peers since it (re)started.</summary>
    Task<long> LedgersFetchedAsync(int node);
}

/// <summary>A genesis account (label <c>provider-i</c>) signing transactions with consecutive sequence numbers.</summary>
public sealed class TestAccount(string label)
{
    public SigningKey Key { get; } = SigningKey.FromLabel(SignatureSchemes.Ed25519, label);

    public Hash256 Id => Key.Public.Id;

    public ulong NextSequence { get; private set; }

    /// <summary>A valid notarization with the next sequence number.</summary>
    public Transaction Notarize(int n) =>
        Transaction.Create(Key, Id, NextSequence++, new Notarize(Hash256.Compute(BitConverter.GetBytes(n)), [(byte)n]));

    /// <summary>Another transaction with a sequence number already used (<paramref name="usedSequence"/>): a replay
    /// of the sender's slot with a different body.</summary>
    public Transaction Reuse(ulong usedSequence, int n) =>
        Transaction.Create(Key, Id, usedSequence, new Notarize(Hash256.Compute(BitConverter.GetBytes(n + 1_000_000)), [1]));

    /// <summary>Claims to come from this account but is signed by <paramref name="impostor"/>.</summary>
    public Transaction Forged(int n, SigningKey impostor) =>
        Transaction.Create(impostor, Id, NextSequence, new Notarize(Hash256.Compute(BitConverter.GetBytes(-n)), [2]));
}
