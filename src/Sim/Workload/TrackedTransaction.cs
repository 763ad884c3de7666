using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Sim.Workload;

/// <summary>
/// One planned operation's transaction, followed from its planned send time to its outcome. Both hosts of the
/// workload — the simulator and the loopback cluster — track transactions with it and report them as
/// <see cref="TxRecord"/> rows.
/// </summary>
public sealed class TrackedTransaction
{
    private PlannedTransaction? _planned;
    private Transaction? _tx;

    /// <summary>Tracks a signed transaction.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="plannedUs">When the workload planned it: the latency clock starts here.</param>
    /// <param name="node">The node it is sent to first.</param>
    public TrackedTransaction(Transaction tx, long plannedUs, int node)
    {
        _tx = tx;
        PlannedUs = plannedUs;
        Node = node;
    }

    /// <summary>Tracks a planned transaction whose signature may still be in the making (see
    /// <see cref="PlannedTransaction"/>): <see cref="Tx"/> waits for it.</summary>
    public TrackedTransaction(PlannedTransaction planned, long plannedUs, int node)
    {
        _planned = planned;
        PlannedUs = plannedUs;
        Node = node;
    }

    private (Hash256 Id, TxKind Kind)? _released;

    /// <summary>The transaction; not available after <see cref="ReleaseBody"/>.</summary>
    public Transaction Tx => _tx ??= _released is null ? _planned!.Transaction
        : throw new InvalidOperationException("The transaction's body was released once its outcome was known.");

    /// <summary>The transaction's id (kept after <see cref="ReleaseBody"/>).</summary>
    public Hash256 Id => _released?.Id ?? Tx.Id;

    /// <summary>The transaction's kind (kept after <see cref="ReleaseBody"/>).</summary>
    public TxKind Kind => _released?.Kind ?? Tx.Kind;

    /// <summary>Keeps only the id and kind, for a host that needs nothing else once the outcome is known: a loopback
    /// run's client holds every transaction it planned until the end, and the bodies (their viewers' sealed keys and
    /// pointers) were most of the load generator's live heap, which every full collection marks.</summary>
    public void ReleaseBody()
    {
        if (_released is not null) return;
        var tx = Tx;
        _released = (tx.Id, tx.Kind);
        _tx = null;
        _planned = null;
    }

    /// <summary>Keeps <paramref name="applied"/>, the copy a ledger holds of this transaction (the same id, so the same
    /// bytes), in place of the client's own: a run then holds one decoded copy of each validated transaction, the
    /// chain's, rather than that and the one the client signed.</summary>
    public void KeepLedgerCopy(Transaction applied)
    {
        if (applied.Id != Tx.Id) throw new ArgumentException("not a copy of this transaction", nameof(applied));
        _tx = applied;
        _planned = null;
    }

    /// <summary>When the workload planned it, µs.</summary>
    public long PlannedUs { get; }

    /// <summary>The node it was (last) submitted to.</summary>
    public int Node { get; set; }

    /// <summary>When a node first received it; -1 before.</summary>
    public long SubmittedUs { get; set; } = -1;

    /// <summary>When it was validated or rejected; -1 while pending.</summary>
    public long DoneUs { get; set; } = -1;

    /// <summary>What happened.</summary>
    public TxOutcome Outcome { get; set; } = TxOutcome.Pending;

    /// <summary>The rejection reason.</summary>
    public string Reason { get; set; } = "";

    /// <summary>The ledger that applied it; 0 if none.</summary>
    public uint Ledger { get; set; }

    /// <summary>Submissions so far (a host may resubmit after a node went away).</summary>
    public int Attempts { get; set; }

    /// <summary>The latency.csv row.</summary>
    public TxRecord ToRecord() => new(Id.ToString(), Kind.ToString(), PlannedUs, SubmittedUs, DoneUs, Outcome, Reason, Ledger, Node);

    /// <summary>The row of an operation that was never submitted because every suitable actor stayed busy.</summary>
    public static TxRecord NeverSubmitted(long plannedUs, OperationKind kind, int node) =>
        new("", kind.ToString(), plannedUs, -1, -1, TxOutcome.Pending, "never submitted: its actors stayed busy", 0, node);
}
